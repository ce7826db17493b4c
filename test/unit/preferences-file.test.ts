import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/workspace.js';
import { confPreferences, preferencesDir } from '../../electron/core/preferences/store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('preferences file (browser mode and the CLI)', () => {
  it('lives where conf and electron-store keep it', () => {
    const conf = new Conf<Record<string, unknown>>({ projectName: 'ciclo', projectSuffix: '', configName: 'preferences' });
    expect(path.join(preferencesDir(), 'preferences.json')).toBe(conf.path);
  });

  it('reads what conf wrote, keeps only valid values, and writes a file conf reads back', () => {
    const dir = tempDir('ciclo-prefs-');
    dirs.push(dir);
    const conf = new Conf<Record<string, unknown>>({ cwd: dir, configName: 'preferences', projectName: 'ciclo' });
    conf.set('language', 'es');
    conf.set('theme', 'purple'); // hand-edited nonsense is ignored
    const prefs = confPreferences(dir);
    expect(prefs.get()).toMatchObject({ language: 'es', theme: 'system' });
    expect(prefs.set({ theme: 'dark' })).toMatchObject({ language: 'es', theme: 'dark' });
    expect(new Conf<Record<string, unknown>>({ cwd: dir, configName: 'preferences', projectName: 'ciclo' }).store).toMatchObject({ language: 'es', theme: 'dark' });
    expect(fs.readdirSync(dir)).toEqual(['preferences.json']);
  });

  it('starts from the defaults when the file is missing or broken', () => {
    const dir = tempDir('ciclo-prefs-');
    dirs.push(dir);
    expect(confPreferences(dir).get()).toMatchObject({ theme: 'system' });
    fs.writeFileSync(path.join(dir, 'preferences.json'), '{ not json');
    expect(confPreferences(dir).get()).toMatchObject({ theme: 'system' });
  });
});

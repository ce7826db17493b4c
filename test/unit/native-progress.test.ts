import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureNativeBinding, stepOf, terminalProgress } from '../../electron/main/native.js';
import { tempDir } from '../helpers/workspace.js';

describe('first desktop start: building better-sqlite3 for Electron shows progress', () => {
  const dir = tempDir('ciclo-native-progress-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('draws one terminal line with the step, the time so far and the usual duration', () => {
    let t = 0;
    const written: string[] = [];
    const p = terminalProgress('45.5.0', { isTTY: true, write: (s: string) => written.push(s) }, () => t);
    t = 75_000;
    p.step("compiling it against Electron's headers");
    p.end();
    expect(written[0]).toMatch(/^\r.*Electron 45\.5\.0.*usually under 30 s with a prebuilt binary, 2-5 min when compiling\. starting… 0:00\x1b\[K$/);
    expect(written[1]).toMatch(/compiling it against Electron's headers… 1:15\x1b\[K$/);
    expect(written.at(-1)).toBe('\n');
    // Without a terminal: whole lines, no carriage returns.
    const lines: string[] = [];
    terminalProgress('45.5.0', { isTTY: false, write: (s: string) => lines.push(s) }, () => 0).end();
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\r');
  });

  it('names the steps scripts/electron-native.mjs announces', () => {
    expect(stepOf('Downloading a prebuilt better-sqlite3 for Electron 45.5.0 (linux-x64)…')).toBe('downloading a prebuilt binary');
    expect(stepOf('Compiling better-sqlite3 against the Electron 45.5.0 headers (a few minutes)…')).toBe("compiling it against Electron's headers");
    expect(stepOf('Built better-sqlite3 for Electron 45.5.0')).toBeNull();
  });

  it('follows the build script and returns the module it built', async () => {
    const appRoot = path.join(dir, 'app');
    fs.mkdirSync(path.join(appRoot, 'scripts'), { recursive: true });
    fs.writeFileSync(
      path.join(appRoot, 'scripts/electron-native.mjs'),
      `import fs from 'node:fs';\nconsole.log('Downloading a prebuilt better-sqlite3 for Electron 45.5.0 (linux-x64)…');\n` +
        `fs.mkdirSync('native/electron/45.5.0', { recursive: true });\nfs.writeFileSync('native/electron/45.5.0/better_sqlite3.node', 'x');\n`,
    );
    const steps: string[] = [];
    let ended = false;
    const r = await ensureNativeBinding({ appRoot, packaged: false, resourcesPath: '', electronVersion: '45.5.0' }, () => ({
      step: (s) => steps.push(s),
      end: () => (ended = true),
    }));
    expect(r).toEqual({ ok: true, path: path.join(appRoot, 'native/electron/45.5.0/better_sqlite3.node') });
    expect(steps).toEqual(['downloading a prebuilt binary']);
    expect(ended).toBe(true);
  });
});

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/workspace.js';

describe('scripts/electron-native.mjs (better-sqlite3 for Electron)', () => {
  const home = tempDir('ciclo-native-home-');
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  it('without network access it fails with a message saying what to do, and leaves node_modules alone', () => {
    const nodeBuild = path.join(repoRoot, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    const before = fs.statSync(nodeBuild).mtimeMs;
    const version = '45.5.0';
    const target = path.join(repoRoot, 'native/electron', version, 'better_sqlite3.node');
    const existed = fs.existsSync(target) ? fs.statSync(target).mtimeMs : null;
    // Unreachable mirrors stand in for an offline machine, whatever network this one has.
    const r = spawnSync(process.execPath, ['scripts/electron-native.mjs', '--force', '--electron-version', version], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        HOME: home,
        USERPROFILE: home,
        npm_config_cache: path.join(home, 'npm-cache'),
        npm_config_better_sqlite3_binary_host: 'http://127.0.0.1:9',
        CICLO_ELECTRON_HEADERS_URL: 'http://127.0.0.1:9/headers',
      },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Could not build better-sqlite3 for Electron ${version}:`);
    expect(r.stderr).toMatch(/prebuilt binary: .+/);
    expect(r.stderr).toMatch(/build from source: .+/);
    expect(r.stderr).toMatch(/needs internet access once|C\+\+ compiler/);
    expect(fs.statSync(nodeBuild).mtimeMs).toBe(before);
    expect(fs.existsSync(target) ? fs.statSync(target).mtimeMs : null).toBe(existed);
  });

  it('--check says whether the module is there', () => {
    const r = spawnSync(process.execPath, ['scripts/electron-native.mjs', '--check', '--electron-version', '0.0.1'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('native/electron/0.0.1/better_sqlite3.node is missing: run "npm run native:electron"');
  });
});

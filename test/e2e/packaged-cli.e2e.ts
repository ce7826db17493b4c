import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/workspace.js';

// The installed app's `ciclo`: electron-builder copies bin/packaged/ into resources/cli, and the launcher
// runs the built CLI inside app.asar on Electron's Node. Here a folder laid out like the Linux package
// (/opt/Ciclo) stands in for it, with a stand-in "Electron" that runs Node when ELECTRON_RUN_AS_NODE=1.
const root = path.resolve(__dirname, '../..');
const built = path.join(root, 'out/main/cli.js');
const tmp = tempDir('ciclo-packaged-cli-');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32' || !fs.existsSync(built))('the packaged app ships the CLI', () => {
  it('electron-builder copies the launchers and the built CLI', () => {
    const config = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
    expect(config.files).toContain('out/**');
    expect(config.extraResources).toContainEqual({ from: 'bin/packaged', to: 'cli', filter: ['ciclo', 'ciclo.cmd'] });
    expect(config.linux.executableName).toBe('ciclo');
    for (const f of ['ciclo', 'ciclo.cmd']) expect(fs.readFileSync(path.join(root, 'bin/packaged', f), 'utf8')).toContain('app.asar');
  });

  it("runs the built CLI on the app's Node through a symbolic link on PATH", () => {
    const app = path.join(tmp, 'opt', 'Ciclo');
    const resources = path.join(app, 'resources');
    fs.mkdirSync(path.join(resources, 'cli'), { recursive: true });
    fs.mkdirSync(path.join(resources, 'native'));
    fs.writeFileSync(path.join(app, 'ciclo'), `#!/bin/sh\n[ "$ELECTRON_RUN_AS_NODE" = 1 ] || { echo "not run as node" >&2; exit 9; }\nexec "${process.execPath}" "$@"\n`, {
      mode: 0o755,
    });
    fs.copyFileSync(path.join(root, 'bin/packaged/ciclo'), path.join(resources, 'cli', 'ciclo'));
    fs.chmodSync(path.join(resources, 'cli', 'ciclo'), 0o755);
    fs.symlinkSync(root, path.join(resources, 'app.asar'));
    fs.symlinkSync(path.join(root, 'resources'), path.join(resources, 'resources'));
    fs.symlinkSync(path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), path.join(resources, 'native', 'better_sqlite3.node'));
    const bin = path.join(tmp, 'bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(path.join(resources, 'cli', 'ciclo'), path.join(bin, 'ciclo'));

    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, CICLO_CLI: undefined, CICLO_RESOURCES_DIR: undefined };
    const version = spawnSync('ciclo', ['--version'], { env, encoding: 'utf8' });
    expect(version.stderr).toBe('');
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version);

    const sample = spawnSync('ciclo', ['--data-dir', path.join(tmp, 'ws'), 'dataset', 'sample', 'iris', '--json'], { env, encoding: 'utf8' });
    expect(sample.status, sample.stderr).toBe(0);
    expect(JSON.parse(sample.stdout).project.name).toBe('Iris');
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/workspace.js';

/** Whether this machine has a downloaded Electron binary (then we hide it to test the fallback). */
function electronBinaryPresent(): boolean {
  const dir = path.join(repoRoot, 'node_modules/electron');
  const pathFile = path.join(dir, 'path.txt');
  return fs.existsSync(pathFile) && fs.existsSync(path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim()));
}

function waitFor(read: () => string, pattern: RegExp, child: ChildProcess, ms: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const m = read().match(pattern);
      if (m) return resolve(m);
      if (child.exitCode !== null) return reject(new Error(`npm start exited (${child.exitCode}) before printing ${pattern}:\n${read()}`));
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${pattern}:\n${read()}`));
      setTimeout(tick, 100);
    };
    tick();
  });
}

describe('npm start', () => {
  const dir = tempDir('ciclo-start-');
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says why in one line, serves browser mode at the printed URL, and stops cleanly on Ctrl+C', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, CICLO_PREFS_DIR: path.join(dir, 'prefs'), NO_COLOR: '1' };
    delete env.CICLO_HOME;
    if (electronBinaryPresent()) env.ELECTRON_OVERRIDE_DIST_PATH = path.join(dir, 'no-electron'); // as if the download was blocked
    const workspace = path.join(dir, 'workspace');
    child = spawn(process.execPath, ['scripts/start.mjs', '--no-build', '--port', '0', '--data-dir', workspace], { cwd: repoRoot, env });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));

    const [, loginUrl] = await waitFor(() => stdout + stderr, /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/, child, 60_000);
    const fallback = stdout.split('\n').filter((l) => l.includes('starting Ciclo in browser mode instead'));
    expect(fallback).toHaveLength(1);
    expect(fallback[0]).toMatch(/^Electron (is not available|cannot open a window|could not start).*\(.+\): starting Ciclo in browser mode instead\.$/);
    expect(stderr).toBe('');

    // The printed URL logs in (token traded for a cookie) and the API answers for the chosen workspace.
    const login = await fetch(loginUrl, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const page = await fetch(new URL('/', loginUrl), { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const info = await fetch(new URL('/api/system.info', loginUrl), { method: 'POST', body: '{}', headers: { cookie, 'Content-Type': 'application/json' } });
    expect(info.status).toBe(200);
    expect(((await info.json()) as { dataDir: string }).dataDir).toBe(workspace);

    // Ctrl+C: the server stops, npm start exits 0, and the port is closed.
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    await expect(fetch(new URL('/api/system.info', loginUrl), { method: 'POST', body: '{}', headers: { cookie } })).rejects.toThrow();
  });

  /** A stand-in for the Electron binary: a shell script, used through ELECTRON_OVERRIDE_DIST_PATH. */
  function fakeElectron(name: string, script: string): string {
    const bin = path.join(dir, name);
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, 'electron'), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    return bin;
  }

  function start(extraEnv: NodeJS.ProcessEnv, args: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env, CICLO_PREFS_DIR: path.join(dir, 'prefs'), NO_COLOR: '1', DISPLAY: ':99', ...extraEnv };
    delete env.CICLO_HOME;
    const proc = spawn(process.execPath, ['scripts/start.mjs', '--no-build', ...args], { cwd: repoRoot, env });
    const out = { text: '' };
    proc.stdout!.on('data', (d) => (out.text += d));
    proc.stderr!.on('data', (d) => (out.text += d));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    return { proc, out, exited };
  }

  it.skipIf(process.platform === 'win32')('falls back with the reason when Electron fails at once (a missing system library)', async () => {
    const bin = fakeElectron('broken-electron', 'echo "electron: error while loading shared libraries: libnss3.so: cannot open shared object file" >&2; exit 127');
    const { proc, out, exited } = start({ ELECTRON_OVERRIDE_DIST_PATH: bin }, ['--port', '0', '--data-dir', path.join(dir, 'ws2')]);
    try {
      await waitFor(() => out.text, /Open: http:\/\/127\.0\.0\.1:\d+\//, proc, 60_000);
      expect(out.text).toContain(
        'Electron could not start (electron: error while loading shared libraries: libnss3.so: cannot open shared object file): starting Ciclo in browser mode instead.',
      );
    } catch (err) {
      proc.kill('SIGKILL'); // the first failure is the one to report (an assertion in finally would hide it)
      throw err;
    }
    proc.kill('SIGINT');
    expect(await exited, out.text).toBe(0);
  });

  it.skipIf(process.platform === 'win32')('starts Electron on the app with the data folder, and Ctrl+C stops it', async () => {
    const argsFile = path.join(dir, 'electron-args.txt');
    const bin = fakeElectron('working-electron', `echo "$@" > "${argsFile}"; trap 'exit 0' INT; while true; do sleep 0.1; done`);
    const workspace = path.join(dir, 'ws3');
    const { proc, out, exited } = start({ ELECTRON_OVERRIDE_DIST_PATH: bin }, ['--data-dir', workspace]);
    await waitFor(() => (fs.existsSync(argsFile) ? fs.readFileSync(argsFile, 'utf8') : ''), /data-dir/, proc, 30_000);
    expect(fs.readFileSync(argsFile, 'utf8').trim()).toBe(`${repoRoot} --data-dir ${workspace}`);
    proc.kill('SIGINT');
    expect(await exited, out.text).toBe(0);
    expect(out.text).not.toContain('browser mode');
  });
});

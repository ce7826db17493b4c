import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { explainStartFailure } from '../../scripts/electron-failure.mjs';
import { repoRoot, tempDir } from '../helpers/workspace.js';

// What Electron 45 prints on Ubuntu 24.04 after `npm install`, before it dies by SIGTRAP.
const SUID_ERROR =
  "[28411:1201/150102.331948:FATAL:setuid_sandbox_host.cc(163)] The SUID sandbox helper binary was found, but is not configured correctly. Rather than run without sandboxing I'm aborting now. You need to make sure that /home/ana/ciclo/node_modules/electron/dist/chrome-sandbox is owned by root and has mode 4755.";
const USERNS_ERROR =
  '[9127:1201/150311.004512:FATAL:zygote_host_impl_linux.cc(128)] No usable sandbox! If you are running on Ubuntu 23.10+ or another Linux distro that has disabled unprivileged user namespaces with AppArmor, see https://chromium.googlesource.com/chromium/src/+/main/docs/security/apparmor-userns-restrictions.md. Otherwise see https://chromium.googlesource.com/chromium/src/+/main/docs/linux/suid_sandbox_development.md for more information on developing with the (older) SUID sandbox. If you want to live dangerously and need an immediate workaround, you can try using --no-sandbox.';

describe('npm start when Electron dies at start-up (Ubuntu 23.10+/24.04 sandbox)', () => {
  const dir = tempDir('ciclo-start-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names the sandbox problem and both fixes in one line, whatever Chromium printed', () => {
    const suid = explainStartFailure({ stderr: SUID_ERROR, signal: 'SIGTRAP', platform: 'linux', executable: '/x/electron' });
    expect(suid).not.toContain('\n');
    expect(suid).toContain(
      'sudo chown root:root /home/ana/ciclo/node_modules/electron/dist/chrome-sandbox && sudo chmod 4755 /home/ana/ciclo/node_modules/electron/dist/chrome-sandbox',
    );
    expect(suid).toMatch(/AppArmor profile/);
    const userns = explainStartFailure({ stderr: USERNS_ERROR, signal: 'SIGTRAP', platform: 'linux', executable: '/home/ana/ciclo/node_modules/electron/dist/electron' });
    expect(userns).toContain('sudo chmod 4755 /home/ana/ciclo/node_modules/electron/dist/chrome-sandbox');
    // SIGTRAP with nothing collected (stderr lost): still the likely cause, said as such.
    expect(explainStartFailure({ stderr: '', signal: 'SIGTRAP', platform: 'linux', executable: '/o/electron' })).toMatch(/died by SIGTRAP.*\/o\/chrome-sandbox/);
    // Other failures keep their own first error line; other platforms never get Linux advice.
    expect(explainStartFailure({ stderr: 'electron: error while loading shared libraries: libnss3.so: cannot open shared object file', code: 127, platform: 'linux' })).toBe(
      'Electron could not start (electron: error while loading shared libraries: libnss3.so: cannot open shared object file)',
    );
    expect(explainStartFailure({ stderr: 'boom', signal: 'SIGTRAP', platform: 'darwin' })).toBe('Electron could not start (killed by SIGTRAP: boom)');
  });

  it.skipIf(process.platform === 'win32')(
    'a fake Electron that prints the real error and dies by SIGTRAP: one explaining line, then browser mode',
    async () => {
      const dist = path.join(dir, 'dist');
      fs.mkdirSync(dist, { recursive: true });
      const fake = path.join(dist, 'electron');
      fs.writeFileSync(fake, `#!/bin/sh\ncat >&2 <<'TXT'\n${SUID_ERROR}\nTXT\nkill -TRAP $$\n`, { mode: 0o755 });
      const renderer = path.join(dir, 'renderer');
      fs.mkdirSync(renderer, { recursive: true });
      fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Ciclo</title>');
      const child = spawn(process.execPath, ['scripts/start.mjs', '--no-build', '--data-dir', path.join(dir, 'ws'), '--port', '0'], {
        cwd: repoRoot,
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dist, DISPLAY: ':99', CICLO_RENDERER_DIR: renderer, CICLO_PREFS_DIR: path.join(dir, 'prefs') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const exited = new Promise((resolve) => child.on('exit', resolve));
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no browser-mode URL within 60 s; output:\n${out}`)), 60_000);
          child.stdout.on('data', () => {
            if (/Open: http:\/\/127\.0\.0\.1:\d+/.test(out)) {
              clearTimeout(timer);
              resolve();
            }
          });
          child.on('exit', () => reject(new Error(`start.mjs exited; output:\n${out}`)));
        });
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
      const lines = out.split('\n');
      const explained = lines.find((l) => l.includes('could not start its sandbox'));
      expect(explained).toBeDefined();
      expect(explained).toContain('sudo chown root:root /home/ana/ciclo/node_modules/electron/dist/chrome-sandbox && sudo chmod 4755');
      expect(explained).toContain('AppArmor profile');
      expect(explained).toMatch(/: starting Ciclo in browser mode instead\.$/);
      expect(out).not.toContain('killed by SIGTRAP');
    },
    90_000,
  );
});

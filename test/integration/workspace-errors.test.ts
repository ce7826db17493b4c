import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cicloBin, repoRoot, runCli, tempDir, runCliInProcess } from '../helpers/workspace.js';

// Issue 13, defect 4: a workspace folder the user pointed at a bad place is their situation (exit 1,
// naming the folder and the problem), not an internal error.

const isRoot = process.getuid?.() === 0;
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => fs.existsSync(p));
const canDropRoot = !isRoot || Boolean(setpriv);

/** Runs ciclo as an ordinary user (root may write anywhere, so permission cases need one). */
function runAsUser(dataDir: string, args: string[]) {
  const cmd = isRoot ? [setpriv!, '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : [process.execPath];
  const r = spawnSync(cmd[0], [...cmd.slice(1), cicloBin, '--data-dir', dataDir, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, HOME: '/tmp', CICLO_PREFS_DIR: path.join(path.dirname(dataDir), 'prefs'), NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('--data-dir problems', () => {
  it('a file, or a path under a file: exit 1 naming the folder and what is wrong', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'hello');
    const isFile = await runCliInProcess(dir, ['--data-dir', file, 'info', '--json']);
    expect(isFile.code).toBe(1);
    expect(isFile.json.error).toMatchObject({ code: 'invalid_input', details: { dataDir: file, problem: 'is_file' } });
    expect(isFile.stderr).toContain(`The workspace folder ${file} is a file, not a folder`);
    const under = await runCliInProcess(dir, ['--data-dir', path.join(file, 'ws'), 'project', 'list']);
    expect(under.code).toBe(1);
    expect(under.stderr).toContain(`cannot be created: ${file} is a file, not a folder`);
    expect(fs.readFileSync(file, 'utf8')).toBe('hello');
  }, 60_000);

  it.skipIf(!canDropRoot)(
    'an unwritable parent or a read-only workspace: exit 1 naming the folder',
    async () => {
      const dir = tempDir();
      fs.chmodSync(dir, 0o755);
      const locked = path.join(dir, 'locked');
      fs.mkdirSync(locked, { mode: 0o555 });
      fs.chmodSync(locked, 0o555);
      const parent = runAsUser(path.join(locked, 'ws'), ['info']);
      expect(parent.code, parent.stderr).toBe(1);
      expect(parent.stderr).toContain(`cannot be created: you may not write in ${locked}`);

      // a folder on the way that the user may not even enter
      const closed = path.join(dir, 'closed');
      fs.mkdirSync(path.join(closed, 'inner'), { recursive: true, mode: 0o700 });
      fs.chmodSync(closed, 0o700);
      const hidden = runAsUser(path.join(closed, 'inner', 'ws'), ['info']);
      expect(hidden.code, hidden.stderr).toBe(1);
      expect(hidden.stderr).toContain(`The workspace folder ${path.join(closed, 'inner', 'ws')} cannot be reached: you may not open ${closed}.`);
      expect(hidden.stderr).not.toContain('Internal error');

      // a workspace made by someone else, readable but not writable
      const ws = path.join(dir, 'ws');
      expect((await runCliInProcess(dir, ['--data-dir', ws, 'project', 'create', 'p', '--task', 'binary', '--json'])).code).toBe(0);
      for (const f of fs.readdirSync(ws)) fs.chmodSync(path.join(ws, f), 0o755);
      fs.chmodSync(ws, 0o555);
      const ro = runAsUser(ws, ['project', 'list', '--json']);
      expect(ro.code, ro.stderr).toBe(1);
      expect(ro.stderr).toContain(`The workspace folder ${ws} is read-only`);
      expect(ro.stderr).not.toContain('Internal error');
    },
    120_000,
  );
});

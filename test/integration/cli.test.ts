import { describe, expect, it } from 'vitest';
import { runCli, tempDir, runCliInProcess } from '../helpers/workspace.js';

describe('ciclo command line', () => {
  it('creates and lists a project as JSON (the issue example)', async () => {
    const dir = tempDir();
    const created = await runCliInProcess(dir, ['--data-dir', dir, 'project', 'create', 'demo', '--task', 'multiclass', '--criterion', 'accuracy>=0.9', '--json']);
    expect(created.code).toBe(0);
    expect(created.json).toMatchObject({ name: 'demo', taskType: 'multiclass', criteria: [{ metric: 'accuracy', comparator: '>=', threshold: 0.9 }] });
    expect(created.json.id).toMatch(/^prj_/);
    const list = await runCliInProcess(dir, ['--data-dir', dir, 'project', 'list', '--json']);
    expect(list.code).toBe(0);
    expect(list.json.map((p: { id: string }) => p.id)).toEqual([created.json.id]);
    const text = await runCliInProcess(dir, ['project', 'list']);
    expect(text.stdout).toMatch(/NAME\s+TASK/);
    expect(text.stdout).toContain('demo');
  });

  it('a bad criterion exits 1 naming the criterion and why, and stores nothing', async () => {
    const dir = tempDir();
    const r = await runCliInProcess(dir, ['project', 'create', 'demo', '--task', 'multiclass', '--criterion', 'rmse>=2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('rmse >= 2');
    expect(r.stderr).toMatch(/does not apply to a multiclass project/);
    expect((await runCliInProcess(dir, ['project', 'list', '--json'])).json).toEqual([]);
    const unparsable = await runCliInProcess(dir, ['project', 'create', 'demo', '--task', 'binary', '--criterion', 'accuracy is high', '--json']);
    expect(unparsable.code).toBe(1);
    expect(unparsable.json.error.code).toBe('invalid_input');
    expect(unparsable.stderr).toContain('"accuracy is high" is not of the form');
  });

  it('shows, updates and archives by name; not_found exits 1', async () => {
    const dir = tempDir();
    await runCliInProcess(dir, ['project', 'create', 'Churn', '--task', 'binary']);
    const upd = await runCliInProcess(dir, ['project', 'update', 'churn', '--owner', 'Ana', '--criterion', 'f1>=0.8', '--json']);
    expect(upd.code).toBe(0);
    expect(upd.json).toMatchObject({ owner: 'Ana', criteria: [{ metric: 'f1' }] });
    expect((await runCliInProcess(dir, ['project', 'show', 'Churn'])).stdout).toMatch(/owner:\s+Ana/);
    expect((await runCliInProcess(dir, ['project', 'archive', 'Churn'])).code).toBe(0);
    expect((await runCliInProcess(dir, ['project', 'list', '--json'])).json).toEqual([]);
    const missing = await runCliInProcess(dir, ['project', 'show', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No project called "nope"');
    const audit = await runCliInProcess(dir, ['audit', '--json']);
    expect(audit.json.map((e: { action: string }) => e.action)).toEqual(['project.archive', 'project.update', 'project.create']);
  });

  it('documents every command and refuses unknown ones with exit 1', async () => {
    const dir = tempDir();
    const help = await runCliInProcess(dir, ['--help']);
    expect(help.code).toBe(0);
    for (const cmd of ['project', 'ui', 'audit', 'info']) expect(help.stdout).toContain(cmd);
    expect((await runCliInProcess(dir, ['project', 'create', '--help'])).stdout).toContain('--criterion');
    expect((await runCliInProcess(dir, ['frobnicate'])).code).toBe(1);
    expect((await runCliInProcess(dir, ['project', 'create', 'x'])).stderr).toMatch(/--task/);
  });

  it('honours CICLO_HOME and --data-dir (the flag wins)', async () => {
    const home = tempDir();
    const other = tempDir();
    expect((await runCliInProcess(home, ['info', '--json'])).json.dataDir).toBe(home);
    expect((await runCliInProcess(home, ['--data-dir', other, 'info', '--json'])).json.dataDir).toBe(other);
  });
});

// The tests above run the CLI in-process (runCliInProcess, through main(argv)); these run the real `ciclo`
// process, as a user does: its start, help, exit codes and stdout/stderr split.
describe('ciclo as a real process', () => {
  it('prints help with exit 0, refuses an unknown command and a missing project with exit 1', { timeout: 90_000 }, () => {
    const dir = tempDir();
    const help = runCli(dir, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('project');
    expect(runCli(dir, ['frobnicate']).code).toBe(1);
    const missing = runCli(dir, ['project', 'show', 'nope', '--json']);
    expect(missing.code).toBe(1);
    expect(missing.json.error.code).toBe('not_found');
    expect(missing.stderr).toMatch(/^ciclo: /);
  });
});

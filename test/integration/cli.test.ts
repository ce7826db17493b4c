import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/workspace.js';

describe('ciclo command line', () => {
  it('creates and lists a project as JSON (the issue example)', () => {
    const dir = tempDir();
    const created = runCli(dir, ['--data-dir', dir, 'project', 'create', 'demo', '--task', 'multiclass', '--criterion', 'accuracy>=0.9', '--json']);
    expect(created.code).toBe(0);
    expect(created.json).toMatchObject({ name: 'demo', taskType: 'multiclass', criteria: [{ metric: 'accuracy', comparator: '>=', threshold: 0.9 }] });
    expect(created.json.id).toMatch(/^prj_/);
    const list = runCli(dir, ['--data-dir', dir, 'project', 'list', '--json']);
    expect(list.code).toBe(0);
    expect(list.json.map((p: { id: string }) => p.id)).toEqual([created.json.id]);
    const text = runCli(dir, ['project', 'list']);
    expect(text.stdout).toMatch(/NAME\s+TASK/);
    expect(text.stdout).toContain('demo');
  });

  it('a bad criterion exits 1 naming the criterion and why, and stores nothing', () => {
    const dir = tempDir();
    const r = runCli(dir, ['project', 'create', 'demo', '--task', 'multiclass', '--criterion', 'rmse>=2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('rmse >= 2');
    expect(r.stderr).toMatch(/does not apply to a multiclass project/);
    expect(runCli(dir, ['project', 'list', '--json']).json).toEqual([]);
    const unparsable = runCli(dir, ['project', 'create', 'demo', '--task', 'binary', '--criterion', 'accuracy is high', '--json']);
    expect(unparsable.code).toBe(1);
    expect(unparsable.json.error.code).toBe('invalid_input');
    expect(unparsable.stderr).toContain('"accuracy is high" is not of the form');
  });

  it('shows, updates and archives by name; not_found exits 1', () => {
    const dir = tempDir();
    runCli(dir, ['project', 'create', 'Churn', '--task', 'binary']);
    const upd = runCli(dir, ['project', 'update', 'churn', '--owner', 'Ana', '--criterion', 'f1>=0.8', '--json']);
    expect(upd.code).toBe(0);
    expect(upd.json).toMatchObject({ owner: 'Ana', criteria: [{ metric: 'f1' }] });
    expect(runCli(dir, ['project', 'show', 'Churn']).stdout).toMatch(/owner:\s+Ana/);
    expect(runCli(dir, ['project', 'archive', 'Churn']).code).toBe(0);
    expect(runCli(dir, ['project', 'list', '--json']).json).toEqual([]);
    const missing = runCli(dir, ['project', 'show', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No project called "nope"');
    const audit = runCli(dir, ['audit', '--json']);
    expect(audit.json.map((e: { action: string }) => e.action)).toEqual(['project.archive', 'project.update', 'project.create']);
  });

  it('documents every command and refuses unknown ones with exit 1', () => {
    const dir = tempDir();
    const help = runCli(dir, ['--help']);
    expect(help.code).toBe(0);
    for (const cmd of ['project', 'ui', 'audit', 'info']) expect(help.stdout).toContain(cmd);
    expect(runCli(dir, ['project', 'create', '--help']).stdout).toContain('--criterion');
    expect(runCli(dir, ['frobnicate']).code).toBe(1);
    expect(runCli(dir, ['project', 'create', 'x']).stderr).toMatch(/--task/);
  });

  it('honours CICLO_HOME and --data-dir (the flag wins)', () => {
    const home = tempDir();
    const other = tempDir();
    expect(runCli(home, ['info', '--json']).json.dataDir).toBe(home);
    expect(runCli(home, ['--data-dir', other, 'info', '--json']).json.dataDir).toBe(other);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { api } from '../../shared/contract/api.js';
import { AppError } from '../../shared/contract/errors.js';
import type { Services } from '../../electron/core/services.js';
import { testServices } from '../helpers/workspace.js';

const open: Services[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});
function services() {
  const s = testServices();
  open.push(s);
  return s;
}
const ctx = { door: 'test' };

describe('the contract and the router', () => {
  it('every method has input and output schemas and a summary', () => {
    for (const [name, def] of Object.entries(api)) {
      expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      expect(def.input, name).toBeDefined();
      expect(def.output, name).toBeDefined();
      expect(def.summary.length, name).toBeGreaterThan(5);
    }
  });

  it('unknown methods are refused with the contract error shape', async () => {
    const s = services();
    const err: any = await s.call('project.explode', {}, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.toJSON()).toEqual({ code: 'unknown_method', message: 'Unknown method "project.explode".', details: { method: 'project.explode' } });
  });

  it('invalid input names the field and stores nothing', async () => {
    const s = services();
    const err: any = await s.call('project.create', { name: '', taskType: 'clustering' }, ctx).catch((e: unknown) => e);
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/name/);
    expect(err.message).toMatch(/taskType/);
    expect(s.projects.list(true)).toEqual([]);
    expect(s.audit.list({ limit: 10 })).toEqual([]);
  });

  it('a bad criterion is refused with a message naming it, and nothing is stored', async () => {
    const s = services();
    const err: any = await s
      .call('project.create', { name: 'demo', taskType: 'multiclass', criteria: [{ metric: 'rmse', comparator: '>=', threshold: 2 }] }, ctx)
      .catch((e: unknown) => e);
    expect(err.code).toBe('invalid_input');
    expect(err.message).toContain('rmse >= 2');
    expect(err.details.issues[0].key).toBe('criterion.wrong_task');
    expect(s.projects.list(true)).toEqual([]);
  });

  it('projects: create, find by name or id, update, archive; every change audited', async () => {
    const s = services();
    const p = (await s.call('project.create', { name: 'Churn', taskType: 'binary', criteria: [{ metric: 'f1', comparator: '>=', threshold: 0.8 }] }, ctx)) as any;
    expect(p.stage).toBe('designed');
    expect(((await s.call('project.get', { project: 'churn' }, ctx)) as any).id).toBe(p.id);
    const dup: any = await s.call('project.create', { name: 'CHURN', taskType: 'binary' }, ctx).catch((e: unknown) => e);
    expect(dup.details.issues[0].key).toBe('project.name_taken');
    const u = (await s.call('project.update', { project: p.id, owner: 'Ana', criteria: [] }, ctx)) as any;
    expect(u.owner).toBe('Ana');
    expect(u.criteria).toEqual([]);
    expect(u.name).toBe('Churn');
    // Changing the task re-checks the criteria already there.
    await s.call('project.update', { project: p.id, criteria: [{ metric: 'accuracy', comparator: '>=', threshold: 0.9 }] }, ctx);
    const bad: any = await s.call('project.update', { project: p.id, taskType: 'regression' }, ctx).catch((e: unknown) => e);
    expect(bad.details.issues[0].key).toBe('criterion.wrong_task');
    await s.call('project.archive', { project: p.id }, ctx);
    expect(((await s.call('project.list', {}, ctx)) as any[]).length).toBe(0);
    expect(((await s.call('project.list', { includeArchived: true }, ctx)) as any[])[0].archived).toBe(true);
    const actions = s.audit.list({ limit: 10 }).map((e) => e.action);
    expect(actions).toEqual(['project.archive', 'project.update', 'project.update', 'project.create']);
    expect(s.audit.list({ limit: 10, projectId: p.id })).toHaveLength(4);
    const notFound: any = await s.call('project.get', { project: 'nope' }, ctx).catch((e: unknown) => e);
    expect(notFound.code).toBe('not_found');
  });

  it('preferences change only the fields given', async () => {
    const s = services();
    await s.call('prefs.set', { language: 'es' }, ctx);
    const p = (await s.call('prefs.set', { theme: 'dark' }, ctx)) as any;
    expect(p).toMatchObject({ language: 'es', theme: 'dark', trainingBackend: 'auto' });
    const bad: any = await s.call('prefs.set', { theme: 'purple' }, ctx).catch((e: unknown) => e);
    expect(bad.code).toBe('invalid_input');
  });
});

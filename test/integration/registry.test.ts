import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/errors.js';
import { gateRefusalSchema, type ModelDetail, type ModelVersion } from '../../shared/schemas/registry.js';
import type { Run } from '../../shared/schemas/training.js';
import { osUser } from '../../electron/core/audit.js';
import { RegistryService } from '../../electron/core/registry/service.js';
import type { Services } from '../../electron/core/services.js';
import { repoRoot, testServices } from '../helpers/workspace.js';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';

// The registry through services.call, on real runs trained and evaluated by the other phases.
let s: Services;
const call = <T = any>(method: string, input: unknown) => s.call(method, input, { door: 'test' }) as Promise<T>;
const fail = (method: string, input: unknown) =>
  call(method, input).then(
    () => {
      throw new Error(`${method} should have failed`);
    },
    (e: AppError) => e,
  );
let good: Run; // passes accuracy >= 0.9
let bad: Run; // one epoch at a tiny learning rate: fails it
let unevaluated: Run;

// Runs trained here are fixtures, not the subject: they train in this process (the same trainer, messages, store
// writes and events as a forked worker; training.test.ts and training-cli.test.ts test the worker process).
async function train(params: Record<string, unknown>): Promise<Run> {
  const run = await withInProcessTraining(() => call<Run>('train.start', { project: 'flowers', dataset: 'iris', params }));
  return s.training.wait(run.id);
}
async function evaluate(run: Run): Promise<void> {
  const job = await call<any>('eval.start', { run: run.id });
  const done = await s.jobs.wait(job.id);
  expect(done.status).toBe('succeeded');
}

function integrity(): { fk: unknown[]; orphans: number } {
  const fk = s.db.prepare('PRAGMA foreign_key_check').all();
  const q = (sql: string) => (s.db.prepare(sql).get() as { n: number }).n;
  const orphans =
    q('SELECT COUNT(*) AS n FROM model_aliases a LEFT JOIN model_versions v ON v.id = a.version_id AND v.model_id = a.model_id WHERE v.id IS NULL') +
    q('SELECT COUNT(*) AS n FROM model_card_edits c LEFT JOIN model_versions v ON v.id = c.version_id WHERE v.id IS NULL') +
    q('SELECT COUNT(*) AS n FROM model_versions v LEFT JOIN registered_models m ON m.id = v.model_id WHERE m.id IS NULL') +
    q('SELECT COUNT(*) AS n FROM model_versions v LEFT JOIN runs r ON r.id = v.run_id WHERE r.id IS NULL') +
    q('SELECT COUNT(*) AS n FROM model_versions v LEFT JOIN dataset_versions d ON d.id = v.dataset_version_id WHERE d.id IS NULL') +
    q('SELECT COUNT(*) AS n FROM model_events e LEFT JOIN registered_models m ON m.id = e.model_id WHERE m.id IS NULL');
  return { fk, orphans };
}

beforeAll(async () => {
  s = testServices();
  await call('project.create', {
    name: 'flowers',
    taskType: 'multiclass',
    criteria: [{ metric: 'accuracy', comparator: '>=', threshold: 0.9 }],
    intendedUse: 'Teaching botany students to tell iris species apart.',
    owner: 'Ana Ruiz',
  });
  await s.datasets.importFile({ project: 'flowers', path: path.join(repoRoot, 'resources/datasets/iris.csv'), target: 'species' } as never);
  good = await train({ epochs: 30 });
  bad = await train({ epochs: 1, learningRate: 0.00001 });
  unevaluated = await train({ epochs: 1 });
  await evaluate(good);
  await evaluate(bad);
}, 240_000);

afterAll(async () => {
  await s?.close();
});

describe('registration', () => {
  let v1: ModelVersion;
  let v2: ModelVersion;
  beforeAll(async () => {
    v1 = await call('model.register', { run: good.id, name: 'iris-clf', description: 'Thirty epochs of the default MLP.', tags: ['mlp'] });
    v2 = await call('model.register', { run: bad.id, name: 'iris-clf' });
  });

  it('records the source run, data, evaluation, gate and package as versions 1 and 2', () => {
    expect(v1).toMatchObject({
      version: 1,
      ref: 'iris-clf@1',
      runId: good.id,
      datasetVersionId: good.datasetVersionId,
      datasetRef: 'iris@1',
      packageHash: good.packageHash,
      stage: 'none',
      aliases: [],
      tags: ['mlp'],
    });
    expect(v1.gate.status).toBe('passed');
    expect(v1.registeredGatePassed).toBe(true);
    expect(v1.registeredEvaluationId).toBe(v1.gate.evaluationId);
    expect(v2.version).toBe(2);
    expect(v2.gate.status).toBe('failed');
    expect(v2.gate.failed.map((c) => c.metric)).toEqual(['accuracy']);
  });

  it('refuses a run registered twice in the same model, and names the version', async () => {
    const err = await fail('model.register', { run: good.id, name: 'iris-clf' });
    expect(err.code).toBe('conflict');
    expect(err.message).toContain('already registered as iris-clf@1');
  });

  it('lists the runs already registered, with the version each became', async () => {
    const runs = await call('model.registeredRuns', { project: 'flowers' });
    expect(runs).toEqual([
      { runId: good.id, modelName: 'iris-clf', version: 1, ref: 'iris-clf@1' },
      { runId: bad.id, modelName: 'iris-clf', version: 2, ref: 'iris-clf@2' },
    ]);
    expect(runs.some((r: any) => r.runId === unevaluated.id)).toBe(false);
  });

  it('refuses names that would clash with references', async () => {
    const err = await fail('model.register', { run: good.id, name: 'iris@clf' });
    expect(err.code).toBe('invalid_input');
    expect(err.message).toContain('no "@"');
  });

  it('puts the project in the registered stage', async () => {
    const p = await call('project.get', { project: 'flowers' });
    expect(p.stages).toContain('registered');
  });
});

describe('promotion, the gate, reasons and rollback', () => {
  it('gives champion to a version whose gate passes', async () => {
    const r = await call('model.promote', { model: 'iris-clf', version: 1, alias: 'champion' });
    expect(r.event).toMatchObject({ action: 'alias_set', alias: 'champion', fromVersion: null, toVersion: 1, gateStatus: 'passed', override: false, door: 'test' });
    expect(r.event.actor).toBeTruthy();
  });

  it('blocks champion for a failing version without a reason (gate_failed, names the criterion) and changes nothing', async () => {
    const before = await call<ModelDetail>('model.get', { model: 'iris-clf' });
    const err = await fail('model.promote', { model: 'iris-clf', version: 2, alias: 'champion' });
    expect(err.code).toBe('gate_failed');
    expect(err.message).toMatch(/accuracy = [\d.]+, needs >= 0\.9/);
    expect(err.message).toMatch(/fails 1 criterion:/);
    expect(err.message).toContain('--reason');
    const short = await fail('model.promote', { model: 'iris-clf@2', alias: 'champion', reason: 'ok' });
    expect(short.code).toBe('gate_failed');
    expect(short.message).toContain('too short');
    const after = await call<ModelDetail>('model.get', { model: 'iris-clf' });
    expect(after.aliases).toEqual({ champion: 1 });
    expect(after.history).toHaveLength(before.history.length);
  });

  it('overrides with a written reason, stored in the history, the audit trail and the card', async () => {
    const reason = 'Shadow test for the new data pipeline, approved by Ana';
    const r = await call('model.promote', { model: 'iris-clf', version: 2, alias: 'champion', reason });
    expect(r.event).toMatchObject({ action: 'alias_set', fromVersion: 1, toVersion: 2, gateStatus: 'failed', override: true, reason, failedCriteria: ['accuracy'] });
    const m = await call<ModelDetail>('model.get', { model: 'iris-clf' });
    expect(m.history[0]).toMatchObject({ override: true, reason });
    const audit = await call('audit.timeline', { project: 'flowers', actions: ['model.promote'] });
    expect(audit.events[0].details.input.reason).toBe(reason);
    expect(audit.events[0].summary).toContain('alias=champion');
    const card = await call('model.card', { model: 'iris-clf@2', lang: 'en' });
    expect(card.markdown).toContain(reason);
    expect(card.markdown).toContain('overridden');
  });

  it('keeps one holder per alias, in the API and in SQL', async () => {
    const m = await call<ModelDetail>('model.get', { model: 'iris-clf' });
    expect(m.aliases).toEqual({ champion: 2 });
    expect(m.versions.find((v) => v.version === 1)!.aliases).toEqual([]);
    expect(m.versions.find((v) => v.version === 2)!.aliases).toEqual(['champion']);
    const v1 = m.versions.find((v) => v.version === 1)!;
    expect(() => s.db.prepare("INSERT INTO model_aliases (model_id, alias, version_id, set_at) VALUES (?, 'champion', ?, 'x')").run(m.id, v1.id)).toThrow(/UNIQUE/);
  });

  it('rolls champion back to its previous holder, recorded as a rollback with its reason', async () => {
    const m = await call<ModelDetail>('model.get', { model: 'iris-clf' });
    expect(m.rollbackTargets.champion).toBe(1);
    const r = await call('model.rollback', { model: 'iris-clf', alias: 'champion', reason: 'Shadow test over' });
    expect(r.event).toMatchObject({ action: 'rollback', alias: 'champion', fromVersion: 2, toVersion: 1, reason: 'Shadow test over', override: false });
    const resolved = await call('model.resolve', { model: 'iris-clf@champion' });
    expect(resolved).toMatchObject({ version: 1, runId: good.id, via: 'alias', alias: 'champion' });
    const again = await fail('model.rollback', { model: 'iris-clf', alias: 'champion' });
    expect(again.code).toBe('conflict');
    expect(again.message).toContain('no previous holder');
  });

  it('blocks a rollback onto a failing version like a promotion, with the same details', async () => {
    await call('model.register', { run: good.id, name: 'gate-rb' });
    await call('model.register', { run: bad.id, name: 'gate-rb' });
    await call('model.promote', { model: 'gate-rb@2', alias: 'champion', reason: 'Shadow test approved by the review board' });
    await call('model.promote', { model: 'gate-rb@1', alias: 'champion' });
    const err = await fail('model.rollback', { model: 'gate-rb', alias: 'champion', reason: 'short' });
    expect(err.code).toBe('gate_failed');
    const details = gateRefusalSchema.parse(err.details);
    expect(details).toMatchObject({ move: { model: 'gate-rb', version: 2, alias: 'champion', rollback: true }, status: 'failed', reasonLength: 5 });
    expect(details.failed[0]).toMatchObject({ metric: 'accuracy', threshold: 0.9 });
    expect(typeof details.failed[0].measured).toBe('number');
    const promo = await fail('model.promote', { model: 'gate-rb@2', stage: 'production' });
    expect(Object.keys(gateRefusalSchema.parse(promo.details)).sort()).toEqual(Object.keys(details).sort());
    expect((await call<ModelDetail>('model.get', { model: 'gate-rb' })).aliases).toEqual({ champion: 1 });
  });

  it('production: one version at a time, gated; the replaced one is archived; rollback restores it', async () => {
    await call('model.register', { run: unevaluated.id, name: 'iris-clf' });
    await call('model.promote', { model: 'iris-clf', version: 1, stage: 'production' });
    const missing = await fail('model.promote', { model: 'iris-clf', version: 3, stage: 'production' });
    expect(missing.code).toBe('gate_failed');
    expect(missing.message).toContain('no evaluation yet');
    const r = await call('model.promote', { model: 'iris-clf', version: 3, stage: 'production', reason: 'Emergency hotfix, evaluation pending' });
    expect(r.event).toMatchObject({ action: 'stage_changed', toStage: 'production', fromVersion: 1, toVersion: 3, gateStatus: 'missing', override: true });
    let m = await call<ModelDetail>('model.get', { model: 'iris-clf' });
    expect(m.productionVersion).toBe(3);
    expect(m.versions.find((v) => v.version === 1)!.stage).toBe('archived');
    const v1 = m.versions.find((v) => v.version === 1)!;
    expect(() => s.db.prepare("UPDATE model_versions SET stage = 'production' WHERE id = ?").run(v1.id)).toThrow(/UNIQUE/);
    await call('model.rollback', { model: 'iris-clf', stage: 'production', reason: 'Hotfix regressed' });
    m = await call<ModelDetail>('model.get', { model: 'iris-clf' });
    expect(m.productionVersion).toBe(1);
    expect(m.versions.find((v) => v.version === 3)!.stage).toBe('archived');
  });

  it('no move on an archived model', async () => {
    await call('model.register', { run: good.id, name: 'shelved' });
    await call('model.archive', { model: 'shelved' });
    expect((await fail('model.promote', { model: 'shelved', version: 1, alias: 'challenger' })).code).toBe('conflict');
    expect((await call('model.list', {})).map((m: any) => m.name)).not.toContain('shelved');
    expect((await call('model.list', { includeArchived: true })).map((m: any) => m.name)).toContain('shelved');
    expect((await call('model.resolve', { model: 'shelved' })).runId).toBe(good.id);
  });
});

describe('history by date', () => {
  it('answers which version held champion and was in production on a given day', async () => {
    let clock = '2026-03-01T09:00:00.000Z';
    const r = new RegistryService({ ...s.registry.deps, now: () => clock });
    const ctx = { door: 'test' };
    r.register({ run: good.id, name: 'dated' }, ctx);
    r.register({ run: bad.id, name: 'dated' }, ctx);
    clock = '2026-03-02T09:00:00.000Z';
    r.promote({ model: 'dated', version: 1, alias: 'champion' }, ctx);
    r.promote({ model: 'dated', version: 1, stage: 'production' }, ctx);
    clock = '2026-03-05T09:00:00.000Z';
    r.promote({ model: 'dated', version: 2, alias: 'champion', reason: 'Trying the small model for a week' }, ctx);
    clock = '2026-03-12T09:00:00.000Z';
    r.rollback({ model: 'dated', alias: 'champion', reason: 'Week over' }, ctx);
    const on = (at: string) => call('model.holders', { model: 'dated', at });
    expect(await on('2026-03-01')).toMatchObject({ aliases: {}, production: null });
    expect(await on('2026-03-03')).toMatchObject({ aliases: { champion: 1 }, production: 1 });
    expect(await on('2026-03-07')).toMatchObject({ aliases: { champion: 2 }, production: 1 });
    expect(await on('2026-03-12T08:59:59Z')).toMatchObject({ aliases: { champion: 2 } });
    expect(await on('2026-03-12')).toMatchObject({ aliases: { champion: 1 } });
    expect((await fail('model.holders', { model: 'dated', at: 'last week' })).code).toBe('invalid_input');
  });
});

describe('audit trail', () => {
  it('names the runs, data set versions and model versions its events are about, and who acted', async () => {
    const { events } = await call('audit.timeline', { project: 'flowers', limit: 500 });
    const user = osUser();
    const trained = events.find((e: any) => e.action === 'train.start' && e.subjectId === good.id);
    expect(trained.names).toMatchObject({ run: good.name, dataset: 'iris@1' });
    const evaluated = events.find((e: any) => e.action === 'eval.start' && e.details.input.run === good.id);
    expect(evaluated.names.run).toBe(good.name);
    const registered = events.find((e: any) => e.action === 'model.register' && e.details.input.run === bad.id && e.details.input.name === 'iris-clf');
    expect(registered.names).toMatchObject({ run: bad.name, model: 'iris-clf', version: 2 });
    expect(registered.summary).toContain(`run=${bad.name}`);
    expect(registered.summary).not.toContain(bad.id);
    const promoted = events.find((e: any) => e.action === 'model.promote' && e.details.input.alias === 'champion' && e.details.input.model === 'iris-clf');
    expect(promoted.names).toMatchObject({ model: 'iris-clf' });
    expect(typeof promoted.names.version).toBe('number');
    // every state change records who made it (also those written by jobs, such as eval.completed)
    expect(events.length).toBeGreaterThan(5);
    for (const e of events) expect(e.actor).toBe(user);
    expect(events.some((e: any) => e.action === 'eval.completed')).toBe(true);
  });
});

describe('references', () => {
  it('M, M@VERSION, M@alias and M@latest resolve in one place, also for commands that take a run', async () => {
    expect((await call('model.resolve', { model: 'iris-clf' })).version).toBe(3);
    expect((await call('model.resolve', { model: 'iris-clf@latest' })).via).toBe('latest');
    expect((await call('model.resolve', { model: 'IRIS-CLF@v2' })).runId).toBe(bad.id);
    expect(s.registry.resolveRunRef('iris-clf@champion')).toMatchObject({ runId: good.id, packageHash: good.packageHash });
    expect(s.registry.resolveRunRef(bad.id)).toMatchObject({ runId: bad.id, model: null });
    const noAlias = await fail('model.resolve', { model: 'iris-clf@challenger' });
    expect(noAlias.code).toBe('not_found');
    expect(noAlias.message).toContain('its aliases are champion');
    expect((await fail('model.resolve', { model: 'iris-clf@9' })).message).toContain('its versions are 1, 2, 3');
  });
});

describe('model card', () => {
  it('is Markdown with Hugging Face front matter, in the asked language, from stored facts', async () => {
    const card = await call('model.card', { model: 'iris-clf@champion', lang: 'es' });
    const front = YAML.parse(card.markdown.split('---\n')[1]);
    expect(front).toMatchObject({ model_name: 'iris-clf', pipeline_tag: 'tabular-classification', datasets: ['iris'], ciclo: { version: 1, run: good.id, gate: 'passed' } });
    expect(front['model-index'][0].results[0].metrics.find((m: any) => m.type === 'accuracy').value).toBeGreaterThanOrEqual(0.9);
    for (const title of [
      'Detalles del modelo',
      'Uso previsto',
      'Datos de entrenamiento',
      'Procedimiento de entrenamiento',
      'Evaluación',
      'Limitaciones',
      'Consideraciones éticas',
      'Linaje',
    ]) {
      expect(card.markdown).toContain(`## ${title}`);
    }
    expect(card.markdown).toContain('Teaching botany students');
    expect(card.markdown).toContain('Ana Ruiz');
    expect(card.markdown).toMatch(/setosa \| 50 \| 33,3\s%/);
    expect(card.markdown).toContain('| Semilla | 42 |');
    expect(card.markdown).toContain('Exactitud ≥ 0,9');
    // in Spanish: display names and values, never the internal ones
    const body = card.markdown.split('---\n').slice(2).join('---\n');
    for (const raw of ['| adam |', '| constant |', '| none |', 'val_loss', 'f1_macro', 'latency_p95_ms', 'dense 16 relu']) expect(body, raw).not.toContain(raw);
    expect(body).toContain('| Optimizador | Adam |');
    expect(body).toContain('| Pesos de clase | Ninguno |');
  });

  it('keeps the editable sections per version and renders them safely in self-contained HTML', async () => {
    await call('model.updateCard', {
      model: 'iris-clf@1',
      limitations: 'Only **three** species. <script>alert(1)</script> [x](javascript:alert(1))',
      ethicalConsiderations: 'No personal data.',
    });
    const c1 = await call('model.card', { model: 'iris-clf@1', lang: 'en' });
    const c2 = await call('model.card', { model: 'iris-clf@2', lang: 'en' });
    expect(c1.edits.limitations).toContain('three');
    expect(c1.sections.find((x: any) => x.id === 'limitations')).toMatchObject({ editable: true });
    expect(c2.markdown).not.toContain('three');
    expect(c1.bodyHtml).toContain('<strong>three</strong>');
    expect(c1.html).not.toMatch(/<script/i);
    expect(c1.html).not.toContain('javascript:');
    expect(c1.html).toContain('&lt;script&gt;');
    expect(c1.html).not.toMatch(/(src|href)=["']https?:/);
    expect(c1.html).toMatch(/^<!doctype html>/);
  });
});

describe('lineage', () => {
  it('links charter -> data set version -> run -> model version, with the evaluations', async () => {
    const g = await call('lineage.get', { model: 'iris-clf@1' });
    const kinds = g.nodes.map((n: any) => n.kind);
    expect(kinds).toEqual(expect.arrayContaining(['project', 'dataset_version', 'run', 'evaluation', 'model_version']));
    const id = (kind: string) => g.nodes.find((n: any) => n.kind === kind).id;
    const has = (from: string, to: string, kind: string) => g.edges.some((e: any) => e.from === from && e.to === to && e.kind === kind);
    expect(has(id('project'), id('dataset_version'), 'contains')).toBe(true);
    expect(has(id('dataset_version'), id('run'), 'trained_on')).toBe(true);
    expect(has(id('run'), id('model_version'), 'registered_as')).toBe(true);
    expect(has(id('evaluation'), id('model_version'), 'gates')).toBe(true);
    expect(g.nodes.find((n: any) => n.focus).ref).toBe((await call('model.resolve', { model: 'iris-clf@1' })).versionId);
    for (const e of g.edges) expect(g.nodes.some((n: any) => n.id === e.from) && g.nodes.some((n: any) => n.id === e.to)).toBe(true);
  });
});

describe('deletion', () => {
  it('hard delete needs confirmation, refuses while dependants exist and names them', async () => {
    const unconfirmed = await fail('model.delete', { model: 'iris-clf@1' });
    expect(unconfirmed.code).toBe('invalid_input');
    const err = await fail('model.delete', { model: 'iris-clf@1', confirm: true });
    expect(err.code).toBe('conflict');
    expect(err.message).toContain('alias "champion" points at iris-clf@1');
    expect(err.message).toContain('iris-clf@1 is the production version');
    expect((await call('model.dependants', { model: 'iris-clf' })).dependants).toHaveLength(2);
  });

  it('soft delete (archive) keeps a version resolvable', async () => {
    await call('model.archive', { model: 'iris-clf@2', reason: 'Superseded' });
    expect((await call('model.version', { model: 'iris-clf@2' })).stage).toBe('archived');
    expect((await call('model.resolve', { model: 'iris-clf@2' })).runId).toBe(bad.id);
  });

  it('deletes a version and a whole model without leaving a dangling reference', async () => {
    const r = await call('model.delete', { model: 'iris-clf@2', confirm: true });
    expect(r.removed).toContain('model version iris-clf@2');
    const m = await call<ModelDetail>('model.get', { model: 'iris-clf' });
    expect(m.versions.map((v) => v.version)).toEqual([3, 1]);
    expect(m.history[0]).toMatchObject({ action: 'version_deleted', toVersion: 2 });
    // numbers are never reused: the next version is 4
    const v4 = await call('model.register', { run: bad.id, name: 'iris-clf' });
    expect(v4.version).toBe(4);
    await call('model.updateCard', { model: 'dated@2', limitations: 'none' });
    await call('model.removeAlias', { model: 'dated', alias: 'champion', reason: 'retiring' });
    await call('model.promote', { model: 'dated', version: 1, stage: 'staging' });
    const whole = await call('model.delete', { model: 'dated', confirm: true });
    expect(whole.removed).toEqual(expect.arrayContaining(['registered model dated', 'model version dated@1', 'model version dated@2', 'card edits of dated@2']));
    expect((await fail('model.get', { model: 'dated' })).code).toBe('not_found');
    expect(integrity()).toEqual({ fk: [], orphans: 0 });
  });

  it('a run, data set version or evaluation a version depends on cannot be deleted underneath it', async () => {
    expect(s.registry.deletion.dependantsOf({ runId: good.id }).map((d) => d.label)).toEqual(expect.arrayContaining(['model version iris-clf@1 was registered from this run']));
    expect(() => s.db.prepare('DELETE FROM runs WHERE id = ?').run(good.id)).toThrow(/FOREIGN KEY/);
    expect(() => s.db.prepare('DELETE FROM dataset_versions WHERE id = ?').run(good.datasetVersionId)).toThrow(/FOREIGN KEY/);
    const evaluationId = (await call('model.version', { model: 'iris-clf@1' })).registeredEvaluationId;
    expect(() => s.db.prepare('DELETE FROM evaluations WHERE id = ?').run(evaluationId)).toThrow(/FOREIGN KEY/);
    expect(integrity()).toEqual({ fk: [], orphans: 0 });
  });
});

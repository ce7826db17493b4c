/**
 * The retraining loop: retrain a model with its champion's recipe on fresh data as one job (new data
 * set version, training, evaluation, registration under an alias, lineage note), champion vs challenger
 * on the same rows, and the drift simulator as a job. Everything goes through the router's methods, so
 * validation, audit and events are those of every other door.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Comparison } from '../../../shared/schemas/monitoring.js';
import type { Job } from '../../../shared/schemas/system.js';
import { formatDate } from '../datasets/dates.js';
import type { LoadedTable } from '../datasets/types.js';
import { loadPredictor } from '../training/predictor.js';
import { truthOf } from './cache.js';
import { compareModels } from './compare.js';
import { monitorError, parseJson } from './context.js';
import { selectRows } from '../store/prediction-log-store.js';
import { predictionOf, shadowPairs, shadowSummary } from './shadow.js';
import type { MonitoringService } from './service.js';
import { parseNoise, parseShift, simulate, type SimulateRequest } from './simulate.js';
import { parseDuration } from './performance.js';
import type { WindowInput } from './window.js';

export type Call = (method: string, input: unknown) => Promise<unknown>;

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function tableCell(table: LoadedTable, name: string, r: number): unknown {
  const v = table.values[name];
  const column = table.columns.find((c) => c.name === name);
  const type = column?.type;
  if (!(v instanceof Float64Array)) return v[r];
  const x = v[r];
  if (!Number.isFinite(x)) return null;
  return type === 'datetime' ? formatDate(x, column?.dateOrder) : type === 'boolean' ? (x ? 'true' : 'false') : x;
}

export function startRetrain(svc: MonitoringService, call: Call, input: { model: string; alias: string; dataset?: string; seed?: number; reason?: string; alert?: string }): Job {
  const model = svc.model(input.model);
  if (!model.name)
    throw monitorError(
      'invalid_input',
      'error.retrain_needs_model',
      { ref: input.model },
      `${input.model} is a run, not a registered model; retrain a registered model (M@alias or M@VERSION) so the result can be registered beside it.`,
    );
  const deps = svc.deps;
  return deps.jobs.start({
    kind: 'retrain',
    projectId: model.projectId,
    step: { key: 'monitor:step.preparing', params: { ref: input.model } },
    run: async (ctx) => {
      const datasets = deps.datasets();
      let datasetRef = input.dataset;
      let added = 0;
      if (!datasetRef) {
        ctx.progress(0.05, 'Building the new data set version', { key: 'monitor:step.building_data', params: {} });
        const version = datasets.resolveVersion(model.run.datasetVersionId, model.projectId);
        const table = await datasets.loadTable(version.id);
        const labelled = selectRows(deps.db, { modelName: model.name!, sources: ['server', 'batch', 'simulation'] }).filter((r) => r.label !== null);
        const cols = table.columns.map((c) => c.name);
        const lines = [cols.map(csvCell).join(',')];
        for (let r = 0; r < table.rowCount; r++) lines.push(cols.map((c) => csvCell(tableCell(table, c, r))).join(','));
        for (const row of labelled) {
          const inp = parseJson(row.input);
          lines.push(cols.map((c) => csvCell(c === model.target ? row.label : inp[c])).join(','));
          added++;
        }
        const dir = path.join(deps.dataDir, 'tmp');
        fs.mkdirSync(dir, { recursive: true });
        const file = path.join(dir, `retrain-${ctx.jobId}.csv`);
        fs.writeFileSync(file, lines.join('\n') + '\n');
        try {
          const job = (await call('dataset.import', {
            project: model.projectId,
            path: file,
            name: version.name,
            target: model.target,
            types: Object.fromEntries(table.columns.map((c) => [c.name, c.type])),
            roles: Object.fromEntries(table.columns.filter((c) => c.role !== 'target').map((c) => [c.name, c.role])),
          })) as Job;
          const done = await deps.jobs.wait(job.id);
          if (done.status !== 'succeeded')
            throw monitorError(
              'internal',
              'error.retrain_import',
              { reason: done.error?.message ?? done.status },
              `Importing the new data set version failed: ${done.error?.message ?? done.status}.`,
            );
          const result = done.result as { version?: { id: string }; versionId?: string };
          datasetRef = result.version?.id ?? result.versionId;
        } finally {
          fs.rmSync(file, { force: true });
        }
      }
      ctx.throwIfCancelled();
      ctx.progress(0.2, 'Training with the champion recipe', { key: 'monitor:step.training', params: {} });
      const params = { ...model.run.params, ...(input.seed !== undefined ? { seed: input.seed } : {}) };
      const why = input.reason ?? (input.alert ? `alert ${input.alert}` : 'a retrain asked for');
      const lineage = `Retrained from ${model.name}@${model.version} because of ${why}.`;
      const run = (await call('train.start', {
        project: model.projectId,
        dataset: datasetRef,
        template: model.run.template,
        templateOptions: model.run.templateOptions,
        design: model.run.design,
        params,
        name: `${model.run.name} (retrained)`,
        notes: lineage,
      })) as { id: string };
      const onAbort = () => void call('run.cancel', { id: run.id }).catch(() => undefined);
      ctx.signal.addEventListener('abort', onAbort);
      const trained = await deps
        .training()
        .wait(run.id)
        .finally(() => ctx.signal.removeEventListener('abort', onAbort));
      ctx.throwIfCancelled();
      if ((trained as { status: string }).status !== 'succeeded')
        throw monitorError('internal', 'error.retrain_training', { run: run.id }, `The retraining run ${run.id} ended ${(trained as { status: string }).status}.`);
      ctx.progress(0.8, 'Evaluating the challenger', { key: 'monitor:step.evaluating', params: {} });
      const evalJob = (await call('eval.start', { run: run.id })) as Job;
      const evalDone = await deps.jobs.wait(evalJob.id);
      ctx.throwIfCancelled();
      ctx.progress(0.95, 'Registering the challenger', { key: 'monitor:step.registering', params: {} });
      const version = (await call('model.register', { run: run.id, name: model.name, description: lineage })) as { version: number };
      await call('model.promote', { model: model.name, version: version.version, alias: input.alias, reason: lineage.length >= 15 ? lineage : undefined });
      deps.audit.append({
        action: 'monitor.retrained',
        projectId: model.projectId,
        subjectId: run.id,
        door: 'job',
        details: { from: `${model.name}@${model.version}`, to: `${model.name}@${version.version}`, alias: input.alias, reason: why, addedRows: added },
      });
      return {
        runId: run.id,
        model: model.name,
        version: version.version,
        alias: input.alias,
        datasetVersion: datasetRef,
        addedRows: added,
        evaluation: evalDone.result ?? null,
        lineage,
      };
    },
  });
}

export async function compareChallenger(svc: MonitoringService, input: WindowInput & { champion: string; challenger: string; dataset?: string }): Promise<Comparison> {
  const a = svc.model(input.champion);
  const b = svc.model(input.challenger);
  if (a.runId === b.runId) throw monitorError('invalid_input', 'error.same_model', {}, 'The champion and the challenger are the same model version; pick two.');
  if (a.task !== b.task || a.target !== b.target)
    throw monitorError('invalid_input', 'error.incomparable', {}, 'The two models predict different things; they cannot be compared.');
  const deps = svc.deps;
  const pa = await loadPredictor({ db: deps.db, blobs: deps.blobs }, { runId: a.runId });
  const pb = await loadPredictor({ db: deps.db, blobs: deps.blobs }, { runId: b.runId });
  const window = svc.filter(input.champion, a, input);
  const pairs = shadowPairs(deps.db, a.runId, b.runId, { since: window.since, until: window.until });
  const labelledShadow = pairs.filter((r) => r.label !== null).slice(window.last ? -window.last : 0);
  try {
    let truth: number[];
    let source: string;
    let outA;
    let outB;
    if (input.dataset) {
      const version = deps.datasets().resolveVersion(input.dataset, a.projectId);
      const table = await deps.datasets().loadTable(version.id);
      const rows = Int32Array.from({ length: table.rowCount }, (_, i) => i);
      truth = truthOf(table, a.target, rows, a.classes);
      [outA, outB] = [await pa.predictTable(table, rows), await pb.predictTable(table, rows)];
      source = `${version.name}@${version.version}`;
    } else if (labelledShadow.length >= 10) {
      // live traffic both versions scored (the challenger in shadow mode): their outputs as logged then
      truth = a.classes ? labelledShadow.map((r) => a.classes!.indexOf(r.label!)) : labelledShadow.map((r) => Number(r.label));
      outA = predictionOf(
        labelledShadow.map((r) => r.champion),
        a.classes,
      );
      outB = predictionOf(
        labelledShadow.map((r) => r.challenger),
        a.classes,
      );
      source = `${labelledShadow.length} labelled live requests scored by both (challenger in shadow mode)`;
    } else {
      const scope = a.name ? { modelName: a.name } : { runId: a.runId };
      const rows = selectRows(deps.db, { ...svc.filter(input.champion, a, input), ...scope }).filter((r) => r.label !== null);
      if (rows.length < 10)
        throw monitorError(
          'invalid_input',
          'error.compare_needs_labels',
          { rows: rows.length },
          `Only ${rows.length} logged rows carry labels; give feedback first, or compare on a data set version (--dataset).`,
        );
      const inputs = rows.map((r) => parseJson(r.input));
      truth = a.classes ? rows.map((r) => a.classes!.indexOf(r.label!)) : rows.map((r) => Number(r.label));
      [outA, outB] = [await pa.predictRows(inputs), await pb.predictRows(inputs)];
      source = `${rows.length} labelled production rows`;
    }
    // rows either model cannot read (a cell its tokens and types refuse) are compared by neither
    const unread = new Set([...outA.rejected, ...outB.rejected].map((r) => r.index));
    const keep = truth.map((v, i) => ((a.classes ? v >= 0 : Number.isFinite(v)) && !unread.has(i) ? i : -1)).filter((i) => i >= 0);
    const pick = <T extends { task: string }>(p: T): T => {
      const q = p as unknown as { task: string; values?: Float64Array; probabilities?: Float32Array; classes?: string[] };
      if (q.task === 'regression') return { ...p, values: Float64Array.from(keep, (i) => q.values![i]) };
      const K = q.classes!.length;
      return { ...p, probabilities: Float32Array.from({ length: keep.length * K }, (_, j) => q.probabilities![keep[Math.floor(j / K)] * K + (j % K)]) };
    };
    const compared = compareModels({
      champion: { ref: input.champion, runId: a.runId },
      challenger: { ref: input.challenger, runId: b.runId },
      classes: a.classes,
      truth: keep.map((i) => truth[i]),
      a: pick(outA),
      b: pick(outB),
      source,
      primary:
        a.criteria.find((c) => !['latency_p50_ms', 'latency_p95_ms', 'throughput_rows_s', 'model_size_kb', 'param_count'].includes(c.metric))?.metric ??
        (a.classes ? 'accuracy' : 'rmse'),
    });
    return { ...compared, shadow: pairs.length ? shadowSummary(pairs, !a.classes) : null };
  } finally {
    pa.dispose();
    pb.dispose();
  }
}

export function startSimulation(svc: MonitoringService, input: SimulateRequest & { dataset: string; model: string }): Job {
  const model = svc.model(input.model);
  const deps = svc.deps;
  const version = deps.datasets().resolveVersion(input.dataset, model.projectId);
  if (version.kind !== 'table')
    throw monitorError(
      'invalid_input',
      'error.reference_images',
      { dataset: version.name },
      `Data set ${version.name}@${version.version} holds images; the simulator needs a table.`,
    );
  // bad shifts, noise or delays are refused before a job starts
  input.shifts.forEach(parseShift);
  input.noise.forEach(parseNoise);
  if (input.labelDelay && !parseDuration(input.labelDelay))
    throw monitorError('invalid_input', 'error.bad_window', { window: input.labelDelay }, `Label delay "${input.labelDelay}" is not a duration: use 6h, 1d or 2d.`);
  const known = new Set(version.columns.map((c) => c.name));
  const unknown = [...input.shifts.map((x) => parseShift(x).column), ...input.noise.map((x) => parseNoise(x).column)].filter((c) => !known.has(c));
  if (unknown.length)
    throw monitorError(
      'invalid_input',
      'error.unknown_column',
      { columns: unknown.join(', '), known: [...known].join(', ') },
      `Data set ${version.name}@${version.version} has no column ${unknown.join(', ')}. Its columns: ${[...known].join(', ')}.`,
    );
  return deps.jobs.start({
    kind: 'simulation',
    projectId: model.projectId,
    step: { key: 'monitor:step.simulating', params: { rows: input.rows } },
    run: async (ctx) => {
      const table = await deps.datasets().loadTable(version.id);
      const result = await svc.withPredictor(model, (p) => simulate(deps.db, model, p, table, input, ctx));
      deps.events.emit('workspace.changed', { topic: 'monitor', projectId: model.projectId });
      return result;
    },
  });
}

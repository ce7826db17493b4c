/**
 * Monitor phase: drift of a model's logged (or batch-scored) rows against its reference, performance
 * over time with and without labels, operational figures, feedback, alert checks and the timeline.
 * Scoring always goes through the model package (training/predictor.ts loadPredictor).
 */
import { performance as perf } from 'node:perf_hooks';
import type { Alert, CheckResult, DriftMethod, DriftReport, FeedbackResult, MonitoredModel, PerformanceReport, TimelinePoint } from '../../../shared/schemas/monitoring.js';
import type { AuditLog } from '../audit.js';
import type { EventBus } from '../events.js';
import type { JobRunner } from '../jobs/runner.js';
import type { BlobStore } from '../store/blobs.js';
import type { Db } from '../store/db.js';
import { columnDrift, type ColumnValues } from '../stats/column-drift.js';
import { fitCalibrator, type Calibrator } from '../stats/cbpe.js';
import { percentile } from '../stats/latency.js';
import { loadPredictor, type Predictor } from '../training/predictor.js';
import { cached, permutationImportance, predictLabels, truthOf } from './cache.js';
import { columnsOf, loadReference, monitorError, parseJson, referenceColumn, resolveModel, type ModelContext, type MonitorDeps, type Reference } from './context.js';
import { datasetDrift } from './drift.js';
import { countAlerts, listAlerts } from '../store/alert-store.js';
import { evaluateRules, recordCheck } from './alerts.js';
import { applyFeedback, parseCsvText, readCsvRows } from './feedback.js';
import { indexOrphanJournals } from '../serving/log-journal-index.js';
import { aggregateByDay, edgeLogRow, labelledPerRun, loggedRuns, selectRows, type LogFilter, type LoggedRow } from '../store/prediction-log-store.js';
import { parseDuration, scoredRows, windowReport } from './performance.js';
import { describeWindow, logFilter, type WindowInput } from './window.js';

export interface MonitoringDeps extends MonitorDeps {
  /** The workspace folder (temporary files of a retrain go in its tmp/). */
  dataDir: string;
  db: Db;
  blobs: BlobStore;
  jobs: JobRunner;
  events: EventBus;
  audit: AuditLog;
}

export interface DriftRequest extends WindowInput {
  model: string;
  reference?: string;
  /** A CSV of production rows scored as a batch instead of logged rows. */
  current?: string;
  columnMethods?: Record<string, { method?: DriftMethod; threshold?: number }>;
  shareThreshold?: number;
  minRows?: number;
}

interface Current {
  inputs: Record<string, unknown>[];
  predictions: (string | null)[];
  labels: (string | null)[];
  rows: LoggedRow[] | null;
  source: 'logs' | 'file';
  from: string | null;
  to: string | null;
}

export class MonitoringService {
  constructor(readonly deps: MonitoringDeps) {}

  /** The model a request names; first, the rows a killed prediction server left in its journal are indexed. */
  model(ref: string): ModelContext {
    indexOrphanJournals(this.deps.db);
    return resolveModel(this.deps, ref);
  }

  /** Logged rows of a bare model name cover all its versions; anything else, the one version (run). */
  scope(ref: string, model: ModelContext): { runId?: string; modelName?: string } {
    const r = this.deps.registry().resolveRunRef(ref);
    return r.model?.via === 'latest' && !ref.includes('@') ? { modelName: r.model.modelName } : { runId: model.runId };
  }

  filter(ref: string, model: ModelContext, w: WindowInput): LogFilter {
    return logFilter(this.deps.db, this.scope(ref, model), w);
  }

  async withPredictor<T>(model: ModelContext, body: (p: Predictor) => Promise<T>): Promise<T> {
    const p = await loadPredictor({ db: this.deps.db, blobs: this.deps.blobs }, { runId: model.runId });
    try {
      return await body(p);
    } finally {
      p.dispose();
    }
  }

  private async current(request: DriftRequest, model: ModelContext): Promise<Current> {
    if (request.current) {
      const rows = readCsvRows(request.current);
      const p = await this.withPredictor(model, (pr) => pr.predictRows(rows));
      const predictions = p.task === 'regression' ? Array.from(p.values, (v) => (Number.isFinite(v) ? String(v) : null)) : p.labels;
      const labels = rows.map((r: Record<string, string>) => (r[model.target] === undefined || r[model.target] === '' ? null : String(r[model.target])));
      return { inputs: rows, predictions, labels, rows: null, source: 'file', from: null, to: null };
    }
    const rows = selectRows(this.deps.db, this.filter(request.model, model, request));
    return {
      inputs: rows.map((r) => parseJson(r.input)),
      predictions: rows.map((r) => r.prediction),
      labels: rows.map((r) => r.label),
      rows,
      source: 'logs',
      from: rows[0]?.ts ?? null,
      to: rows[rows.length - 1]?.ts ?? null,
    };
  }

  async referencePredictions(model: ModelContext, ref: Reference): Promise<{ labels: (string | null)[] | null; values: number[] | null }> {
    const key = `${ref.table.version.id}:${ref.subset}`;
    return cached(this.deps.db, model.runId, 'reference_predictions', key, () =>
      this.withPredictor(model, async (p) => {
        const r = await predictLabels(p, ref.table, ref.rows);
        return { labels: r.labels, values: r.values };
      }),
    );
  }

  async importance(model: ModelContext, ref: Reference): Promise<Record<string, number>> {
    return cached(this.deps.db, model.runId, 'importance', `${ref.table.version.id}:${ref.subset}`, () => this.withPredictor(model, (p) => permutationImportance(p, model, ref)));
  }

  /** Calibration for CBPE, fitted on the run's held-out rows (else the reference); null for regression. */
  async calibrator(model: ModelContext, ref: Reference): Promise<{ calibrator: Calibrator; rows: number } | null> {
    if (!model.classes) return null;
    const rows = ref.heldOut ?? ref.rows;
    const data = await cached(this.deps.db, model.runId, 'calibration', `${ref.table.version.id}:${ref.heldOut ? 'heldout' : ref.subset}`, () =>
      this.withPredictor(model, async (p) => {
        const r = await predictLabels(p, ref.table, rows);
        return { proba: r.proba!, truth: truthOf(ref.table, model.target, rows, model.classes) };
      }),
    );
    const K = model.classes.length;
    const keep = data.truth.map((t, i) => (t >= 0 ? i : -1)).filter((i) => i >= 0);
    if (keep.length < 10) return null;
    const proba = new Float64Array(keep.length * K);
    keep.forEach((i, j) => {
      for (let k = 0; k < K; k++) proba[j * K + k] = data.proba[i * K + k];
    });
    return {
      calibrator: fitCalibrator(
        proba,
        keep.map((i) => data.truth[i]),
        K,
      ),
      rows: keep.length,
    };
  }

  async drift(request: DriftRequest): Promise<DriftReport> {
    const started = perf.now();
    const model = this.model(request.model);
    const ref = await loadReference(this.deps, model, request.reference);
    const cur = await this.current(request, model);
    const overrides = request.columnMethods ?? {};
    const unknown = Object.keys(overrides).filter((c) => !model.features.some((f) => f.name === c));
    if (unknown.length) {
      const known = model.features.map((f) => f.name).join(', ');
      throw monitorError(
        'invalid_input',
        'error.unknown_column',
        { columns: unknown.join(', '), known },
        `The model reads no column ${unknown.join(', ')}. Its columns: ${known}.`,
      );
    }
    const importance = await this.importance(model, ref).catch(() => ({}) as Record<string, number>);
    const features = model.features.filter((f) => f.kind !== 'skip');
    const currentCols = columnsOf(cur.inputs, features, ref);
    const drift = datasetDrift(
      features.map((f) => ({
        name: f.name,
        kind: f.kind as 'numeric' | 'categorical',
        reference: referenceColumn(ref, f.name),
        current: currentCols[f.name],
        importance: importance[f.name] ?? null,
      })),
      ref.rows.length,
      cur.inputs.length,
      { overrides, shareThreshold: request.shareThreshold, minRows: request.minRows },
    );
    const refPred = await this.referencePredictions(model, ref);
    const regression = !model.classes;
    const asColumn = (values: (string | null)[]): ColumnValues => (regression ? Float64Array.from(values, (v) => (v === null ? NaN : Number(v))) : values);
    const prediction = columnDrift({
      name: 'prediction',
      kind: regression ? 'numeric' : 'categorical',
      reference: regression ? Float64Array.from(refPred.values!) : refPred.labels!,
      current: asColumn(cur.predictions),
      minRows: drift.minRows,
    });
    const labelled = cur.labels.filter((l) => l !== null);
    const refTarget = ref.table.values[model.target];
    const target =
      labelled.length && refTarget
        ? columnDrift({
            name: model.target,
            kind: regression ? 'numeric' : 'categorical',
            reference: regression
              ? (referenceColumn(ref, model.target) as ColumnValues)
              : Array.from(ref.rows, (r) => (refTarget instanceof Float64Array ? (Number.isFinite(refTarget[r]) ? String(refTarget[r]) : null) : refTarget[r])),
            current: asColumn(labelled),
            minRows: drift.minRows,
          })
        : null;
    return {
      model: { ref: request.model, runId: model.runId, name: model.name, version: model.version, task: model.task },
      reference: { datasetRef: ref.datasetRef, subset: ref.subset, rows: ref.rows.length },
      current: { source: cur.source, from: cur.from, to: cur.to, rows: cur.inputs.length, description: request.current ? request.current : describeWindow(request) },
      ...drift,
      prediction,
      target,
      rows: { reference: ref.rows.length, current: cur.inputs.length },
      durationMs: perf.now() - started,
    };
  }

  async performance(request: WindowInput & { model: string; window?: string; minRows?: number; reference?: string }): Promise<PerformanceReport> {
    const model = this.model(request.model);
    const windowText = request.window ?? '1d';
    const width = parseDuration(windowText);
    if (!width) throw monitorError('invalid_input', 'error.bad_window', { window: windowText }, `Window "${windowText}" is not a duration: use 30m, 6h, 1d or 1w.`);
    const rows = selectRows(this.deps.db, this.filter(request.model, model, request));
    const scored = scoredRows(rows, model);
    const ref = await loadReference(this.deps, model, request.reference);
    const cal = await this.calibrator(model, ref).catch(() => null);
    const minRows = request.minRows ?? 30;
    const buckets = new Map<number, typeof scored>();
    for (const r of scored) {
      if (!Number.isFinite(r.ts)) continue;
      const b = Math.floor(r.ts / width) * width;
      const list = buckets.get(b) ?? [];
      list.push(r);
      buckets.set(b, list);
    }
    const windows = [...buckets.keys()]
      .sort((a, b) => a - b)
      .map((b) => windowReport(buckets.get(b)!, model, cal?.calibrator ?? null, new Date(b).toISOString(), new Date(b + width).toISOString(), { minRows }));
    const overall = scored.length ? windowReport(scored, model, cal?.calibrator ?? null, rows[0].ts, rows[rows.length - 1].ts, { minRows }) : null;
    const assumption =
      'Estimated performance (CBPE) assumes no concept drift: the link between inputs and the right answer is the same as in the reference; only the inputs may have moved. Labels, when they arrive, show the realised performance.';
    return {
      model: { ref: request.model, runId: model.runId, name: model.name, version: model.version, task: model.task },
      window: windowText,
      criteria: model.criteria,
      windows,
      overall,
      cbpe: { available: Boolean(cal), assumption, assumptionText: { key: 'monitor:cbpe.assumption', params: {}, message: assumption }, calibrationRows: cal?.rows ?? 0 },
      operational: this.operational(rows, model, ref),
    };
  }

  private operational(rows: LoggedRow[], model: ModelContext, ref: Reference): PerformanceReport['operational'] {
    const n = rows.length;
    const lat = rows.map((r) => r.latencyMs).filter((v): v is number => v !== null && Number.isFinite(v));
    const span = n > 1 ? (Date.parse(rows[n - 1].ts) - Date.parse(rows[0].ts)) / 3600e3 : 0;
    const inputs = rows.map((r) => parseJson(r.input));
    const cols = columnsOf(inputs, model.features, ref);
    const missingRate: Record<string, number> = {};
    const unknownCategoryRate: Record<string, number> = {};
    for (const f of model.features) {
      const v = cols[f.name];
      let miss = 0;
      for (let i = 0; i < n; i++) if (v instanceof Float64Array ? !Number.isFinite(v[i]) : v[i] === null) miss++;
      missingRate[f.name] = n ? miss / n : 0;
      if (f.type === 'categorical') {
        const known = new Set(referenceColumn(ref, f.name) as (string | null)[]);
        let unknown = 0;
        for (const x of v as (string | null)[]) if (x !== null && !known.has(x)) unknown++;
        unknownCategoryRate[f.name] = n ? unknown / n : 0;
      }
    }
    const pct = (q: number) => (lat.length ? percentile(lat, q) : null);
    return {
      requests: n,
      ratePerHour: span > 0 ? n / span : null,
      errorRate: n ? rows.filter((r) => r.prediction === null).length / n : 0,
      latency: { p50: pct(50), p90: pct(90), p95: pct(95), p99: pct(99) },
      unknownCategoryRate,
      missingRate,
    };
  }

  timeline(ref: string): TimelinePoint[] {
    const model = this.model(ref);
    return aggregateByDay(this.deps.db, this.filter(ref, model, {})).map((d) => ({ ...d, correct: model.classes ? d.correct : null }));
  }

  /**
   * Models with logged rows (optionally of one project), newest activity first. Counts come from the
   * per-day totals (migration 0014), the first and last rows from the (run_id, ts) index, the labels from
   * the feedback side: no scan of the log, however long it is.
   */
  models(projectId?: string): MonitoredModel[] {
    const db = this.deps.db;
    const totals = loggedRuns(db);
    const labelled = new Map(labelledPerRun(db).map((r) => [r.runId, r.n]));
    const rows = totals
      .map((t) => {
        const first = edgeLogRow(db, t.runId, 'ASC');
        const last = edgeLogRow(db, t.runId, 'DESC');
        return {
          runId: t.runId,
          projectId: last?.projectId ?? '',
          name: t.name,
          version: last?.version ?? null,
          rows: t.rows,
          labelled: labelled.get(t.runId) ?? 0,
          first: first?.ts ?? null,
          last: last?.ts ?? null,
        };
      })
      .filter((r) => r.last !== null && (!projectId || r.projectId === projectId))
      .sort((a, b) => (a.last! < b.last! ? 1 : a.last! > b.last! ? -1 : 0));
    return rows.map((r) => {
      const aliases = r.name ? this.aliasesOf(r.name, r.version) : [];
      return {
        ...r,
        ref: r.name && r.version ? `${r.name}@${r.version}` : r.runId,
        aliases,
        openAlerts: countAlerts(db, r.runId, 'open'),
      };
    });
  }

  private aliasesOf(name: string, version: number | null): string[] {
    try {
      return this.deps.registry().version(`${name}@${version}`).aliases;
    } catch {
      return [];
    }
  }

  /** Joins a CSV of labels (a file, or its text from an upload) to logged rows. */
  feedback(request: { model: string; input?: string; content?: string; idColumn?: string; labelColumn?: string }): FeedbackResult {
    const model = this.model(request.model);
    if (!request.input && request.content === undefined) throw monitorError('invalid_input', 'error.no_feedback_input', {}, 'Give a CSV file of labels (input) or its content.');
    const rows = request.input ? readCsvRows(request.input) : parseCsvText(request.content!, 'the uploaded file');
    if (!rows.length) throw monitorError('invalid_input', 'error.empty_csv', { file: request.input ?? 'upload' }, 'The labels file has no data rows.');
    const result = applyFeedback(this.deps.db, rows, {
      idColumn: request.idColumn,
      labelColumn: request.labelColumn,
      target: model.target,
      file: request.input ?? 'the uploaded file',
    });
    this.deps.events.emit('workspace.changed', { topic: 'monitor', projectId: model.projectId });
    return result;
  }

  /** Evaluates the alert rules on a window of logged rows; fired rules become open alerts. */
  async check(request: WindowInput & { model: string; reference?: string; watch?: string[]; minRows?: number }): Promise<CheckResult> {
    const model = this.model(request.model);
    const drift = await this.drift({ ...request });
    const perf = await this.performance({ ...request, window: '1d' });
    const unknown = (request.watch ?? []).filter((c) => !model.features.some((f) => f.name === c));
    if (unknown.length)
      throw monitorError(
        'invalid_input',
        'error.unknown_column',
        { columns: unknown.join(', '), known: model.features.map((f) => f.name).join(', ') },
        `The model reads no column ${unknown.join(', ')}.`,
      );
    const rules = evaluateRules(drift, perf, request.watch ?? []);
    const result = recordCheck(this.deps.db, { projectId: model.projectId, modelRef: request.model, runId: model.runId }, rules);
    this.deps.events.emit('workspace.changed', { topic: 'monitor', projectId: model.projectId });
    return result;
  }

  alerts(filter: { project?: string; model?: string; status?: 'open' | 'resolved'; limit?: number }): Alert[] {
    const projectId = filter.project ? this.deps.projects.idOf(filter.project) : undefined;
    const runId = filter.model ? this.model(filter.model).runId : undefined;
    return listAlerts(this.deps.db, { projectId, runId, status: filter.status, limit: filter.limit });
  }
}

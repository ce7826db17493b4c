/**
 * What monitoring needs to know about a model and its data: the model behind a reference (run id, M,
 * M@VERSION, M@alias), the reference rows (the training split of the run's data set version, or every
 * row of another version), and logged raw inputs turned into columns like a loaded table's.
 */
import { AppError, type Issue } from '../../../shared/contract/errors.js';
import type { Criterion } from '../../../shared/schemas/charter.js';
import type { ColumnType } from '../../../shared/schemas/dataset.js';
import type { Run } from '../../../shared/schemas/training.js';
import type { DatasetAccess, LoadedTable } from '../datasets/types.js';
import type { ProjectService } from '../projects/service.js';
import type { RegistryService } from '../registry/service.js';
import { MISSING_TOKENS } from '../training/preprocess.js';
import type { ColumnValues } from '../stats/column-drift.js';

export interface MonitorDeps {
  registry: () => RegistryService;
  training: () => { get(id: string): Run; wait(id: string): Promise<Run> };
  datasets: () => DatasetAccess;
  projects: ProjectService;
}

export interface ModelFeatureInfo {
  name: string;
  type: ColumnType;
  kind: 'numeric' | 'categorical' | 'skip';
}

export interface ModelContext {
  ref: string;
  runId: string;
  run: Run;
  name: string | null;
  version: number | null;
  projectId: string;
  task: 'binary' | 'multiclass' | 'regression';
  classes: string[] | null;
  target: string;
  features: ModelFeatureInfo[];
  criteria: Criterion[];
}

export function monitorIssue(key: string, params: Record<string, unknown>, message: string): Issue {
  return { path: [], key: `monitor:${key}`, params, message };
}

export function monitorError(code: AppError['code'], key: string, params: Record<string, unknown>, message: string): AppError {
  return new AppError(code, message, { issues: [monitorIssue(key, params, message)] });
}

const kindOf = (t: ColumnType): ModelFeatureInfo['kind'] => (t === 'numeric' || t === 'datetime' ? 'numeric' : t === 'categorical' || t === 'boolean' ? 'categorical' : 'skip');

export function resolveModel(deps: MonitorDeps, ref: string): ModelContext {
  const resolved = deps.registry().resolveRunRef(ref);
  const run = deps.training().get(resolved.runId);
  if (run.status !== 'succeeded' || !run.packageHash) {
    throw monitorError('conflict', 'error.run_not_finished', { run: run.id, status: run.status }, `Run ${run.id} is ${run.status}; only a trained model can be monitored.`);
  }
  if (run.design.inputKind !== 'tabular') {
    throw monitorError('invalid_input', 'error.images_not_supported', { ref }, `${ref} reads images; monitoring works on table models (columns to compare).`);
  }
  const version = deps.datasets().resolveVersion(run.datasetVersionId, run.projectId);
  const types = new Map(version.columns.map((c) => [c.name, c.type]));
  const target = version.target ?? version.columns.find((c) => c.role === 'target')?.name ?? '';
  const project = deps.projects.resolve(run.projectId);
  return {
    ref,
    runId: run.id,
    run,
    name: resolved.model?.modelName ?? null,
    version: resolved.model?.version ?? null,
    projectId: run.projectId,
    task: run.taskType as ModelContext['task'],
    classes: run.classes,
    target,
    features: run.features.map((name) => {
      const type = types.get(name) ?? 'numeric';
      return { name, type, kind: kindOf(type) };
    }),
    criteria: project.criteria,
  };
}

export interface Reference {
  table: LoadedTable;
  rows: Int32Array;
  datasetRef: string;
  subset: 'train' | 'all';
  /** Rows held out from training (validation + test), for calibration; null for another version. */
  heldOut: Int32Array | null;
  /** Names exactly these rows of this (immutable) data set version: the key of cached reference columns. */
  key: string;
}

export async function loadReference(deps: MonitorDeps, model: ModelContext, referenceRef?: string): Promise<Reference> {
  const datasets = deps.datasets();
  const version = datasets.resolveVersion(referenceRef ?? model.run.datasetVersionId, model.projectId);
  if (version.kind !== 'table')
    throw monitorError(
      'invalid_input',
      'error.reference_images',
      { dataset: version.name },
      `Data set ${version.name}@${version.version} holds images; the reference must be a table.`,
    );
  const missing = model.features.filter((f) => !version.columns.some((c) => c.name === f.name)).map((f) => f.name);
  if (missing.length) {
    const ref = `${version.name}@${version.version}`;
    throw monitorError(
      'invalid_input',
      'error.reference_columns',
      { dataset: ref, columns: missing.join(', ') },
      `Data set ${ref} lacks the model's columns ${missing.join(', ')}; pick a reference with them.`,
    );
  }
  const table = await datasets.loadTable(version.id);
  const datasetRef = `${version.name}@${version.version}`;
  if (version.id === model.run.datasetVersionId && !referenceRef) {
    const split = datasets.getSplit(model.run.splitId);
    const heldOut = Int32Array.from([...split.validation, ...split.test]);
    return { table, rows: split.train, datasetRef, subset: 'train', heldOut: heldOut.length ? heldOut : null, key: `${version.id}:split:${model.run.splitId}` };
  }
  return { table, rows: Int32Array.from({ length: table.rowCount }, (_, i) => i), datasetRef, subset: 'all', heldOut: null, key: `${version.id}:all` };
}

/**
 * Reference columns already taken out, newest use last (at most 64 columns). A data set version never
 * changes, so an entry named by version, rows and column is never stale; keeping the same array also lets
 * the drift statistics reuse what they derived from it (stats/column-drift.ts: its sorted values, counts).
 */
const columns = new Map<string, ColumnValues>();
const MAX_CACHED_COLUMNS = 64;

/** A column of the reference at the chosen rows (callers must not change it: it is shared). */
export function referenceColumn(ref: Reference, name: string): ColumnValues {
  const key = `${ref.key}:${name}`;
  const hit = columns.get(key);
  if (hit) {
    columns.delete(key);
    columns.set(key, hit);
    return hit;
  }
  const v = ref.table.values[name];
  const out = v instanceof Float64Array ? Float64Array.from(ref.rows, (r) => v[r]) : Array.from(ref.rows, (r) => v[r]);
  columns.set(key, out);
  if (columns.size > MAX_CACHED_COLUMNS) columns.delete(columns.keys().next().value!);
  return out;
}

const TRUE = new Set(['true', 'yes', 'y', 't', '1']);
const FALSE = new Set(['false', 'no', 'n', 'f', '0']);

function missing(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v)) || (typeof v === 'string' && MISSING_TOKENS.has(v.trim().toLowerCase()));
}

/** A raw cell as the loaded table holds it: numbers (booleans 0/1, dates epoch ms) or text; NaN/null when missing or unreadable. */
export function readCell(v: unknown, type: ColumnType): number | string | null {
  if (missing(v)) return type === 'categorical' || type === 'text' ? null : NaN;
  if (type === 'categorical' || type === 'text') return String(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const s = String(v).trim();
  if (type === 'boolean') return TRUE.has(s.toLowerCase()) ? 1 : FALSE.has(s.toLowerCase()) ? 0 : NaN;
  if (type === 'datetime') return Date.parse(s);
  const n = Number(s);
  return Number.isFinite(n) ? n : NaN;
}

/** Parsed inputs of logged rows (JSON objects) as columns of the model's features. */
export function columnsOf(inputs: Record<string, unknown>[], features: ModelFeatureInfo[]): Record<string, ColumnValues> {
  const out: Record<string, ColumnValues> = {};
  for (const f of features) {
    if (f.type === 'categorical' || f.type === 'text') out[f.name] = inputs.map((r) => readCell(r[f.name], f.type) as string | null);
    else out[f.name] = Float64Array.from(inputs, (r) => readCell(r[f.name], f.type) as number);
  }
  return out;
}

export function parseJson(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * What monitoring needs to know about a model and its data: the model behind a reference (run id, M,
 * M@VERSION, M@alias), the reference rows (the training split of the run's data set version, or every
 * row of another version), and logged raw inputs turned into columns like a loaded table's.
 */
import { AppError, type Issue } from '../../../shared/contract/errors.js';
import type { Criterion } from '../../../shared/schemas/charter.js';
import type { Column, ColumnType } from '../../../shared/schemas/dataset.js';
import { columnPrep } from '../../../shared/schemas/prep.js';
import type { Run } from '../../../shared/schemas/training.js';
import { CellError, readCell, type CellSpec } from '../datasets/cells.js';
import type { DatasetAccess, LoadedTable } from '../datasets/types.js';
import type { ProjectService } from '../projects/service.js';
import type { RegistryService } from '../registry/service.js';
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
  /** How a logged raw cell of this column is read: the training version's type, missing-value tokens and date order. */
  cell: CellSpec;
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

/** A column's cell-reading settings as the training version stores them (as the model package copies them). */
function cellSpec(name: string, type: ColumnType, column: Column | undefined): CellSpec {
  const prep = columnPrep(column ?? { type });
  const spec: CellSpec = { name, type, missingTokens: prep.missingTokens };
  if (type === 'datetime' && prep.dateOrder !== 'ymd') spec.dateOrder = prep.dateOrder;
  return spec;
}

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
  const byName = new Map(version.columns.map((c) => [c.name, c]));
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
      const type = byName.get(name)?.type ?? 'numeric';
      return { name, type, kind: kindOf(type), cell: cellSpec(name, type, byName.get(name)) };
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

/**
 * A logged raw cell as the loaded table holds it (numbers: booleans 0/1, dates epoch ms; or text), read by
 * datasets/cells.ts readCell with the column's own settings, as the model read it when it was served.
 * NaN/null when missing, and also when unreadable: one bad logged cell must not stop a drift report.
 */
export function readLoggedCell(v: unknown, spec: CellSpec): number | string | null {
  try {
    return readCell(v, spec);
  } catch (err) {
    if (!(err instanceof CellError)) throw err;
    return spec.type === 'categorical' || spec.type === 'text' ? null : NaN;
  }
}

/**
 * Parsed inputs of logged rows (JSON objects) as columns of the model's features. With the reference, a
 * categorical column stored as numbers reads a logged 1.50 as "1.5", as its reference values are written.
 */
export function columnsOf(inputs: Record<string, unknown>[], features: ModelFeatureInfo[], ref?: Reference): Record<string, ColumnValues> {
  const out: Record<string, ColumnValues> = {};
  for (const f of features) {
    const stored = ref?.table.stored?.columns.find((c) => c.name === f.name);
    const spec: CellSpec = f.type === 'categorical' && stored?.storage === 'f64' ? { ...f.cell, numericLabels: true } : f.cell;
    if (f.type === 'categorical' || f.type === 'text') out[f.name] = inputs.map((r) => readLoggedCell(r[f.name], spec) as string | null);
    else out[f.name] = Float64Array.from(inputs, (r) => readLoggedCell(r[f.name], spec) as number);
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

/**
 * The data set drift report from columns of reference and current values: one test per column (the
 * Evidently default or an override), the share of drifted columns against 0.5, the multivariate PCA
 * check, all with explanations. Pure: the service loads the data and the model.
 */
import type { ColumnDrift, DriftMethod, MultivariateDrift, Text } from '../../../shared/schemas/monitoring.js';
import { columnDrift, DEFAULT_MIN_ROWS, type ColumnValues } from '../stats/column-drift.js';
import { chunkBounds, fitPca } from '../stats/pca.js';
import { mulberry32, permutation } from '../stats/random.js';

export interface DriftColumn {
  name: string;
  kind: 'numeric' | 'categorical';
  reference: ColumnValues;
  current: ColumnValues;
  importance?: number | null;
}

export interface DriftOptions {
  overrides?: Record<string, { method?: DriftMethod; threshold?: number }>;
  /** Share of drifted columns at which the data set counts as drifted (Evidently: 0.5). */
  shareThreshold?: number;
  minRows?: number;
  multivariate?: boolean;
}

export interface DatasetDrift {
  columns: ColumnDrift[];
  datasetDrift: boolean | null;
  driftShare: number | null;
  threshold: number;
  driftedColumns: number;
  testedColumns: number;
  minRows: number;
  multivariate: MultivariateDrift | null;
  summary: Text;
}

const text = (key: string, params: Record<string, unknown>, message: string): Text => ({ key: `monitor:${key}`, params, message });

export function datasetDrift(columns: DriftColumn[], referenceRows: number, currentRows: number, options: DriftOptions = {}): DatasetDrift {
  const minRows = options.minRows ?? DEFAULT_MIN_ROWS;
  const threshold = options.shareThreshold ?? 0.5;
  const results = columns.map((c) =>
    columnDrift({ ...c, method: options.overrides?.[c.name]?.method, threshold: options.overrides?.[c.name]?.threshold, minRows, importance: c.importance ?? null }),
  );
  const tested = results.filter((r) => r.drifted !== null);
  const drifted = tested.filter((r) => r.drifted).length;
  const share = tested.length ? drifted / tested.length : null;
  const flag = share === null ? null : share >= threshold;
  // the columns that moved most first (by effect size), untested ones last
  results.sort((a, b) => (b.effectSize.value ?? -1) - (a.effectSize.value ?? -1));
  const multivariate = options.multivariate === false ? null : pcaDrift(columns, referenceRows, currentRows, minRows);
  const names = results.filter((r) => r.drifted).map((r) => r.name);
  const params = { drifted, tested: tested.length, share, threshold, columns: names.slice(0, 5).join(', ') };
  const summary =
    flag === null
      ? text('summary.not_enough_data', { minRows, rows: currentRows }, `Not enough current data to judge drift: at least ${minRows} rows with values are needed per column.`)
      : flag
        ? text(
            'summary.drifted',
            params,
            `The data drifted: ${drifted} of ${tested.length} columns changed (share ${(share! * 100).toFixed(0)} % >= ${threshold * 100} %): ${params.columns}.`,
          )
        : text('summary.stable', params, `No data set drift: ${drifted} of ${tested.length} columns changed (share ${(share! * 100).toFixed(0)} % < ${threshold * 100} %).`);
  return { columns: results, datasetDrift: flag, driftShare: share, threshold, driftedColumns: drifted, testedColumns: tested.length, minRows, multivariate, summary };
}

const PCA_ROWS = 20_000;

function sampleColumns(cols: ColumnValues[], rows: number, max: number): ColumnValues[] {
  if (rows <= max) return cols;
  const idx = Int32Array.from({ length: max }, (_, i) => Math.floor((i * rows) / max));
  return cols.map((v) => (v instanceof Float64Array ? Float64Array.from(idx, (i) => v[i]) : Array.from(idx, (i) => v[i])));
}

function pcaDrift(columns: DriftColumn[], referenceRows: number, currentRows: number, minRows: number): MultivariateDrift | null {
  if (columns.length < 2 || referenceRows < 2 * minRows) return null;
  // fitted on at most 20,000 reference rows and judged on at most 20,000 current rows (evenly spaced):
  // the components and the mean error of larger samples differ only by noise far below the bounds
  const refSample = sampleColumns(
    columns.map((c) => c.reference),
    referenceRows,
    PCA_ROWS,
  );
  const curSample = sampleColumns(
    columns.map((c) => c.current),
    currentRows,
    PCA_ROWS,
  );
  const nRef = Math.min(referenceRows, PCA_ROWS);
  const nCur = Math.min(currentRows, PCA_ROWS);
  const model = fitPca(
    columns.map((c, i) => ({ name: c.name, kind: c.kind, reference: refSample[i] })),
    nRef,
  );
  // shuffled reference errors, cut into chunks as large as the current sample (at most half the reference)
  const order = permutation(nRef, mulberry32(7));
  const shuffled = Float64Array.from(order, (i) => model.referenceErrors[i]);
  const chunkSize = Math.max(minRows, Math.min(nCur || minRows, Math.floor(nRef / 2)));
  const bounds = chunkBounds(shuffled, chunkSize);
  const referenceError = model.referenceErrors.reduce((a, b) => a + b, 0) / nRef;
  let currentError: number | null = null;
  if (currentRows >= minRows) {
    const errs = model.errors(Object.fromEntries(columns.map((c, i) => [c.name, curSample[i]])), nCur);
    currentError = errs.reduce((a, b) => a + b, 0) / nCur;
  }
  const drifted = currentError === null ? null : currentError < bounds.lower || currentError > bounds.upper;
  const r3 = (v: number) => Number(v.toPrecision(3));
  const params = {
    current: currentError === null ? null : r3(currentError),
    reference: r3(referenceError),
    lower: r3(bounds.lower),
    upper: r3(bounds.upper),
    components: model.components,
  };
  const t =
    currentError === null
      ? text('multivariate.not_enough_data', params, 'Not enough current rows for the multivariate check.')
      : drifted
        ? text(
            'multivariate.drifted',
            params,
            `The relationships between columns changed: the reconstruction error is ${params.current}, outside ${params.lower}..${params.upper} (reference ${params.reference}).`,
          )
        : text('multivariate.stable', params, `The relationships between columns hold: reconstruction error ${params.current}, within ${params.lower}..${params.upper}.`);
  return {
    method: 'pca_reconstruction',
    components: model.components,
    explainedVariance: model.explainedVariance,
    referenceError,
    currentError,
    lower: bounds.lower,
    upper: bounds.upper,
    chunkSize,
    chunks: bounds.chunks,
    drifted,
    explanation: t.message,
    explanationText: t,
  };
}

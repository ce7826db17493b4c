import type { MetricValues, SliceReport } from '../../../shared/schemas/evaluation.js';
import type { checkGates } from './gates.js';
import { classificationMetrics, positiveIndex, regressionMetricValues } from './metrics.js';
import type { Loaded } from './service.js';
import { computeSlices, type SliceOptions } from './slices.js';
import type { StoredPredictions } from '../store/evaluation-store.js';
import { keyedError } from './texts.js';

/** Metrics per value (or quantile bin) of a feature, from an evaluation's stored predictions and its data. */
export function sliceStored(
  p: StoredPredictions,
  data: Loaded,
  feature: string,
  criteria: Parameters<typeof checkGates>[0],
  options: SliceOptions,
  positiveClass: string | null,
): SliceReport {
  if (data.kind !== 'table') {
    const ref = `${data.images.version.name}@${data.images.version.version}`;
    throw keyedError('invalid_input', 'error.slices_need_table', { dataset: ref }, `Data set ${ref} holds images; slices need table columns to slice by.`);
  }
  const col = data.table.columns.find((c) => c.name === feature);
  const values = data.table.values[feature];
  if (!col || !values) {
    const known = data.table.columns.map((c) => c.name).join(', ');
    const ref = `${data.table.version.name}@${data.table.version.version}`;
    throw keyedError('invalid_input', 'error.no_column', { dataset: ref, column: feature, known }, `Data set ${ref} has no column "${feature}". Its columns: ${known}.`, {
      column: feature,
    });
  }
  const picked = sliceValues(values, col.type, p.rows, options.bins ?? 4);
  const K = p.classes?.length ?? 1;
  const compute = (positions: number[]): MetricValues => {
    if (p.classes) {
      const yTrue = Int32Array.from(positions, (i) => p.yTrue[i]);
      const proba = new Float64Array(positions.length * K);
      positions.forEach((i, j) => {
        for (let k = 0; k < K; k++) proba[j * K + k] = p.output[i * K + k];
      });
      return classificationMetrics({ classes: p.classes, yTrue, proba }, [], positiveIndex(p.classes, positiveClass));
    }
    if (positions.length < 2) return { mae: null, mse: null, rmse: null, r2: null, mape: null };
    return regressionMetricValues({ yTrue: Float64Array.from(positions, (i) => p.yTrue[i]), yPred: Float64Array.from(positions, (i) => p.output[i]) });
  };
  return computeSlices(feature, picked, compute, criteria, { ...options, datetime: col.type === 'datetime' });
}

/**
 * A feature's values at the evaluated rows, ready for slicing: booleans and numbers with few distinct
 * values are sliced by value (as categories), other numbers by quantile bins.
 */
export function sliceValues(values: Float64Array | (string | null)[], type: string, rows: number[], bins: number): Float64Array | (string | null)[] {
  if (!(values instanceof Float64Array)) return rows.map((r) => values[r]);
  const picked = Float64Array.from(rows, (r) => values[r]);
  const distinct = new Set(Array.from(picked).filter((v) => Number.isFinite(v)));
  if (type === 'boolean') return Array.from(picked, (v) => (Number.isFinite(v) ? (v ? 'true' : 'false') : null));
  if (distinct.size <= bins && type !== 'datetime') return Array.from(picked, (v) => (Number.isFinite(v) ? String(v) : null));
  return picked;
}

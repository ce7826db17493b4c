import type { Criterion } from '../../../shared/schemas/charter.js';
import type { MetricValues, Slice, SliceReport } from '../../../shared/schemas/evaluation.js';
import { percentile } from '../stats/latency.js';
import { checkGates, sliceableCriteria } from './gates.js';

export const MISSING = '(missing)';
export const OTHER = '(other)';

export interface SliceOptions {
  /** Numeric features: how many quantile bins (fewer when values repeat). Default 4. */
  bins?: number;
  /** Categorical features: the most frequent values get a slice each; the rest form "(other)". Default 20. */
  maxCategories?: number;
}

/** Computes the metrics of the rows at these positions of the evaluated set. */
export type SliceMetrics = (positions: number[]) => MetricValues;

/**
 * Edges of `bins` quantile bins of the finite values (numpy-style linear percentiles), with repeated
 * edges merged so a heavily tied column gives fewer bins rather than empty ones.
 */
export function quantileEdges(values: ArrayLike<number>, bins: number): number[] {
  const finite = Array.from(values).filter((v) => Number.isFinite(v));
  if (!finite.length) return [];
  const edges: number[] = [];
  for (let i = 0; i <= bins; i++) {
    const e = percentile(finite, (100 * i) / bins);
    if (!edges.length || e > edges[edges.length - 1]) edges.push(e);
  }
  if (edges.length === 1) edges.push(edges[0]);
  return edges;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString();
}

function groupNumeric(values: ArrayLike<number>, bins: number): { label: string; lower: number | null; upper: number | null; positions: number[] }[] {
  const edges = quantileEdges(values, bins);
  const groups = edges.slice(0, -1).map((lo, i) => {
    const hi = edges[i + 1];
    const last = i === edges.length - 2;
    const label = lo === hi ? fmt(lo) : `[${fmt(lo)}, ${fmt(hi)}${last ? ']' : ')'}`;
    return { label, lower: lo as number | null, upper: hi as number | null, positions: [] as number[] };
  });
  const missing: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      missing.push(i);
      continue;
    }
    // the bin whose [lower, upper) holds v; the last bin also takes its upper edge
    let b = 0;
    while (b < groups.length - 1 && v >= edges[b + 1]) b++;
    groups[b].positions.push(i);
  }
  const out = groups.filter((g) => g.positions.length);
  if (missing.length) out.push({ label: MISSING, lower: null, upper: null, positions: missing });
  return out;
}

function groupCategorical(values: ArrayLike<string | null>, maxCategories: number): { label: string; lower: null; upper: null; positions: number[] }[] {
  const byValue = new Map<string, number[]>();
  const missing: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) missing.push(i);
    else {
      const list = byValue.get(v);
      if (list) list.push(i);
      else byValue.set(v, [i]);
    }
  }
  const sorted = [...byValue.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out = sorted.slice(0, maxCategories).map(([label, positions]) => ({ label, lower: null, upper: null, positions }));
  const rest = sorted.slice(maxCategories).flatMap(([, p]) => p);
  if (rest.length) out.push({ label: OTHER, lower: null, upper: null, positions: rest.sort((a, b) => a - b) });
  if (missing.length) out.push({ label: MISSING, lower: null, upper: null, positions: missing });
  return out;
}

/**
 * Metrics per value of a categorical feature, or per quantile bin of a numeric one, each slice checked
 * against the charter's criteria (operational criteria are left out: they do not depend on the rows).
 * `values` holds the feature's value for each evaluated row, in the same order as the metrics see them.
 */
export function computeSlices(
  feature: string,
  values: Float64Array | (string | null)[],
  compute: SliceMetrics,
  criteria: Criterion[],
  options: SliceOptions = {},
): SliceReport {
  const kind = values instanceof Float64Array ? 'numeric' : 'categorical';
  const groups =
    values instanceof Float64Array ? groupNumeric(values, options.bins ?? 4) : groupCategorical(values, options.maxCategories ?? 20);
  const judged = sliceableCriteria(criteria);
  const slices: Slice[] = groups.map((g) => {
    const metrics = compute(g.positions);
    return { label: g.label, lower: g.lower, upper: g.upper, count: g.positions.length, metrics, gate: checkGates(judged, metrics) };
  });
  return { feature, kind, slices, failing: slices.filter((s) => s.gate.failed > 0).map((s) => s.label) };
}

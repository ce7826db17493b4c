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
  /** The numbers are dates (epoch ms, UTC as stored): bins labelled by date, edges on whole days when every value is one. */
  datetime?: boolean;
}

const DAY_MS = 86_400_000;

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

function fmt(v: number, datetime = false): string {
  if (datetime) {
    const iso = new Date(v).toISOString();
    return v % DAY_MS === 0 ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString();
}

/**
 * Dates that are all whole days get interior bin edges on whole days: the first day at or after the
 * interpolated edge puts every value in the same bin (values are days, so none lies in between), and the
 * labels read as days rather than as instants between them.
 */
function onWholeDays(edges: number[], values: ArrayLike<number>, positions: number[]): number[] {
  if (!positions.every((i) => values[i] % DAY_MS === 0)) return edges;
  const out = edges.map((e, i) => (i === 0 || i === edges.length - 1 ? e : Math.ceil(e / DAY_MS) * DAY_MS));
  return out.filter((e, i) => i === 0 || e > out[i - 1]);
}

type Group = { label: string; lower: number | null; upper: number | null; positions: number[] };

/**
 * The value that holds at least `share` of the finite values (a column that is mostly zeros), or null.
 * Quantile edges of such a column collapse onto it, so it gets a slice of its own and the rest is binned.
 */
export function dominantValue(values: ArrayLike<number>, share: number): number | null {
  const counts = new Map<number, number>();
  let finite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    finite++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let best: number | null = null;
  let bestCount = 0;
  for (const [v, c] of counts) if (c > bestCount) [best, bestCount] = [v, c];
  return finite > 0 && bestCount / finite >= share ? best : null;
}

function binned(values: ArrayLike<number>, positions: number[], bins: number, datetime: boolean): Group[] {
  const own = Float64Array.from(positions, (i) => values[i]);
  const quantiles = quantileEdges(own, bins);
  const edges = datetime && quantiles.length > 2 ? onWholeDays(quantiles, values, positions) : quantiles;
  const groups: Group[] = edges.slice(0, -1).map((lo, i) => {
    const hi = edges[i + 1];
    const last = i === edges.length - 2;
    const label = lo === hi ? fmt(lo, datetime) : `[${fmt(lo, datetime)}, ${fmt(hi, datetime)}${last ? ']' : ')'}`;
    return { label, lower: lo, upper: hi, positions: [] };
  });
  for (const i of positions) {
    const v = values[i];
    // the bin whose [lower, upper) holds v; the last bin also takes its upper edge
    let b = 0;
    while (b < groups.length - 1 && v >= edges[b + 1]) b++;
    groups[b].positions.push(i);
  }
  return groups.filter((g) => g.positions.length);
}

function groupNumeric(values: ArrayLike<number>, bins: number, datetime: boolean): Group[] {
  const missing: number[] = [];
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) (Number.isFinite(values[i]) ? finite : missing).push(i);
  // a value holding a whole bin's share or more (mostly zeros) is a slice of its own; the rest in quantile bins
  const dominant = bins > 1 ? dominantValue(values, 1 / bins) : null;
  let out: Group[];
  if (dominant === null) out = binned(values, finite, bins, datetime);
  else {
    const rest = finite.filter((i) => values[i] !== dominant);
    const own = { label: fmt(dominant, datetime), lower: dominant, upper: dominant, positions: finite.filter((i) => values[i] === dominant) };
    out = [own, ...binned(values, rest, Math.max(1, bins - 1), datetime)].sort((a, b) => (a.lower ?? 0) - (b.lower ?? 0));
  }
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
export function computeSlices(feature: string, values: Float64Array | (string | null)[], compute: SliceMetrics, criteria: Criterion[], options: SliceOptions = {}): SliceReport {
  const datetime = values instanceof Float64Array && options.datetime === true;
  const kind = values instanceof Float64Array ? (datetime ? 'datetime' : 'numeric') : 'categorical';
  const groups = values instanceof Float64Array ? groupNumeric(values, options.bins ?? 4, datetime) : groupCategorical(values, options.maxCategories ?? 20);
  const judged = sliceableCriteria(criteria);
  const slices: Slice[] = groups.map((g) => {
    const metrics = compute(g.positions);
    return { label: g.label, lower: g.lower, upper: g.upper, count: g.positions.length, metrics, gate: checkGates(judged, metrics) };
  });
  // one slice (a constant column, a single category) compares nothing: the report says so
  const note = slices.length < 2 ? ('single_slice' as const) : undefined;
  return { feature, kind, slices, failing: slices.filter((s) => s.gate.failed > 0).map((s) => s.label), ...(note ? { note } : {}) };
}

/**
 * Drift of one column, reference vs current, with the method Evidently picks by default (or an
 * override), an effect size beside the p-value, a minimum sample size, and a plain-language account of
 * what moved. Pure: values come in, a ColumnDrift goes out.
 */
import { pValueMethods, type ColumnDrift, type DriftMethod, type Text } from '../../../shared/schemas/monitoring.js';
import { binnedShares, chiSquare, jensenShannon, ks2SampSorted, populationStd, psi, sharesFromCounts, wassersteinSorted, zTestProportions } from './drift.js';
import { sortNumbers } from './sort.js';

export type ColumnValues = Float64Array | (string | null)[];

export interface ColumnDriftInput {
  name: string;
  kind: 'numeric' | 'categorical';
  reference: ColumnValues;
  current: ColumnValues;
  method?: DriftMethod;
  threshold?: number;
  /** Fewer non-missing values than this on either side: 'not enough data'. */
  minRows?: number;
  importance?: number | null;
}

export const DEFAULT_MIN_ROWS = 30;
export const defaultThreshold = (m: DriftMethod): number => (pValueMethods.includes(m) ? 0.05 : 0.1);

const text = (key: string, params: Record<string, unknown>, message: string): Text => ({ key: `monitor:${key}`, params, message });

/** Evidently's default test for a column (get_default_stattest), and the rule that chose it. */
export function defaultMethod(kind: 'numeric' | 'categorical', referenceRows: number, distinct: number): { method: DriftMethod; reason: string } {
  if (referenceRows <= 1000) {
    if (kind === 'numeric' && distinct > 5) return { method: 'ks', reason: 'small_reference_numeric' };
    return distinct > 2 ? { method: 'chisquare', reason: 'small_reference_categorical' } : { method: 'z', reason: 'small_reference_binary' };
  }
  if (kind === 'numeric' && distinct > 5) return { method: 'wasserstein', reason: 'large_reference_numeric' };
  return { method: 'jensenshannon', reason: 'large_reference_categorical' };
}

interface Side {
  /** Non-missing numbers, sorted ascending (a numeric column). */
  numbers: Float64Array | null;
  /** Non-missing values counted per label, labels in the order the shares list them (any other column). */
  counts: Map<string, number> | null;
  n: number;
  missing: number;
}

/** The non-missing values of a numeric column, sorted. */
function sortedNumbers(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[j++] = values[i];
  return sortNumbers(out);
}

/** Counts per value in one pass (no copy of the values): text in order of first appearance, numbers ascending. */
function countValues(values: ColumnValues): { counts: Map<string, number>; n: number } {
  if (values instanceof Float64Array) {
    const byNumber = new Map<number, number>();
    let n = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      byNumber.set(v, (byNumber.get(v) ?? 0) + 1);
      n++;
    }
    const counts = new Map<string, number>();
    for (const k of [...byNumber.keys()].sort((a, b) => a - b)) counts.set(String(k), (counts.get(String(k)) ?? 0) + byNumber.get(k)!);
    return { counts, n };
  }
  const counts = new Map<string, number>();
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === '') continue;
    counts.set(v, (counts.get(v) ?? 0) + 1);
    n++;
  }
  return { counts, n };
}

/**
 * What a reference column gives every test (sorted numbers or counts), kept per column array: a
 * reference is compared with many current windows, and its arrays are never changed once taken out
 * (monitoring/context.ts referenceColumn). Held weakly: it goes when the array goes.
 */
const derived = new WeakMap<object, { numeric: boolean; side: Side }>();

function referenceSide(values: ColumnValues, numeric: boolean): Side {
  const hit = derived.get(values);
  if (hit && hit.numeric === numeric) return hit.side;
  const s = side(values, numeric);
  derived.set(values, { numeric, side: s });
  return s;
}

function side(values: ColumnValues, numeric: boolean): Side {
  if (numeric && values instanceof Float64Array) {
    const numbers = sortedNumbers(values);
    return { numbers, counts: null, n: numbers.length, missing: values.length - numbers.length };
  }
  const { counts, n } = countValues(values);
  return { numbers: null, counts, n, missing: values.length - n };
}

function quantileSorted(s: Float64Array, q: number): number | null {
  if (!s.length) return null;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

function summarize(s: Float64Array) {
  if (!s.length) return { mean: null, median: null, p25: null, p75: null, std: null };
  let mean = 0;
  for (let i = 0; i < s.length; i++) mean += s[i];
  mean /= s.length;
  return { mean, median: quantileSorted(s, 0.5), p25: quantileSorted(s, 0.25), p75: quantileSorted(s, 0.75), std: populationStd(s) };
}

/** Distinct values of both samples, counted up to `cap` (only 2 and 5 matter to the method choice). */
function distinctCount(a: ArrayLike<unknown>, b: ArrayLike<unknown>, cap = 6): number {
  const set = new Set<unknown>();
  for (let i = 0; i < a.length && set.size < cap; i++) set.add(a[i]);
  for (let i = 0; i < b.length && set.size < cap; i++) set.add(b[i]);
  return set.size;
}

const round = (v: number) => Number(v.toPrecision(3));
const pct = (v: number) => `${Math.round(v * 1000) / 10} %`;

export function columnDrift(input: ColumnDriftInput): ColumnDrift {
  const minRows = input.minRows ?? DEFAULT_MIN_ROWS;
  const numeric = input.kind === 'numeric' && input.reference instanceof Float64Array && input.current instanceof Float64Array;
  const ref = referenceSide(input.reference, numeric);
  const cur = side(input.current, numeric);
  const nR = ref.n;
  const nC = cur.n;
  const distinct = numeric ? distinctCount(ref.numbers!, cur.numbers!) : new Set([...ref.counts!.keys(), ...cur.counts!.keys()]).size;
  const auto = defaultMethod(numeric ? 'numeric' : 'categorical', nR, distinct);
  const method = input.method ?? auto.method;
  const methodReason = input.method ? 'override' : auto.reason;
  const threshold = input.threshold ?? defaultThreshold(method);
  const missingShare = {
    reference: input.reference.length ? ref.missing / input.reference.length : 0,
    current: input.current.length ? cur.missing / input.current.length : 0,
  };
  const binned = (fillZeroes: boolean) =>
    numeric ? binnedShares(ref.numbers!, cur.numbers!, true, 30, fillZeroes) : sharesFromCounts(ref.counts!, nR, cur.counts!, nC, fillZeroes);
  const shares = binned(false);
  const summary = numeric ? { reference: summarize(ref.numbers!), current: summarize(cur.numbers!) } : null;
  const base = {
    name: input.name,
    type: numeric ? ('numeric' as const) : ('categorical' as const),
    method,
    methodReason,
    threshold,
    rows: { reference: nR, current: nC },
    missingShare,
    importance: input.importance ?? null,
    summary,
    shares: { labels: shares.labels, reference: Array.from(shares.reference), current: Array.from(shares.current) },
  };
  if (nR < minRows || nC < minRows) {
    const t = text(
      'explain.not_enough_data',
      { column: input.name, reference: nR, current: nC, minRows },
      `Not enough data to judge "${input.name}": ${nR} reference and ${nC} current values; at least ${minRows} of each are needed.`,
    );
    return {
      ...base,
      statistic: null,
      pValue: null,
      drifted: null,
      status: 'not_enough_data',
      effectSize: { kind: numeric ? 'wasserstein_norm' : 'jensenshannon', value: null },
      explanation: t.message,
      explanationText: t,
    };
  }
  const effect = numeric
    ? { kind: 'wasserstein_norm' as const, value: wassersteinSorted(ref.numbers!, cur.numbers!) / Math.max(summary!.reference.std!, 0.001) }
    : { kind: 'jensenshannon' as const, value: jensenShannon(shares.reference, shares.current) };
  let statistic: number;
  let pValue: number | null = null;
  if (method === 'ks') {
    if (!numeric) throw new Error(`Column "${input.name}" is not numeric; the KS test needs numbers.`);
    const r = ks2SampSorted(ref.numbers!, cur.numbers!);
    ((statistic = r.statistic), (pValue = r.pValue));
  } else if (method === 'wasserstein') {
    if (!numeric) throw new Error(`Column "${input.name}" is not numeric; the Wasserstein distance needs numbers.`);
    statistic = effect.value;
  } else if (method === 'jensenshannon') {
    statistic = numeric ? jensenShannon(shares.reference, shares.current) : effect.value;
  } else if (method === 'psi') {
    const f = binned(true);
    statistic = psi(f.reference, f.current);
  } else {
    // chi-squared and z-test on per-value counts (Evidently's chi_stat_test and z_stat_test)
    const labels = shares.labels;
    const obs = shares.current.map((s) => s * nC);
    const exp = shares.reference.map((s) => s * nC);
    if (method === 'z' && labels.length <= 2) {
      const key = [...labels].sort()[0];
      const k = labels.indexOf(key);
      const r = labels.length < 2 ? { statistic: 0, pValue: 1 } : zTestProportions(Math.round(shares.reference[k] * nR), nR, Math.round(shares.current[k] * nC), nC);
      ((statistic = r.statistic), (pValue = r.pValue));
    } else {
      const r = chiSquare(obs, exp);
      ((statistic = r.statistic), (pValue = r.pValue));
    }
  }
  const drifted = pValue !== null ? pValue < threshold : statistic >= threshold;
  const t = explain(input.name, numeric, drifted, base.summary, shares.labels, shares.reference, shares.current, method, statistic);
  return { ...base, statistic, pValue, drifted, status: drifted ? 'drifted' : 'stable', effectSize: effect, explanation: t.message, explanationText: t };
}

function explain(
  name: string,
  numeric: boolean,
  drifted: boolean,
  summary: ColumnDrift['summary'],
  labels: string[],
  ref: Float64Array,
  cur: Float64Array,
  method: DriftMethod,
  statistic: number,
): Text {
  const band = method === 'psi' ? (statistic >= 0.25 ? 'major' : statistic >= 0.1 ? 'moderate' : 'none') : null;
  const tail = band
    ? ` PSI ${round(statistic)}: ${band === 'major' ? 'a major shift (>= 0.25)' : band === 'moderate' ? 'a moderate shift (0.1-0.25)' : 'no significant shift (< 0.1)'}.`
    : '';
  if (numeric && summary) {
    const from = summary.reference.median!;
    const to = summary.current.median!;
    const params = { column: name, from: round(from), to: round(to), meanFrom: round(summary.reference.mean!), meanTo: round(summary.current.mean!), psiBand: band };
    return drifted
      ? text('explain.numeric_drifted', params, `"${name}" moved: its median went from ${params.from} to ${params.to} (mean ${params.meanFrom} -> ${params.meanTo}).${tail}`)
      : text('explain.numeric_stable', params, `"${name}" looks the same: median ${params.from} in the reference, ${params.to} now.${tail}`);
  }
  let best = 0;
  for (let i = 1; i < labels.length; i++) {
    const d = Math.abs(cur[i] - ref[i]) - Math.abs(cur[best] - ref[best]);
    // the biggest change; on a tie, the category that grew
    if (d > 1e-12 || (Math.abs(d) <= 1e-12 && cur[i] - ref[i] > cur[best] - ref[best])) best = i;
  }
  const params = {
    column: name,
    category: labels[best] ?? '',
    from: ref[best] ?? 0,
    to: cur[best] ?? 0,
    fromPct: Math.round((ref[best] ?? 0) * 1000) / 10,
    toPct: Math.round((cur[best] ?? 0) * 1000) / 10,
    psiBand: band,
  };
  if (drifted && (ref[best] ?? 0) === 0)
    return text('explain.category_new', params, `"${name}" has a category the reference never had: "${params.category}" is ${pct(params.to)} of current rows.${tail}`);
  return drifted
    ? text('explain.category_drifted', params, `"${name}" moved: category "${params.category}" went from ${pct(params.from)} to ${pct(params.to)} of rows.${tail}`)
    : text('explain.category_stable', params, `"${name}" looks the same: its largest change is category "${params.category}", ${pct(params.from)} -> ${pct(params.to)}.${tail}`);
}

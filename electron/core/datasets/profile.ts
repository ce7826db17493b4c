import type { Column, ColumnProfile, NumericSummary, TableProfile } from '../../../shared/schemas/dataset.js';
import { cellText, type RawColumn, type RawTable } from './columns.js';
import { correlator } from './correlate.js';
import { sortFloat64 } from './radix.js';

export { pearson } from './correlate.js';
import { classCodes, isNumericType, numbersOf } from './typed.js';

const TOP_K = 20;
const BINS = 20;
const MAX_CORRELATION_COLUMNS = 64;
/** leakage is judged only on at least this many rows where the feature is present ... */
const LEAK_MIN_ROWS = 20;
/** ... and at least this share of all rows */
const LEAK_MIN_FRACTION = 0.05;
/** Above this many multiply-adds, correlations use an evenly spaced sample of rows. */
const CORRELATION_BUDGET = 4e8;

/** Quantile of sorted values with linear interpolation (numpy's default, pandas' too). */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = p * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** min, max, mean, sample std (n - 1), quantiles and a 20-bin histogram of the present values; also the distinct count. */
export function numericSummary(values: Float64Array): { summary: NumericSummary | null; distinct: number } {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  if (n === 0) return { summary: null, distinct: 0 };
  const sorted = new Float64Array(n);
  let j = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) {
      sorted[j++] = v;
      sum += v;
    }
  }
  sortFloat64(sorted);
  const mean = sum / n;
  let sq = 0;
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    const d = sorted[i] - mean;
    sq += d * d;
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  }
  const min = sorted[0];
  const max = sorted[n - 1];
  const bins = min === max ? 1 : BINS;
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    const b = width === 0 ? 0 : Math.min(bins - 1, Math.floor((sorted[i] - min) / width));
    counts[b]++;
  }
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? max : min + k * width));
  return {
    summary: {
      min,
      max,
      mean,
      std: n > 1 ? Math.sqrt(sq / (n - 1)) : 0,
      quantiles: {
        p05: quantileSorted(sorted, 0.05),
        p25: quantileSorted(sorted, 0.25),
        p50: quantileSorted(sorted, 0.5),
        p75: quantileSorted(sorted, 0.75),
        p95: quantileSorted(sorted, 0.95),
      },
      histogram: { edges, counts },
    },
    distinct,
  };
}

/**
 * The TOP_K most frequent values (count desc, then value) without building an entry per distinct value,
 * so an id column with a million distinct values stays cheap.
 */
function topK(counts: Float64Array, dict: string[]): { value: string; count: number }[] {
  const sorted = counts.slice().sort();
  const threshold = Math.max(1, counts.length > TOP_K ? sorted[counts.length - TOP_K] : 1);
  const above: number[] = [];
  const ties: number[] = [];
  for (let k = 0; k < counts.length; k++) {
    if (counts[k] > threshold) above.push(k);
    else if (counts[k] === threshold) {
      // keep only the TOP_K smallest values among the ties, in order
      if (ties.length === TOP_K && dict[k] >= dict[ties[TOP_K - 1]]) continue;
      let at = ties.length;
      while (at > 0 && dict[ties[at - 1]] > dict[k]) at--;
      ties.splice(at, 0, k);
      if (ties.length > TOP_K) ties.pop();
    }
  }
  const byCount = (a: number, b: number) => counts[b] - counts[a] || (dict[a] < dict[b] ? -1 : dict[a] > dict[b] ? 1 : 0);
  return [...above.sort(byCount), ...ties]
    .slice(0, TOP_K)
    .map((k) => ({ value: dict[k], count: counts[k] }));
}

/** Value counts of a column seen as categories: distinct count, top values (count desc, then value), the rest. */
export function valueCounts(col: RawColumn): { distinct: number; top: { value: string; count: number }[]; otherCount: number } {
  let entries: [string, number][];
  if (col.storage === 'dict') {
    const counts = new Float64Array(col.dict.length);
    for (let i = 0; i < col.codes.length; i++) if (col.codes[i] >= 0) counts[col.codes[i]]++;
    let distinct = 0;
    let present = 0;
    for (let k = 0; k < counts.length; k++) if (counts[k] > 0) (distinct++, (present += counts[k]));
    const top = topK(counts, col.dict);
    return { distinct, top, otherCount: present - top.reduce((s, t) => s + t.count, 0) };
  } else {
    const m = new Map<number, number>();
    for (let i = 0; i < col.values.length; i++) {
      const v = col.values[i];
      if (v === v) m.set(v, (m.get(v) ?? 0) + 1);
    }
    entries = [...m.entries()].map(([v, c]) => [String(v), c]);
  }
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const top = entries.slice(0, TOP_K).map(([value, count]) => ({ value, count }));
  const present = entries.reduce((s, e) => s + e[1], 0);
  return { distinct: entries.length, top, otherCount: present - top.reduce((s, t) => s + t.count, 0) };
}

function examples(col: RawColumn): string[] {
  const out = new Set<string>();
  const n = col.storage === 'f64' ? col.values.length : col.codes.length;
  for (let i = 0; i < n && out.size < 5; i++) {
    const t = cellText(col, i);
    if (t !== null) out.add(t.length > 80 ? t.slice(0, 77) + '...' : t);
  }
  return [...out];
}

/** Rows equal to an earlier row (all columns), counted with a 53-bit hash per row. */
export function duplicateRows(table: RawTable): number {
  const n = table.rows;
  const h1 = new Uint32Array(n).fill(0x811c9dc5);
  const h2 = new Uint32Array(n).fill(0x01000193);
  const pair = new Float64Array(1);
  const words = new Uint32Array(pair.buffer);
  const mix = (h: number, x: number, k: number) => Math.imul((h ^ x) >>> 0, k) >>> 0;
  for (const col of table.columns) {
    if (col.storage === 'f64') {
      for (let i = 0; i < n; i++) {
        pair[0] = col.values[i];
        h1[i] = mix(mix(h1[i], words[0], 0x01000193), words[1], 0x01000193);
        h2[i] = mix(mix(h2[i], words[1], 0x5bd1e995), words[0], 0x5bd1e995);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const c = col.codes[i];
        h1[i] = mix(h1[i], c, 0x01000193);
        h2[i] = mix(h2[i], c ^ 0x9e3779b9, 0x5bd1e995);
      }
    }
  }
  return n - distinctPairs(h1, h2);
}

/** How many distinct (a[i] & 0x1fffff, b[i]) pairs there are: an open-addressing set on typed arrays (no boxed numbers). */
function distinctPairs(a: Uint32Array, b: Uint32Array): number {
  const n = a.length;
  let size = 1024;
  while (size < n * 2) size *= 2;
  const mask = size - 1;
  const keysA = new Int32Array(size).fill(-1);
  const keysB = new Uint32Array(size);
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i] & 0x1fffff;
    const y = b[i];
    let s = Math.imul(x ^ Math.imul(y, 0x9e3779b1), 0x85ebca6b) & mask;
    while (true) {
      const k = keysA[s];
      if (k === -1) {
        keysA[s] = x;
        keysB[s] = y;
        distinct++;
        break;
      }
      if (k === x && keysB[s] === y) break;
      s = (s + 1) & mask;
    }
  }
  return distinct;
}

/**
 * Features that give the target away: a categorical feature whose every value goes with one target
 * class (and that is not an id: fewer distinct values than half the rows), or a feature equal to the
 * target. Only judged on enough evidence: the rows where the feature (and the target) are present must
 * be at least max(20, 5% of the rows) and hold at least 2 target classes; a mostly empty column whose
 * few values happen to share a class is not leakage.
 */
function categoricalLeaks(table: RawTable, schema: Column[], targetCol: RawColumn, targetType: Column['type']): TableProfile['leakage'] {
  const out: TableProfile['leakage'] = [];
  const target = classCodes(targetCol, targetType);
  const minPresent = Math.max(LEAK_MIN_ROWS, Math.ceil(LEAK_MIN_FRACTION * table.rows));
  for (let k = 0; k < schema.length; k++) {
    const c = schema[k];
    if (c.role !== 'feature' || (isNumericType(c.type) && c.type !== 'boolean')) continue;
    const feature = classCodes(table.columns[k], c.type);
    if (feature.classes.length < 2 || feature.classes.length > table.rows / 2) continue;
    const seen = new Int32Array(feature.classes.length).fill(-2);
    let perfect = true;
    let identical = true;
    let present = 0;
    let firstClass = -1;
    let classes = 0;
    for (let i = 0; i < table.rows && perfect; i++) {
      const f = feature.codes[i];
      const t = target.codes[i];
      if (f < 0 || t < 0) continue;
      present++;
      if (classes < 2 && t !== firstClass) {
        if (firstClass < 0) firstClass = t;
        classes++;
      }
      if (seen[f] === -2) seen[f] = t;
      else if (seen[f] !== t) perfect = false;
      if (feature.classes[f] !== target.classes[t]) identical = false;
    }
    if (perfect && present >= minPresent && classes >= 2) out.push({ column: c.name, kind: identical ? 'identical' : 'perfect_predictor', value: null });
  }
  return out;
}

/** The profile of a table under its schema: computed on the in-memory columns right after the import. */
export function profileTable(table: RawTable, schema: Column[], target: string | null): TableProfile {
  const numbers = new Map<string, Float64Array>();
  const columns: ColumnProfile[] = table.columns.map((col, k) => {
    const c = schema[k];
    const base = { name: c.name, type: c.type, role: c.role, missing: c.missing, examples: examples(col) };
    if (isNumericType(c.type)) {
      const values = numbersOf(col, c.type);
      if (c.type !== 'datetime') numbers.set(c.name, values);
      const { summary, distinct } = numericSummary(values);
      const counts = c.type === 'boolean' ? valueCounts({ name: c.name, storage: 'f64', values }) : null;
      const top = counts ? counts.top.map((t) => ({ value: t.value === '1' ? 'true' : 'false', count: t.count })) : [];
      return { ...base, distinct, numeric: summary, top, otherCount: 0 };
    }
    const counts = valueCounts(col);
    return { ...base, distinct: counts.distinct, numeric: null, top: c.type === 'text' ? counts.top.slice(0, 10) : counts.top, otherCount: counts.otherCount };
  });

  const corrNames = [...numbers.keys()].filter((n) => schema.find((c) => c.name === n)!.role !== 'ignore').slice(0, MAX_CORRELATION_COLUMNS);
  const work = corrNames.length * corrNames.length * table.rows;
  const step = work > CORRELATION_BUDGET ? Math.ceil(work / CORRELATION_BUDGET) : 1;
  const matrix: (number | null)[][] = corrNames.map((_a, i) => corrNames.map((_b, j) => (i === j ? 1 : null)));
  const pearson = correlator(step);
  for (let i = 0; i < corrNames.length; i++) {
    for (let j = i + 1; j < corrNames.length; j++) {
      const r = pearson(numbers.get(corrNames[i])!, numbers.get(corrNames[j])!);
      matrix[i][j] = r;
      matrix[j][i] = r;
    }
  }

  let targetInfo: TableProfile['target'] = null;
  const targetCorrelations: TableProfile['targetCorrelations'] = [];
  let leakage: TableProfile['leakage'] = [];
  const tIndex = target === null ? -1 : schema.findIndex((c) => c.name === target);
  if (tIndex >= 0) {
    const t = schema[tIndex];
    const tCol = table.columns[tIndex];
    let tNumbers: Float64Array | null = null;
    let classes: { value: string; count: number }[] | null = null;
    if (t.type === 'categorical' || t.type === 'boolean') {
      const cc = classCodes(tCol, t.type);
      const counts = new Array<number>(cc.classes.length).fill(0);
      for (let i = 0; i < cc.codes.length; i++) if (cc.codes[i] >= 0) counts[cc.codes[i]]++;
      classes = cc.classes.map((value, i) => ({ value, count: counts[i] })).filter((c) => c.count > 0);
      if (cc.classes.length === 2) tNumbers = Float64Array.from(cc.codes, (c) => (c < 0 ? NaN : c));
      leakage = categoricalLeaks(table, schema, tCol, t.type);
    } else if (t.type === 'numeric') {
      tNumbers = numbers.get(t.name) ?? null;
    }
    targetInfo = { name: t.name, type: t.type, classes };
    if (tNumbers) {
      for (const c of schema) {
        if (c.role !== 'feature' || !numbers.has(c.name)) continue;
        const r = pearson(numbers.get(c.name)!, tNumbers);
        if (r === null) continue;
        targetCorrelations.push({ column: c.name, value: r });
        if (Math.abs(r) >= 0.999 && !leakage.some((l) => l.column === c.name)) leakage.push({ column: c.name, kind: 'correlation', value: r });
      }
      targetCorrelations.sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
    }
  }

  return {
    kind: 'table',
    rows: table.rows,
    columnCount: table.columns.length,
    duplicateRows: duplicateRows(table),
    columns,
    target: targetInfo,
    correlations: { columns: corrNames, matrix },
    targetCorrelations,
    correlationsSampled: step > 1,
    leakage,
  };
}

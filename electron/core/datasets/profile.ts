import type { Column, ColumnProfile, TableProfile } from '../../../shared/schemas/dataset.js';
import { cellText, type RawColumn, type RawTable } from './columns.js';
import { correlator } from './correlate.js';
import {
  assembleNumberStats,
  numberStats,
  numberTask,
  numberTaskCount,
  type NumberStats,
  type NumberStatsJob,
  type NumberTaskResult,
  type ReadySummaries,
} from './profile-numbers.js';

export { pearson } from './correlate.js';
export { numericSummary, quantileSorted } from './numeric-summary.js';
import { classCodes, isNumericType, numbersOf } from './typed.js';
import { Scratch } from './scratch.js';
import { mark } from './trace.js';

const TOP_K = 20;
const MAX_CORRELATION_COLUMNS = 64;
/** leakage is judged only on at least this many rows where the feature is present ... */
const LEAK_MIN_ROWS = 20;
/** ... and at least this share of all rows */
const LEAK_MIN_FRACTION = 0.05;
/** Above this many multiply-adds, correlations use an evenly spaced sample of rows. */
const CORRELATION_BUDGET = 4e8;

/** The k-th largest of counts (with repeats), as a full sort would give it, without sorting them all. */
function largest(counts: Float64Array, k: number): number {
  // the k largest seen so far, ascending
  const best = counts.slice(0, k).sort();
  for (let i = k; i < counts.length; i++) {
    const c = counts[i];
    if (c <= best[0]) continue;
    let at = 0;
    while (at + 1 < k && best[at + 1] < c) {
      best[at] = best[at + 1];
      at++;
    }
    best[at] = c;
  }
  return best[0];
}

/**
 * The TOP_K most frequent values (count desc, then value) without building an entry per distinct value,
 * so an id column with a million distinct values stays cheap.
 */
function topK(counts: Float64Array, dict: string[]): { value: string; count: number }[] {
  const threshold = Math.max(1, counts.length > TOP_K ? largest(counts, TOP_K) : 1);
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
  return [...above.sort(byCount), ...ties].slice(0, TOP_K).map((k) => ({ value: dict[k], count: counts[k] }));
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
    // a column of 0 and 1 (a boolean's numbers) is counted without a Map
    const flags = [0, 0];
    let other = false;
    for (let i = 0; i < col.values.length && !other; i++) {
      const v = col.values[i];
      if (v === 0 || v === 1) flags[v]++;
      else other = v === v;
    }
    if (!other) entries = flags.map((c, v): [string, number] => [String(v), c]).filter((e) => e[1] > 0);
    else {
      const m = new Map<number, number>();
      for (let i = 0; i < col.values.length; i++) {
        const v = col.values[i];
        if (v === v) m.set(v, (m.get(v) ?? 0) + 1);
      }
      entries = [...m.entries()].map(([v, c]) => [String(v), c]);
    }
  }
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const top = entries.slice(0, TOP_K).map(([value, count]) => ({ value, count }));
  const present = entries.reduce((s, e) => s + e[1], 0);
  return { distinct: entries.length, top, otherCount: present - top.reduce((s, t) => s + t.count, 0) };
}

function examples(col: RawColumn): string[] {
  const out = new Set<string>();
  const n = col.storage === 'f64' ? col.values.length : col.codes.length;
  // a dictionary of fewer than 5 values: once each has been seen, the rest of the rows add nothing
  const seen = col.storage === 'dict' && col.dict.length < 5 ? new Uint8Array(col.dict.length) : null;
  let left = seen ? seen.length : -1;
  for (let i = 0; i < n && out.size < 5 && left !== 0; i++) {
    const t = cellText(col, i);
    if (t !== null) out.add(t.length > 80 ? t.slice(0, 77) + '...' : t);
    if (seen && t !== null && !seen[(col as { codes: Int32Array }).codes[i]]) {
      seen[(col as { codes: Int32Array }).codes[i]] = 1;
      left--;
    }
  }
  return [...out];
}

/**
 * A column of text whose every row holds a value of its own (an id column): no two rows of the table can be
 * equal. Checked on the codes, so only for a dictionary with at least as many values as rows.
 */
function allDistinct(col: RawColumn, n: number): boolean {
  if (col.storage !== 'dict' || col.dict.length < n || col.codes.length !== n) return false;
  const seen = new Uint8Array(col.dict.length);
  for (let i = 0; i < n; i++) {
    const c = col.codes[i];
    if (c < 0 || seen[c]) return false;
    seen[c] = 1;
  }
  return true;
}

/**
 * Rows equal to an earlier row (all columns), counted with a 53-bit hash per row; none at all, without
 * hashing, when a column holds a different value in every row.
 */
export function duplicateRows(table: RawTable): number {
  const n = table.rows;
  if (table.columns.some((col) => allDistinct(col, n))) return 0;
  const h1 = new Uint32Array(n).fill(0x811c9dc5);
  const h2 = new Uint32Array(n).fill(0x01000193);
  const mix = (h: number, x: number, k: number) => Math.imul((h ^ x) >>> 0, k) >>> 0;
  for (const col of table.columns) {
    if (col.storage === 'f64') {
      // each value's two 32-bit words, read in place
      const words = new Uint32Array(col.values.buffer, col.values.byteOffset, 2 * n);
      for (let i = 0; i < n; i++) {
        const lo = words[2 * i];
        const hi = words[2 * i + 1];
        h1[i] = mix(mix(h1[i], lo, 0x01000193), hi, 0x01000193);
        h2[i] = mix(mix(h2[i], hi, 0x5bd1e995), lo, 0x5bd1e995);
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
function categoricalLeaks(
  table: RawTable,
  schema: Column[],
  target: { classes: string[]; codes: Int32Array },
  /** a column's numbers made for the profile already (a boolean one's 0/1), if any */
  numbers: (name: string) => Float64Array | undefined,
): TableProfile['leakage'] {
  const out: TableProfile['leakage'] = [];
  const minPresent = Math.max(LEAK_MIN_ROWS, Math.ceil(LEAK_MIN_FRACTION * table.rows));
  for (let k = 0; k < schema.length; k++) {
    const c = schema[k];
    if (c.role !== 'feature' || (isNumericType(c.type) && c.type !== 'boolean')) continue;
    // an id-like column (more values than half the rows) is skipped before its values are sorted into classes
    const col = table.columns[k];
    if (col.storage === 'dict' && c.type !== 'boolean' && (col.dict.length < 2 || col.dict.length > table.rows / 2)) continue;
    // a text column's own codes: its classes are its dictionary in another order (classCodes), which changes nothing here
    const feature = col.storage === 'dict' && c.type !== 'boolean' ? { classes: col.dict, codes: col.codes } : classCodes(col, c.type, numbers(c.name));
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
  const plan = planProfile(table, schema, target);
  const rest = plan.rest();
  return plan.assemble(rest, numberStats(plan.job));
}

/**
 * profileTable with a second thread (`helper`) taking part in the work on numbers: it takes tasks from the
 * shared counter (profile-numbers.ts takeTasks) while this thread does the rest, then this thread takes what
 * is left; tasks the helper took but gave nothing back for (null: it ended) are done here. The same profile
 * either way. `counter`: [next task, 1 once the helper has started taking tasks].
 */
export async function profileTableWith(
  table: RawTable,
  schema: Column[],
  target: string | null,
  helper: (job: NumberStatsJob, counter: Int32Array) => Promise<Map<number, NumberTaskResult> | null>,
  /** the summaries the helper made ahead, for the job's columns (import-thread.ts readySummaries) */
  ready: (columns: Float64Array[]) => ReadySummaries | null = () => null,
): Promise<TableProfile> {
  const plan = planProfile(table, schema, target);
  plan.job.ready = ready(plan.job.columns);
  const counter = new Int32Array(new SharedArrayBuffer(8));
  mark('plan done');
  const pending = helper(plan.job, counter);
  const rest = plan.rest();
  mark('rest done');
  // this thread's share of the tasks, one at a time: between tasks the event loop runs (the import flushes its
  // data blob meanwhile: importer.ts whileProfiling)
  const results = new Map<number, NumberTaskResult>();
  const pearson = correlator(plan.job.step);
  const scratch = new Scratch();
  for (let t = Atomics.add(counter, 0, 1); t < numberTaskCount(plan.job); t = Atomics.add(counter, 0, 1)) {
    results.set(t, numberTask(plan.job, t, pearson, scratch));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  // a helper that had not started when the tasks ran out has none: no need to wait for it
  mark('own tasks done');
  const theirs = Atomics.load(counter, 1) ? await pending : null;
  mark('helper tasks in');
  for (const [t, r] of theirs ?? []) if (!results.has(t)) results.set(t, r);
  return plan.assemble(rest, assembleNumberStats(plan.job, results));
}

function planProfile(table: RawTable, schema: Column[], target: string | null) {
  // the numbers of numeric, boolean and datetime columns: their summaries, correlations (not dates) and target correlations
  const job: NumberStatsJob = { columns: [], matrix: [], step: 1, target: null, features: [] };
  const slot = new Map<string, number>();
  const correlated: string[] = [];
  table.columns.forEach((col, k) => {
    const c = schema[k];
    if (!isNumericType(c.type)) return;
    slot.set(c.name, job.columns.length);
    job.columns.push(numbersOf(col, c.type, true, c.dateOrder));
    if (c.type !== 'datetime') correlated.push(c.name);
  });
  const corrNames = correlated.filter((n) => schema.find((c) => c.name === n)!.role !== 'ignore').slice(0, MAX_CORRELATION_COLUMNS);
  job.matrix = corrNames.map((n) => slot.get(n)!);
  const work = corrNames.length * corrNames.length * table.rows;
  job.step = work > CORRELATION_BUDGET ? Math.ceil(work / CORRELATION_BUDGET) : 1;

  const tIndex = target === null ? -1 : schema.findIndex((c) => c.name === target);
  const t = tIndex >= 0 ? schema[tIndex] : null;
  const targetClasses = t && (t.type === 'categorical' || t.type === 'boolean') ? classCodes(table.columns[tIndex], t.type) : null;
  if (targetClasses && targetClasses.classes.length === 2) {
    // in shared memory, as the columns (see numbersOf)
    const codes = targetClasses.codes;
    job.target = new Float64Array(new SharedArrayBuffer(8 * codes.length));
    for (let i = 0; i < codes.length; i++) job.target[i] = codes[i] < 0 ? NaN : codes[i];
  } else if (t?.type === 'numeric' && correlated.includes(t.name)) job.target = job.columns[slot.get(t.name)!];
  const features = job.target ? schema.filter((c) => c.role === 'feature' && correlated.includes(c.name)).map((c) => c.name) : [];
  job.features = features.map((n) => slot.get(n)!);

  /** everything but the work on numbers */
  const rest = () => ({
    perColumn: table.columns.map((col, k) => {
      const c = schema[k];
      const examplesOf = examples(col);
      if (c.type === 'boolean') return { examples: examplesOf, counts: valueCounts({ name: c.name, storage: 'f64', values: job.columns[slot.get(c.name)!] }) };
      return { examples: examplesOf, counts: isNumericType(c.type) ? null : valueCounts(col) };
    }),
    leakage: targetClasses ? categoricalLeaks(table, schema, targetClasses, (name) => (slot.has(name) ? job.columns[slot.get(name)!] : undefined)) : [],
    duplicateRows: duplicateRows(table),
  });

  const assemble = (done: ReturnType<typeof rest>, stats: NumberStats): TableProfile => {
    const columns: ColumnProfile[] = table.columns.map((_col, k) => {
      const c = schema[k];
      const { examples: ex, counts } = done.perColumn[k];
      const base = { name: c.name, type: c.type, role: c.role, missing: c.missing, examples: ex };
      if (isNumericType(c.type)) {
        const { summary, distinct } = stats.summaries[slot.get(c.name)!];
        const top = counts ? counts.top.map((x) => ({ value: x.value === '1' ? 'true' : 'false', count: x.count })) : [];
        return { ...base, distinct, numeric: summary, top, otherCount: 0 };
      }
      return { ...base, distinct: counts!.distinct, numeric: null, top: c.type === 'text' ? counts!.top.slice(0, 10) : counts!.top, otherCount: counts!.otherCount };
    });
    const matrix: (number | null)[][] = corrNames.map((_a, i) => corrNames.map((_b, j) => (i === j ? 1 : null)));
    let at = 0;
    for (let i = 0; i < corrNames.length; i++) {
      for (let j = i + 1; j < corrNames.length; j++) {
        matrix[i][j] = stats.pairs[at];
        matrix[j][i] = stats.pairs[at++];
      }
    }
    const leakage = done.leakage;
    const targetCorrelations: TableProfile['targetCorrelations'] = [];
    features.forEach((name, f) => {
      const r = stats.target[f];
      if (r === null) return;
      targetCorrelations.push({ column: name, value: r });
      if (Math.abs(r) >= 0.999 && !leakage.some((l) => l.column === name)) leakage.push({ column: name, kind: 'correlation', value: r });
    });
    targetCorrelations.sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
    let targetInfo: TableProfile['target'] = null;
    if (t) {
      let classes: { value: string; count: number }[] | null = null;
      if (targetClasses) {
        const counts = new Array<number>(targetClasses.classes.length).fill(0);
        for (let i = 0; i < targetClasses.codes.length; i++) if (targetClasses.codes[i] >= 0) counts[targetClasses.codes[i]]++;
        classes = targetClasses.classes.map((value, i) => ({ value, count: counts[i] })).filter((x) => x.count > 0);
      }
      targetInfo = { name: t.name, type: t.type, classes };
    }
    return {
      kind: 'table',
      rows: table.rows,
      columnCount: table.columns.length,
      duplicateRows: done.duplicateRows,
      columns,
      target: targetInfo,
      correlations: { columns: corrNames, matrix },
      targetCorrelations,
      correlationsSampled: job.step > 1,
      leakage,
    };
  };
  return { job, rest, assemble };
}

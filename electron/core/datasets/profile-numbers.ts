import type { NumericSummary } from '../../../shared/schemas/dataset.js';
import { correlator } from './correlate.js';
import { decodeSummary, numericSummary, SUMMARY_SLOT } from './numeric-summary.js';
import { Scratch } from './scratch.js';

/**
 * The profile's work on columns of numbers, apart from the rest so the import's second thread can do it
 * (import-thread.ts) while the main thread does the rest: each column's summary (a sort or a count), the
 * correlation matrix, and each feature's correlation with the target. Either thread gives the same numbers.
 */
export interface NumberStatsJob {
  /** the numbers of every numeric, boolean and datetime column */
  columns: Float64Array[];
  /** indices into columns: the correlation matrix's columns, in order */
  matrix: number[];
  /** correlations use every step-th row */
  step: number;
  /** the target as numbers (a numeric target, or a two-class one as 0/1), or null */
  target: Float64Array | null;
  /** indices into columns: the features correlated with the target, in order */
  features: number[];
  /** summaries the second thread may have made already (see ReadySummaries), or none */
  ready?: ReadySummaries | null;
}

/**
 * Summaries of columns of numbers made by the import's second thread while it would otherwise wait, before the
 * profile starts (csv-worker.ts 'summaries'), in shared memory. Per summary, `status`: 0 not taken, 1 being
 * made, 2 made (its SUMMARY_SLOT doubles in `out`: numeric-summary.ts encodeSummary), 3 taken by a task
 * (whoever runs the task makes the summary itself).
 */
export interface ReadySummaries {
  status: Int32Array;
  out: Float64Array;
  /** per column of the job: its summary's index, or -1 */
  slots: number[];
}

/** A column's summary: the one made ahead when there is one, else made now (the same result either way). */
function summaryOf(job: NumberStatsJob, k: number, scratch?: Scratch): { summary: NumericSummary | null; distinct: number } {
  const r = job.ready;
  const slot = r ? r.slots[k] : -1;
  if (r && slot >= 0 && Atomics.compareExchange(r.status, slot, 0, 3) === 2) return decodeSummary(r.out, slot * SUMMARY_SLOT);
  return numericSummary(job.columns[k], scratch);
}

export interface NumberStats {
  summaries: { summary: NumericSummary | null; distinct: number }[];
  /** the upper triangle of the matrix, row by row (i < j) */
  pairs: (number | null)[];
  /** per feature of the job, its correlation with the target (null without a target or a value) */
  target: (number | null)[];
}

/** One task's result: a column's summary, one row of the matrix's upper triangle, or the target's correlations. */
export type NumberTaskResult = { summary: { summary: NumericSummary | null; distinct: number } } | { pairs: (number | null)[] } | { target: (number | null)[] };

/**
 * The job cut into tasks, so both threads can take them from one shared counter (see takeTasks): each
 * column's summary, each row i of the matrix's upper triangle (i against every j > i), then the target's
 * correlations. Whichever thread does a task, its result is the same.
 */
export function numberTaskCount(job: NumberStatsJob): number {
  return job.columns.length + job.matrix.length + 1;
}

/** `scratch`: work memory reused by this thread's tasks (scratch.ts). */
export function numberTask(job: NumberStatsJob, task: number, pearson: ReturnType<typeof correlator>, scratch?: Scratch): NumberTaskResult {
  const columns = job.columns.length;
  if (task < columns) return { summary: summaryOf(job, task, scratch) };
  const i = task - columns;
  const column = (k: number) => job.columns[k];
  if (i < job.matrix.length) return { pairs: pearson.row(column(job.matrix[i]), job.matrix.slice(i + 1).map(column)) };
  // pearson is symmetric to the last bit (a product and a sum of two sums each way): the target against every feature
  const target = job.target;
  return { target: target ? pearson.row(target, job.features.map(column)) : job.features.map(() => null) };
}

/**
 * Does tasks of `job` until none is left, each taken from `counter` (index 0 of an Int32Array, shared by the
 * threads working on the job, or this thread's own), and returns their results by task.
 */
export function takeTasks(job: NumberStatsJob, counter: Int32Array, out = new Map<number, NumberTaskResult>(), scratch = new Scratch()): Map<number, NumberTaskResult> {
  const pearson = correlator(job.step);
  const n = numberTaskCount(job);
  for (let t = Atomics.add(counter, 0, 1); t < n; t = Atomics.add(counter, 0, 1)) out.set(t, numberTask(job, t, pearson, scratch));
  return out;
}

/** The results of every task (missing ones done here) put together. */
export function assembleNumberStats(job: NumberStatsJob, results: Map<number, NumberTaskResult>): NumberStats {
  const pearson = correlator(job.step);
  const scratch = new Scratch();
  const result = (t: number) => results.get(t) ?? numberTask(job, t, pearson, scratch);
  const summaries: NumberStats['summaries'] = [];
  const pairs: (number | null)[] = [];
  for (let k = 0; k < job.columns.length; k++) summaries.push((result(k) as { summary: NumberStats['summaries'][number] }).summary);
  for (let i = 0; i < job.matrix.length; i++) pairs.push(...(result(job.columns.length + i) as { pairs: (number | null)[] }).pairs);
  const target = (result(job.columns.length + job.matrix.length) as { target: (number | null)[] }).target;
  return { summaries, pairs, target };
}

export function numberStats(job: NumberStatsJob): NumberStats {
  return assembleNumberStats(job, takeTasks(job, new Int32Array(1)));
}

/**
 * The job with its arrays in shared memory, so another thread reads them without a copy of its own: those
 * read from a file already are (columns.ts ColumnBuilder), the others (converted columns) are copied there.
 */
export function sharedJob(job: NumberStatsJob): NumberStatsJob {
  const arrays = job.target ? [...job.columns, job.target] : job.columns;
  const bytes = arrays.reduce((s, a) => s + (a.buffer instanceof SharedArrayBuffer ? 0 : a.byteLength), 0);
  const memory = new SharedArrayBuffer(bytes);
  let at = 0;
  const copies = arrays.map((a) => {
    if (a.buffer instanceof SharedArrayBuffer) return a;
    const copy = new Float64Array(memory, at, a.length);
    copy.set(a);
    at += a.byteLength;
    return copy;
  });
  return { ...job, columns: copies.slice(0, job.columns.length), target: job.target ? copies[job.columns.length] : null };
}

import type { NumericSummary } from '../../../shared/schemas/dataset.js';
import { correlator } from './correlate.js';
import { numericSummary } from './numeric-summary.js';

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
}

export interface NumberStats {
  summaries: { summary: NumericSummary | null; distinct: number }[];
  /** the upper triangle of the matrix, row by row (i < j) */
  pairs: (number | null)[];
  /** per feature of the job, its correlation with the target (null without a target or a value) */
  target: (number | null)[];
}

export function numberStats(job: NumberStatsJob): NumberStats {
  const summaries = job.columns.map((values) => numericSummary(values));
  const pearson = correlator(job.step);
  const pairs: (number | null)[] = [];
  for (let i = 0; i < job.matrix.length; i++) {
    for (let j = i + 1; j < job.matrix.length; j++) pairs.push(pearson(job.columns[job.matrix[i]], job.columns[job.matrix[j]]));
  }
  const target = job.features.map((k) => (job.target ? pearson(job.columns[k], job.target) : null));
  return { summaries, pairs, target };
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

import { performance } from 'node:perf_hooks';
import type { Operational } from '../../../shared/schemas/evaluation.js';
import { summarizeLatency } from '../stats/latency.js';
import type { Predictor, PredictorInput } from './model-source.js';

export interface LatencyOptions {
  /** Most single-row calls to time. Default 200. */
  maxSamples?: number;
  /** Fewest calls, even past the time budget. Default 20. */
  minSamples?: number;
  /** Time budget for the single-row calls. Default 2,000 ms. */
  budgetMs?: number;
  signal?: AbortSignal;
}

function oneRow(input: PredictorInput, rows: Int32Array, i: number): PredictorInput {
  const one = Int32Array.of(rows[i % rows.length]);
  return input.kind === 'table' ? { kind: 'table', table: input.table, rows: one } : { kind: 'images', images: input.images, rows: one };
}

/**
 * Times single-row predictions, one after another, cycling through the evaluated rows: a few warm-up
 * calls first (not counted), then as many as fit the budget (between minSamples and maxSamples).
 */
export async function measureLatency(predictor: Predictor, input: PredictorInput, rows: Int32Array, options: LatencyOptions = {}): Promise<Operational['latency']> {
  const max = options.maxSamples ?? 200;
  const min = Math.min(options.minSamples ?? 20, max);
  const budget = options.budgetMs ?? 2000;
  for (let i = 0; i < 3; i++) await predictor.predict(oneRow(input, rows, i));
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < max; i++) {
    if (options.signal?.aborted) break;
    if (times.length >= min && performance.now() - start > budget) break;
    const t0 = performance.now();
    await predictor.predict(oneRow(input, rows, i));
    times.push(performance.now() - t0);
  }
  const s = summarizeLatency(times);
  return { meanMs: s.meanMs, p50Ms: s.p50Ms, p95Ms: s.p95Ms, samples: s.samples };
}

/**
 * Batch throughput: the evaluated rows (cycled up to at least `minRows`, so a small test set still
 * measures the model rather than the call overhead) scored in one call, after a warm-up call.
 */
export async function measureThroughput(predictor: Predictor, input: PredictorInput, rows: Int32Array, minRows = 2048): Promise<{ rowsPerSecond: number; rows: number }> {
  const n = Math.max(rows.length, minRows);
  const batch = Int32Array.from({ length: n }, (_, i) => rows[i % rows.length]);
  const at = (r: Int32Array): PredictorInput => (input.kind === 'table' ? { kind: 'table', table: input.table, rows: r } : { kind: 'images', images: input.images, rows: r });
  await predictor.predict(at(batch.subarray(0, Math.min(n, 64))));
  const t0 = performance.now();
  await predictor.predict(at(batch));
  const ms = performance.now() - t0;
  return { rowsPerSecond: ms > 0 ? (n * 1000) / ms : 0, rows: n };
}

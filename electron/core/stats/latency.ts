/** Summaries of measured durations. */

/** The q-th percentile (0..100) with linear interpolation between closest ranks (numpy's default method). */
export function percentile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return Number.NaN;
  if (!(q >= 0 && q <= 100)) throw new Error(`Percentile ${q} is not between 0 and 100.`);
  const sorted = Float64Array.from(values).sort();
  const pos = ((sorted.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const frac = pos - lo;
  return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
}

export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

export interface LatencySummary {
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  samples: number;
}

export function summarizeLatency(durationsMs: ArrayLike<number>): LatencySummary {
  return { meanMs: mean(durationsMs), p50Ms: percentile(durationsMs, 50), p95Ms: percentile(durationsMs, 95), samples: durationsMs.length };
}

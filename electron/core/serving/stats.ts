/** Live traffic figures of a prediction server: one tick per second (last 5 minutes) and running totals. */
import type { ServingTick } from '../../../shared/schemas/serving.js';

const KEEP_TICKS = 300;
const KEEP_LATENCIES = 20_000;

/** The q-th percentile (0..100) of ascending values, linear interpolation (as stats/latency.ts percentile). */
function fromSorted(sorted: Float64Array, q: number): number {
  const pos = ((sorted.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Latencies are kept in preallocated typed arrays (a ring of the most recent ones, and this second's), so
 * counting a request allocates nothing, and each tick sorts once for its three percentiles: under load the
 * growing arrays and the per-percentile sorts were a pause of milliseconds every second on the serving thread.
 */
export class ServingStats {
  requests = 0;
  errors = 0;
  rows = 0;
  readonly ticks: ServingTick[] = [];
  /** The most recent latencies (ms), a ring, for the deployment's p50/p99. */
  private recent = new Float64Array(KEEP_LATENCIES);
  private recentCount = 0;
  /** p50/p99 of `recent` as of `at` requests, computed at `time` (performance.now()). */
  private cached: { at: number; time: number; p50Ms: number | null; p99Ms: number | null } = { at: 0, time: 0, p50Ms: null, p99Ms: null };
  /** This second's latencies (grows by doubling; reused every tick). */
  private lat = new Float64Array(1024);
  private cur = { requests: 0, errors: 0, rows: 0, lats: 0, batches: 0, batchRows: 0 };
  private timer: NodeJS.Timeout;

  constructor(private readonly onTick?: (t: ServingTick) => void) {
    this.timer = setInterval(() => this.tick(), 1000);
    this.timer.unref();
  }

  request(ms: number, ok: boolean, rows: number): void {
    this.requests++;
    const c = this.cur;
    c.requests++;
    if (!ok) (this.errors++, c.errors++);
    else ((this.rows += rows), (c.rows += rows));
    if (c.lats === this.lat.length) {
      const bigger = new Float64Array(this.lat.length * 2);
      bigger.set(this.lat);
      this.lat = bigger;
    }
    this.lat[c.lats++] = ms;
    this.recent[this.recentCount++ % KEEP_LATENCIES] = ms;
  }

  batch(rows: number): void {
    this.cur.batches++;
    this.cur.batchRows += rows;
  }

  /**
   * p50/p99 of the last 20,000 requests. `maxAgeMs`: a result computed that recently is good enough (the
   * deployment row's update every second: sorting 20,000 latencies each time was a pause of its own).
   */
  percentiles(maxAgeMs = 0): { p50Ms: number | null; p99Ms: number | null } {
    if (!this.recentCount) return { p50Ms: null, p99Ms: null };
    const now = performance.now();
    if (this.cached.at !== this.requests && (this.cached.at === 0 || now - this.cached.time >= maxAgeMs)) {
      const sorted = this.recent.slice(0, Math.min(this.recentCount, KEEP_LATENCIES)).sort();
      this.cached = { at: this.requests, time: now, p50Ms: fromSorted(sorted, 50), p99Ms: fromSorted(sorted, 99) };
    }
    return { p50Ms: this.cached.p50Ms, p99Ms: this.cached.p99Ms };
  }

  private tick(): void {
    const c = this.cur;
    const sorted = c.lats ? this.lat.slice(0, c.lats).sort() : null;
    const p = (q: number) => (sorted ? fromSorted(sorted, q) : null);
    const t: ServingTick = {
      t: Date.now(),
      requests: c.requests,
      errors: c.errors,
      rows: c.rows,
      p50Ms: p(50),
      p95Ms: p(95),
      p99Ms: p(99),
      meanBatch: c.batches ? c.batchRows / c.batches : null,
    };
    this.ticks.push(t);
    if (this.ticks.length > KEEP_TICKS) this.ticks.shift();
    this.cur = { requests: 0, errors: 0, rows: 0, lats: 0, batches: 0, batchRows: 0 };
    this.onTick?.(t);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

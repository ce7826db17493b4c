/** Live traffic figures of a prediction server: one tick per second (last 5 minutes) and running totals. */
import type { ServingTick } from '../../../shared/schemas/serving.js';
import { percentile } from '../stats/latency.js';

const KEEP_TICKS = 300;
const KEEP_LATENCIES = 20_000;

export class ServingStats {
  requests = 0;
  errors = 0;
  rows = 0;
  readonly ticks: ServingTick[] = [];
  /** The most recent latencies (ms), for the deployment's p50/p99. */
  private recent: number[] = [];
  private cur = { requests: 0, errors: 0, rows: 0, lat: [] as number[], batches: 0, batchRows: 0 };
  private timer: NodeJS.Timeout;

  constructor(private readonly onTick?: (t: ServingTick) => void) {
    this.timer = setInterval(() => this.tick(), 1000);
    this.timer.unref();
  }

  request(ms: number, ok: boolean, rows: number): void {
    this.requests++;
    this.cur.requests++;
    if (!ok) (this.errors++, this.cur.errors++);
    else (this.rows += rows, this.cur.rows += rows);
    this.cur.lat.push(ms);
    this.recent.push(ms);
    if (this.recent.length > KEEP_LATENCIES * 1.5) this.recent = this.recent.slice(-KEEP_LATENCIES);
  }

  batch(rows: number): void {
    this.cur.batches++;
    this.cur.batchRows += rows;
  }

  percentiles(): { p50Ms: number | null; p99Ms: number | null } {
    const r = this.recent.slice(-KEEP_LATENCIES);
    return r.length ? { p50Ms: percentile(r, 50), p99Ms: percentile(r, 99) } : { p50Ms: null, p99Ms: null };
  }

  private tick(): void {
    const c = this.cur;
    const p = (q: number) => (c.lat.length ? percentile(c.lat, q) : null);
    const t: ServingTick = { t: Date.now(), requests: c.requests, errors: c.errors, rows: c.rows, p50Ms: p(50), p95Ms: p(95), p99Ms: p(99), meanBatch: c.batches ? c.batchRows / c.batches : null };
    this.ticks.push(t);
    if (this.ticks.length > KEEP_TICKS) this.ticks.shift();
    this.cur = { requests: 0, errors: 0, rows: 0, lat: [], batches: 0, batchRows: 0 };
    this.onTick?.(t);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServingStats } from '../../electron/core/serving/stats.js';
import { percentile } from '../../electron/core/stats/latency.js';

afterEach(() => vi.useRealTimers());

describe('ServingStats', () => {
  it('gives each second the same p50/p95/p99 as the shared percentile, and the deployment p50/p99 of the last 20,000 requests', () => {
    vi.useFakeTimers();
    const ticks: { requests: number; p50Ms: number | null; p95Ms: number | null; p99Ms: number | null; rows: number; errors: number }[] = [];
    const s = new ServingStats((t) => ticks.push(t));
    const all: number[] = [];
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 40;
    for (let second = 0; second < 3; second++) {
      const lat: number[] = [];
      for (let i = 0; i < 9000; i++) {
        const ms = rand();
        lat.push(ms);
        all.push(ms);
        s.request(ms, i % 100 !== 0, 2);
      }
      vi.advanceTimersByTime(1000);
      const t = ticks.at(-1)!;
      expect(t.requests).toBe(9000);
      expect(t.errors).toBe(90);
      expect(t.rows).toBe(8910 * 2);
      expect(t.p50Ms).toBe(percentile(lat, 50));
      expect(t.p95Ms).toBe(percentile(lat, 95));
      expect(t.p99Ms).toBe(percentile(lat, 99));
    }
    const recent = all.slice(-20_000);
    expect(s.percentiles()).toEqual({ p50Ms: percentile(recent, 50), p99Ms: percentile(recent, 99) });
    vi.advanceTimersByTime(1000);
    expect(ticks.at(-1)).toMatchObject({ requests: 0, p50Ms: null, p99Ms: null });
    expect(s.requests).toBe(27000);
    s.stop();
  });

  it('has no percentiles before the first request, and reuses recent ones when asked to', () => {
    const s = new ServingStats();
    expect(s.percentiles()).toEqual({ p50Ms: null, p99Ms: null });
    s.request(3, true, 1);
    expect(s.percentiles(5000)).toEqual({ p50Ms: 3, p99Ms: 3 });
    s.request(5, true, 1);
    expect(s.percentiles(5000)).toEqual({ p50Ms: 3, p99Ms: 3 }); // computed less than 5 s ago: kept
    expect(s.percentiles()).toEqual({ p50Ms: 4, p99Ms: 4.98 });
    s.stop();
  });
});

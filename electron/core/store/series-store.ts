import type { Db } from './db.js';
import { all, one, statement } from './sql.js';
import { SupersededError } from './run-store.js';

/**
 * Metric series of runs, stored in chunks: each append writes one row per key holding all of that key's
 * new points (steps and values as float64 blobs) plus the chunk's first, lowest, highest and last points.
 * Appends for many keys go in one transaction.
 */

export interface Point {
  key: string;
  step: number;
  value: number;
}

export interface SeriesData {
  steps: Float64Array;
  values: Float64Array;
}

interface ChunkStats {
  firstValue: number | null;
  lastValue: number | null;
  minStep: number | null;
  minValue: number | null;
  maxStep: number | null;
  maxValue: number | null;
}

function toBlob(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function fromBlob(b: Buffer): Float64Array {
  const copy = new Float64Array(b.byteLength / 8);
  new Uint8Array(copy.buffer).set(b);
  return copy;
}

function stats(steps: Float64Array, vals: Float64Array): ChunkStats {
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  let lo = -1;
  let hi = -1;
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i];
    if (!Number.isFinite(v)) continue;
    if (lo < 0 || v < vals[lo]) lo = i;
    if (hi < 0 || v > vals[hi]) hi = i;
  }
  return {
    firstValue: finite(vals[0]),
    lastValue: finite(vals[vals.length - 1]),
    minStep: lo < 0 ? null : steps[lo],
    minValue: lo < 0 ? null : vals[lo],
    maxStep: hi < 0 ? null : steps[hi],
    maxValue: hi < 0 ? null : vals[hi],
  };
}

export class SeriesStore {
  constructor(private readonly db: Db) {}

  private nextSeq(runId: string, key: string): number {
    const row = one<{ s: number | null }>(this.db, 'SELECT MAX(seq) AS s FROM run_series WHERE run_id = ? AND key = ?', runId, key)!;
    return (row.s ?? -1) + 1;
  }

  /**
   * Writes points (any keys; order within a key is kept) in one transaction. With `generation` (the
   * owner's fencing token) nothing is written (SupersededError) unless the run still runs under that
   * generation: a superseded owner never adds a point.
   */
  append(runId: string, points: Point[], generation?: number): void {
    if (!points.length) return;
    const byKey = new Map<string, Point[]>();
    for (const p of points) {
      const list = byKey.get(p.key);
      if (list) list.push(p);
      else byKey.set(p.key, [p]);
    }
    const insert = statement(
      this.db,
      `INSERT INTO run_series (run_id, key, seq, first_step, last_step, n, first_value, last_value, min_step, min_value, max_step, max_value, steps, vals)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      if (generation !== undefined && !one(this.db, "SELECT 1 FROM runs WHERE id = ? AND generation = ? AND status IN ('running','queued')", runId, generation)) {
        throw new SupersededError(runId, generation);
      }
      for (const [key, list] of byKey) {
        const steps = Float64Array.from(list, (p) => p.step);
        const vals = Float64Array.from(list, (p) => p.value);
        const s = stats(steps, vals);
        insert.run(
          runId,
          key,
          this.nextSeq(runId, key),
          steps[0],
          steps[steps.length - 1],
          list.length,
          s.firstValue,
          s.lastValue,
          s.minStep,
          s.minValue,
          s.maxStep,
          s.maxValue,
          toBlob(steps),
          toBlob(vals),
        );
      }
    })();
  }

  keys(runId: string): string[] {
    return all<{ key: string }>(this.db, 'SELECT DISTINCT key FROM run_series WHERE run_id = ? ORDER BY key', runId).map((r) => r.key);
  }

  count(runId: string, key?: string): number {
    const row = (
      key
        ? one(this.db, 'SELECT COALESCE(SUM(n), 0) AS n FROM run_series WHERE run_id = ? AND key = ?', runId, key)
        : one(this.db, 'SELECT COALESCE(SUM(n), 0) AS n FROM run_series WHERE run_id = ?', runId)
    ) as { n: number };
    return row.n;
  }

  /** How many points and chunks a series has (cheap: no blob is read). */
  size(runId: string, key: string): { points: number; chunks: number } {
    const row = one<{ points: number; chunks: number }>(
      this.db,
      'SELECT COALESCE(SUM(n), 0) AS points, COUNT(*) AS chunks FROM run_series WHERE run_id = ? AND key = ?',
      runId,
      key,
    )!;
    return row;
  }

  /** Every point of a series, in order. */
  read(runId: string, key: string): SeriesData {
    const rows = all<{ n: number; steps: Buffer; vals: Buffer }>(this.db, 'SELECT n, steps, vals FROM run_series WHERE run_id = ? AND key = ? ORDER BY seq', runId, key);
    const total = rows.reduce((a, r) => a + r.n, 0);
    const steps = new Float64Array(total);
    const values = new Float64Array(total);
    const stepBytes = new Uint8Array(steps.buffer);
    const valueBytes = new Uint8Array(values.buffer);
    let at = 0;
    for (const r of rows) {
      stepBytes.set(r.steps, at * 8);
      valueBytes.set(r.vals, at * 8);
      at += r.n;
    }
    return { steps, values };
  }

  /**
   * The first, lowest, highest and last point of every chunk, in step order, without reading the points:
   * a faithful outline of a long series (every extreme is kept exactly).
   */
  readExtremes(runId: string, key: string): SeriesData {
    const rows = all<{
      first_step: number;
      last_step: number;
      first_value: number | null;
      last_value: number | null;
      min_step: number | null;
      min_value: number | null;
      max_step: number | null;
      max_value: number | null;
    }>(
      this.db,
      'SELECT first_step, last_step, first_value, last_value, min_step, min_value, max_step, max_value FROM run_series WHERE run_id = ? AND key = ? ORDER BY seq',
      runId,
      key,
    );
    const steps: number[] = [];
    const values: number[] = [];
    const push = (s: number | null, v: number | null) => {
      if (s === null || v === null) return;
      if (steps.length && steps[steps.length - 1] === s) return;
      steps.push(s);
      values.push(v);
    };
    for (const r of rows) {
      const inner: [number | null, number | null][] = [
        [r.min_step, r.min_value],
        [r.max_step, r.max_value],
      ];
      if ((r.min_step ?? 0) > (r.max_step ?? 0)) inner.reverse();
      push(r.first_step, r.first_value);
      for (const [s, v] of inner) if (s !== r.first_step && s !== r.last_step) push(s, v);
      push(r.last_step, r.last_value);
    }
    return { steps: Float64Array.from(steps), values: Float64Array.from(values) };
  }

  /**
   * Drops points after a checkpoint (used when a run resumes): batch/* points after `step`, the other
   * keys after `epoch`. A chunk that straddles the cut is rewritten with the points before it.
   */
  truncate(runId: string, step: number, epoch: number): void {
    const rows = all<{
      key: string;
      seq: number;
      last_step: number;
      steps: Buffer;
      vals: Buffer;
    }>(this.db, 'SELECT key, seq, last_step, steps, vals FROM run_series WHERE run_id = ? AND last_step > ?', runId, Math.min(step, epoch));
    const del = statement(this.db, 'DELETE FROM run_series WHERE run_id = ? AND key = ? AND seq = ?');
    const update = statement(
      this.db,
      `UPDATE run_series SET last_step = ?, n = ?, first_value = ?, last_value = ?, min_step = ?, min_value = ?, max_step = ?, max_value = ?, steps = ?, vals = ?
       WHERE run_id = ? AND key = ? AND seq = ?`,
    );
    this.db.transaction(() => {
      for (const r of rows) {
        const cut = r.key.startsWith('batch/') ? step : epoch;
        if (r.last_step <= cut) continue;
        const steps = fromBlob(r.steps);
        const vals = fromBlob(r.vals);
        let keep = 0;
        while (keep < steps.length && steps[keep] <= cut) keep++;
        if (keep === 0) {
          del.run(runId, r.key, r.seq);
          continue;
        }
        const ks = steps.slice(0, keep);
        const kv = vals.slice(0, keep);
        const s = stats(ks, kv);
        update.run(ks[keep - 1], keep, s.firstValue, s.lastValue, s.minStep, s.minValue, s.maxStep, s.maxValue, toBlob(ks), toBlob(kv), runId, r.key, r.seq);
      }
    })();
  }
}

import type { Db } from '../store/db.js';

/**
 * Metric series of runs, stored in chunks: each append writes one row per key holding all of that key's
 * new points (steps and values as float64 blobs). Appends for many keys go in one transaction.
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

function toBlob(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function fromBlob(b: Buffer): Float64Array {
  const copy = new Float64Array(b.byteLength / 8);
  new Uint8Array(copy.buffer).set(b);
  return copy;
}

export class SeriesStore {
  constructor(private readonly db: Db) {}

  private nextSeq(runId: string, key: string): number {
    const row = this.db.prepare('SELECT MAX(seq) AS s FROM run_series WHERE run_id = ? AND key = ?').get(runId, key) as { s: number | null };
    return (row.s ?? -1) + 1;
  }

  /** Writes points (any keys, any order within a key is kept) in the caller's transaction or a new one. */
  append(runId: string, points: Point[]): void {
    if (!points.length) return;
    const byKey = new Map<string, Point[]>();
    for (const p of points) {
      const list = byKey.get(p.key);
      if (list) list.push(p);
      else byKey.set(p.key, [p]);
    }
    const insert = this.db.prepare('INSERT INTO run_series (run_id, key, seq, first_step, last_step, n, steps, vals) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const write = this.db.transaction(() => {
      for (const [key, list] of byKey) {
        const steps = Float64Array.from(list, (p) => p.step);
        const vals = Float64Array.from(list, (p) => p.value);
        insert.run(runId, key, this.nextSeq(runId, key), steps[0], steps[steps.length - 1], list.length, toBlob(steps), toBlob(vals));
      }
    });
    write();
  }

  keys(runId: string): string[] {
    return (this.db.prepare('SELECT DISTINCT key FROM run_series WHERE run_id = ? ORDER BY key').all(runId) as { key: string }[]).map((r) => r.key);
  }

  count(runId: string, key?: string): number {
    const row = (key
      ? this.db.prepare('SELECT COALESCE(SUM(n), 0) AS n FROM run_series WHERE run_id = ? AND key = ?').get(runId, key)
      : this.db.prepare('SELECT COALESCE(SUM(n), 0) AS n FROM run_series WHERE run_id = ?').get(runId)) as { n: number };
    return row.n;
  }

  read(runId: string, key: string): SeriesData {
    const rows = this.db.prepare('SELECT n, steps, vals FROM run_series WHERE run_id = ? AND key = ? ORDER BY seq').all(runId, key) as { n: number; steps: Buffer; vals: Buffer }[];
    const total = rows.reduce((a, r) => a + r.n, 0);
    const steps = new Float64Array(total);
    const values = new Float64Array(total);
    let at = 0;
    for (const r of rows) {
      steps.set(fromBlob(r.steps), at);
      values.set(fromBlob(r.vals), at);
      at += r.n;
    }
    return { steps, values };
  }

  /**
   * Drops points after a checkpoint (used when a run resumes): batch/* points after `step`, the other
   * keys after `epoch`. A chunk that straddles the cut is rewritten with the points before it.
   */
  truncate(runId: string, step: number, epoch: number): void {
    const rows = this.db.prepare('SELECT key, seq, last_step, steps, vals FROM run_series WHERE run_id = ? AND last_step > ?').all(runId, Math.min(step, epoch)) as {
      key: string;
      seq: number;
      last_step: number;
      steps: Buffer;
      vals: Buffer;
    }[];
    const del = this.db.prepare('DELETE FROM run_series WHERE run_id = ? AND key = ? AND seq = ?');
    const update = this.db.prepare('UPDATE run_series SET last_step = ?, n = ?, steps = ?, vals = ? WHERE run_id = ? AND key = ? AND seq = ?');
    this.db.transaction(() => {
      for (const r of rows) {
        const cut = r.key.startsWith('batch/') ? step : epoch;
        if (r.last_step <= cut) continue;
        const steps = fromBlob(r.steps);
        const vals = fromBlob(r.vals);
        let keep = 0;
        while (keep < steps.length && steps[keep] <= cut) keep++;
        if (keep === 0) del.run(runId, r.key, r.seq);
        else update.run(steps[keep - 1], keep, toBlob(steps.slice(0, keep)), toBlob(vals.slice(0, keep)), runId, r.key, r.seq);
      }
    })();
  }
}

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { blobReferences } from '../../electron/core/store/blob-refs.js';
import { checkpointPath } from '../../electron/core/training/execute.js';
import { readCheckpointMeta } from '../../electron/core/training/trainer.js';
import { openServices } from './harness.js';

/**
 * The invariants every scenario must leave, checked by opening the workspace again (the "next open":
 * recovery, then collection with no grace period since no process is left):
 * - the database passes integrity_check;
 * - no metric point committed before the fault is lost (counts at least those of the snapshot), and no
 *   point is duplicated or out of order (steps strictly increasing; epoch metrics exactly 1..n);
 * - jobs and runs agree (a run and its job end in matching states; nothing is left running);
 * - no orphan remains after that open, and nothing still referenced was removed;
 * - every run is finished or resumable (its preprocessing and, when it has one, its checkpoint read back).
 */

export type Snapshot = Record<string, Record<string, number>>;

const MATCHING: Record<string, string[]> = {
  succeeded: ['succeeded'],
  failed: ['failed'],
  cancelled: ['cancelled'],
  interrupted: ['interrupted'],
};

/** Point counts per run and key, read before a fault. */
export function snapshot(dir: string): Snapshot {
  // a plain read-only connection: opening the workspace would run recovery in the middle of the scenario
  const db = new Database(path.join(dir, 'ciclo.db'), { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return pointCounts(db);
  } finally {
    db.close();
  }
}

function pointCounts(db: Database.Database): Snapshot {
  const out: Snapshot = {};
  for (const r of db.prepare('SELECT run_id, key, SUM(n) AS n FROM run_series GROUP BY run_id, key').all() as { run_id: string; key: string; n: number }[]) {
    (out[r.run_id] ??= {})[r.key] = r.n;
  }
  return out;
}

export interface Verdict {
  findings: string[];
  /** What the next open collected (left behind by the fault). */
  collected: { orphans: number; bytes: number };
}

export async function verify(dir: string, before: Snapshot = {}): Promise<Verdict> {
  const findings: string[] = [];
  // the next open: recovery runs as it opens; collection then runs with no grace (no process is left)
  const s = openServices(dir, false);
  let collected = { orphans: 0, bytes: 0 };
  try {
    const swept = s.gc.collect({ graceMs: 0 });
    collected = { orphans: swept.orphans, bytes: swept.bytes };
    const integrity = s.db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') findings.push(`integrity_check: ${integrity}`);

    const after = pointCounts(s.db);
    for (const [run, keys] of Object.entries(before)) {
      for (const [key, n] of Object.entries(keys)) {
        const now = after[run]?.[key] ?? 0;
        if (now < n) findings.push(`run ${run} ${key}: ${n - now} committed point(s) lost (${n} before, ${now} after)`);
      }
    }
    const runs = s.db.prepare('SELECT id, status, job_id, epochs_done, checkpoint_epoch, preprocessing_hash, package_hash FROM runs').all() as {
      id: string;
      status: string;
      job_id: string | null;
      epochs_done: number;
      checkpoint_epoch: number | null;
      preprocessing_hash: string;
      package_hash: string | null;
    }[];
    for (const r of runs) {
      for (const key of s.training.series.keys(r.id)) {
        const steps = Array.from(s.training.series.read(r.id, key).steps);
        for (let i = 1; i < steps.length; i++) {
          if (!(steps[i] > steps[i - 1])) {
            findings.push(`run ${r.id} ${key}: step ${steps[i]} after ${steps[i - 1]} (duplicated or out of order)`);
            break;
          }
        }
        const epochKey = !key.includes('/');
        if (epochKey && steps.some((st, i) => st !== i + 1)) findings.push(`run ${r.id} ${key}: epochs ${steps.join(',')} are not 1..${steps.length}`);
        if (epochKey && r.status === 'succeeded' && steps.length !== r.epochs_done) findings.push(`run ${r.id} ${key}: ${steps.length} points for ${r.epochs_done} epochs`);
      }
      // states: nothing left running, and the run agrees with its job
      if (r.status === 'running' || r.status === 'queued') findings.push(`run ${r.id} is still ${r.status} with no process left`);
      if (r.job_id) {
        const job = s.db.prepare('SELECT status FROM jobs WHERE id = ?').get(r.job_id) as { status: string } | undefined;
        if (!job) findings.push(`run ${r.id}: its job ${r.job_id} does not exist`);
        else if (MATCHING[r.status] && !MATCHING[r.status].includes(job.status)) findings.push(`run ${r.id} is ${r.status} but its job ${r.job_id} is ${job.status}`);
      }
      // finished or resumable
      if (r.status === 'succeeded') {
        if (!r.package_hash || !s.blobs.has(r.package_hash)) findings.push(`run ${r.id} succeeded without its model package`);
      } else if (['interrupted', 'cancelled', 'failed'].includes(r.status)) {
        if (!s.blobs.has(r.preprocessing_hash)) findings.push(`run ${r.id} cannot resume: its preprocessing blob is missing`);
        const file = checkpointPath(path.join(dir, 'checkpoints'), r.id);
        if (r.checkpoint_epoch) {
          if (!fs.existsSync(file)) findings.push(`run ${r.id} cannot resume: checkpoint of epoch ${r.checkpoint_epoch} is missing`);
          else if (readCheckpointMeta(new Uint8Array(fs.readFileSync(file))).epoch < r.checkpoint_epoch) findings.push(`run ${r.id}: checkpoint older than checkpoint_epoch`);
        }
      }
    }
    const stuck = s.db.prepare("SELECT id, kind FROM jobs WHERE status IN ('queued','running')").all() as { id: string; kind: string }[];
    for (const j of stuck) findings.push(`job ${j.id} (${j.kind}) is still running with no process left`);

    // orphans after this open, and nothing referenced removed
    const left = s.gc.find({ graceMs: 0 });
    for (const o of left) findings.push(`orphan after the next open: ${o.kind} ${path.relative(dir, o.path)} (${o.bytes} bytes)`);
    for (const ref of blobReferences(s.db)) {
      // a data set's content hash, found by name but not a blob (a bundle's manifest hash is excluded in blob-refs.ts)
      if (ref.expr === '"hash"') continue;
      const rows = s.db.prepare(`SELECT DISTINCT ${ref.expr} AS h FROM "${ref.table}" WHERE ${ref.expr} IS NOT NULL`).all() as { h: string }[];
      for (const { h } of rows) if (/^[0-9a-f]{64}$/.test(h) && !s.blobs.has(h)) findings.push(`${ref.table}.${ref.expr} refers to blob ${h.slice(0, 12)}… which is missing`);
    }
  } finally {
    await s.close();
  }
  return { findings, collected };
}

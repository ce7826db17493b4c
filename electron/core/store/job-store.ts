import type { JobStatus } from '../../../shared/schemas/system.js';
import type { Db } from './db.js';
import { all, one, run } from './sql.js';

/** The jobs table: long work, its progress, owner, heartbeat and cancellation flag. */

export interface JobRow {
  id: string;
  kind: string;
  project_id: string | null;
  status: JobStatus;
  progress: number;
  message: string;
  step: string | null;
  result: string | null;
  error: string | null;
  pid: number | null;
  host: string | null;
  cancel_requested: number;
  heartbeat_at: string | null;
  owner_start: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export function jobRow(db: Db, id: string): JobRow | undefined {
  return one<JobRow>(db, 'SELECT * FROM jobs WHERE id = ?', id);
}

export function jobRows(db: Db, filter: { projectId?: string; kind?: string; limit: number }): JobRow[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.projectId) (where.push('project_id = ?'), args.push(filter.projectId));
  if (filter.kind) (where.push('kind = ?'), args.push(filter.kind));
  const sql = `SELECT * FROM jobs ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY created_at DESC, id DESC LIMIT ?`;
  return all<JobRow>(db, sql, ...args, filter.limit);
}

export function unfinishedJobRows(db: Db): JobRow[] {
  return all<JobRow>(db, "SELECT * FROM jobs WHERE status IN ('queued','running')");
}

/** Marks a queued or running job interrupted; false when it had already ended. */
export function markJobInterrupted(db: Db, id: string, at: string, message: string): boolean {
  return run(db, "UPDATE jobs SET status = 'interrupted', finished_at = ?, message = ? WHERE id = ? AND status IN ('queued','running')", at, message, id).changes > 0;
}

export function insertRunningJob(
  db: Db,
  r: Pick<JobRow, 'id' | 'kind' | 'project_id' | 'step' | 'pid' | 'host' | 'owner_start' | 'heartbeat_at' | 'created_at' | 'started_at'>,
): void {
  run(
    db,
    `INSERT INTO jobs (id, kind, project_id, status, progress, message, step, pid, host, owner_start, heartbeat_at, created_at, started_at)
         VALUES (?, ?, ?, 'running', 0, '', ?, ?, ?, ?, ?, ?, ?)`,
    r.id,
    r.kind,
    r.project_id,
    r.step,
    r.pid,
    r.host,
    r.owner_start,
    r.heartbeat_at,
    r.created_at,
    r.started_at,
  );
}

export function requestJobCancel(db: Db, id: string): void {
  run(db, 'UPDATE jobs SET cancel_requested = 1 WHERE id = ?', id);
}

/** Progress of a running job; a null message keeps the message, and a new message replaces the step too (with its own, or none). */
export function writeJobProgress(db: Db, id: string, p: { progress: number; message: string | null; step: string | null; at: string }): void {
  run(
    db,
    "UPDATE jobs SET progress = ?, message = COALESCE(?, message), step = CASE WHEN ? IS NULL THEN step ELSE ? END, heartbeat_at = ? WHERE id = ? AND status = 'running'",
    p.progress,
    p.message,
    p.message,
    p.step,
    p.at,
    id,
  );
}

/** The heartbeat of a running job; false when the row is no longer 'running'. */
export function beatJob(db: Db, id: string, at: string): boolean {
  return run(db, "UPDATE jobs SET heartbeat_at = ? WHERE id = ? AND status = 'running'", at, id).changes > 0;
}

export function jobCancelRequested(db: Db, id: string): boolean {
  return one<{ cancel_requested: number }>(db, 'SELECT cancel_requested FROM jobs WHERE id = ?', id)!.cancel_requested !== 0;
}

/** The final write of a job that is still 'running' (a job another process marked interrupted keeps that status). */
export function finishJob(db: Db, id: string, f: { status: JobStatus; succeeded: boolean; result: string | null; error: string | null; at: string; message: string }): void {
  run(
    db,
    "UPDATE jobs SET status = ?, progress = CASE WHEN ? THEN 1 ELSE progress END, result = ?, error = ?, finished_at = ?, message = ? WHERE id = ? AND status = 'running'",
    f.status,
    f.succeeded ? 1 : 0,
    f.result,
    f.error,
    f.at,
    f.message,
    id,
  );
}

/** The stored result (JSON) of a job that succeeded; undefined when it did not (or does not exist). */
export function succeededJobResult(db: Db, id: string): { result: string | null } | undefined {
  return one<{ result: string | null }>(db, "SELECT result FROM jobs WHERE id = ? AND status = 'succeeded'", id);
}

/** When the oldest queued or running job started (or was created); null when none is. */
export function oldestLiveJobStart(db: Db): string | null {
  return one<{ t: string | null }>(db, "SELECT MIN(COALESCE(started_at, created_at)) AS t FROM jobs WHERE status IN ('queued','running')")!.t;
}

export function hasLiveJob(db: Db, kind: string): boolean {
  return Boolean(one(db, "SELECT 1 FROM jobs WHERE kind = ? AND status IN ('queued','running') LIMIT 1", kind));
}

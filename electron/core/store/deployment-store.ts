/**
 * Deployment records: one row per model served by a server process (what, where, how it went). The
 * owner's pid and host let any process tell a live server from one that died without stopping.
 */
import os from 'node:os';
import type { Deployment, Swap } from '../../../shared/schemas/serving.js';
import type { Db } from './db.js';
import { all, run } from './sql.js';

interface Row {
  id: string;
  project_id: string | null;
  model_name: string;
  ref: string;
  alias: string | null;
  version: number | null;
  run_id: string | null;
  host: string;
  port: number | null;
  runtime: string | null;
  owner_pid: number | null;
  owner_host: string | null;
  status: 'running' | 'stopped' | 'failed';
  settings: string;
  requests: number;
  errors: number;
  p50_ms: number | null;
  p99_ms: number | null;
  swaps: string;
  started_at: string;
  stopped_at: string | null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function view(r: Row): Deployment {
  const shownHost = r.host === '0.0.0.0' || r.host === '::' ? '127.0.0.1' : r.host.includes(':') ? `[${r.host}]` : r.host;
  return {
    id: r.id,
    projectId: r.project_id,
    modelName: r.model_name,
    ref: r.ref,
    alias: r.alias,
    version: r.version,
    runId: r.run_id,
    host: r.host,
    port: r.port,
    url: r.port ? `http://${shownHost}:${r.port}/v1/models/${encodeURIComponent(r.model_name)}` : null,
    runtime: r.runtime,
    status: r.status,
    requests: r.requests,
    errors: r.errors,
    p50Ms: r.p50_ms,
    p99Ms: r.p99_ms,
    swaps: JSON.parse(r.swaps) as Swap[],
    startedAt: r.started_at,
    stoppedAt: r.stopped_at,
  };
}

export class DeploymentStore {
  constructor(private readonly db: Db) {}

  start(d: {
    id: string;
    projectId: string;
    modelName: string;
    ref: string;
    alias: string | null;
    version: number;
    runId: string;
    host: string;
    port: number;
    runtime: string;
    settings: unknown;
  }): void {
    const now = new Date().toISOString();
    run(
      this.db,
      `INSERT INTO deployments (id, project_id, model_name, ref, alias, version, run_id, host, port, runtime, owner_pid, owner_host, status, settings, started_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)`,
      d.id,
      d.projectId,
      d.modelName,
      d.ref,
      d.alias,
      d.version,
      d.runId,
      d.host,
      d.port,
      d.runtime,
      process.pid,
      os.hostname(),
      JSON.stringify(d.settings),
      now,
      now,
    );
  }

  /**
   * The running totals. `wait: false` (the serving thread's update every second) gives up at once when
   * another connection is writing (the log writer thread commits every 100 ms) instead of sleeping in
   * SQLite's busy handler, which stalled every request in flight for up to tens of milliseconds; and it
   * leaves the WAL checkpoint (copying the log's pages into the database) to the writer thread's commits.
   */
  update(
    id: string,
    u: { version: number; runId: string; runtime: string; requests: number; errors: number; p50Ms: number | null; p99Ms: number | null; swaps: Swap[] },
    options: { wait?: boolean } = {},
  ): boolean {
    const quick = options.wait === false;
    const timeout = quick ? (this.db.pragma('busy_timeout', { simple: true }) as number) : 0;
    const checkpoint = quick ? (this.db.pragma('wal_autocheckpoint', { simple: true }) as number) : 0;
    if (quick) this.db.pragma('busy_timeout = 0');
    if (quick) this.db.pragma('wal_autocheckpoint = 0');
    try {
      run(
        this.db,
        'UPDATE deployments SET version = ?, run_id = ?, runtime = ?, requests = ?, errors = ?, p50_ms = ?, p99_ms = ?, swaps = ?, updated_at = ? WHERE id = ?',
        u.version,
        u.runId,
        u.runtime,
        u.requests,
        u.errors,
        u.p50Ms,
        u.p99Ms,
        JSON.stringify(u.swaps),
        new Date().toISOString(),
        id,
      );
      return true;
    } catch {
      // called every second from the server's timer: any failure (busy, a full disk) skips this one, as the
      // next carries the same totals, and never ends serving
      return false;
    } finally {
      if (quick) this.db.pragma(`busy_timeout = ${timeout}`);
      if (quick) this.db.pragma(`wal_autocheckpoint = ${checkpoint}`);
    }
  }

  stop(id: string, status: 'stopped' | 'failed' = 'stopped'): void {
    const now = new Date().toISOString();
    run(this.db, "UPDATE deployments SET status = ?, stopped_at = ?, updated_at = ? WHERE id = ? AND status = 'running'", status, now, now, id);
  }

  /** Every deployment, newest first; a 'running' row whose process is gone is marked failed on the way. */
  list(filter: { model?: string; status?: string; limit?: number } = {}): Deployment[] {
    const host = os.hostname();
    const stale = all<{ id: string; owner_pid: number | null; owner_host: string | null }>(this.db, "SELECT id, owner_pid, owner_host FROM deployments WHERE status = 'running'");
    for (const s of stale) if (s.owner_host === host && s.owner_pid && !alive(s.owner_pid)) this.stop(s.id, 'failed');
    const rows = all<Row>(this.db, 'SELECT * FROM deployments ORDER BY started_at DESC, id DESC');
    return rows
      .filter((r) => (!filter.model || r.model_name === filter.model) && (!filter.status || r.status === filter.status))
      .slice(0, filter.limit ?? 1000)
      .map(view);
  }
}

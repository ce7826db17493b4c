/**
 * Writes served predictions into prediction_logs through a bounded, batched buffer: rows are queued in
 * memory and written in one transaction at most every `flushMs` (500 ms: a kill -9 loses at most that
 * much), never on the request path. When the buffer is full (the disk cannot keep up) new rows are dropped
 * and counted rather than slowing serving. A busy database is retried at the next flush.
 */
import type { Db } from '../store/db.js';

export interface LogRow {
  requestId: string;
  rowIndex: number;
  ts: string;
  projectId: string;
  modelName: string | null;
  modelVersion: number | null;
  runId: string;
  source: 'server' | 'batch' | 'shadow';
  protocol: string | null;
  deploymentId: string | null;
  input: unknown;
  output: unknown;
  prediction: string | null;
  latencyMs: number | null;
  warnings: unknown[] | null;
}

export interface LogWriterOptions {
  flushMs?: number;
  maxPending?: number;
  /** Fraction of requests logged (decided per request id by the caller through `sampled`). */
  sample?: number;
  /** Delete rows of this source older than this many days (0 keeps all); checked at start and hourly. */
  retentionDays?: number;
  source?: LogRow['source'];
}

export class LogWriter {
  private pending: LogRow[] = [];
  dropped = 0;
  written = 0;
  private timer: NodeJS.Timeout;
  private retention: NodeJS.Timeout | null = null;
  private readonly insert;
  private readonly maxPending: number;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly options: LogWriterOptions = {},
  ) {
    this.maxPending = options.maxPending ?? 100_000;
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO prediction_logs (request_id, row_index, ts, project_id, model_name, model_version, run_id, source, protocol, deployment_id, input, output, prediction, latency_ms, warnings)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.timer = setInterval(() => this.flush(), options.flushMs ?? 500);
    this.timer.unref();
    if (options.retentionDays) {
      this.prune();
      this.retention = setInterval(() => this.prune(), 3600_000);
      this.retention.unref();
    }
  }

  /** Whether a request is logged under the sampling setting. */
  sampled(): boolean {
    const s = this.options.sample ?? 1;
    return s >= 1 || (s > 0 && Math.random() < s);
  }

  add(rows: LogRow[]): void {
    if (this.closed) return;
    const room = this.maxPending - this.pending.length;
    if (room < rows.length) {
      this.dropped += rows.length - Math.max(room, 0);
      rows = rows.slice(0, Math.max(room, 0));
    }
    for (const r of rows) this.pending.push(r);
  }

  /** Writes what is queued; returns the number of rows written (0 when the database was busy). */
  flush(): number {
    if (!this.pending.length) return 0;
    const rows = this.pending;
    this.pending = [];
    try {
      this.db.transaction(() => {
        for (const r of rows)
          this.insert.run(r.requestId, r.rowIndex, r.ts, r.projectId, r.modelName, r.modelVersion, r.runId, r.source, r.protocol, r.deploymentId, JSON.stringify(r.input), JSON.stringify(r.output), r.prediction, r.latencyMs, r.warnings?.length ? JSON.stringify(r.warnings) : null);
      })();
      this.written += rows.length;
      return rows.length;
    } catch {
      // busy or locked: keep the rows for the next flush (bounded)
      this.pending = rows.concat(this.pending).slice(0, this.maxPending);
      return 0;
    }
  }

  /** Drops what is queued and not yet written (a batch that failed or was cancelled). */
  discard(): void {
    this.pending = [];
  }

  prune(): void {
    const days = this.options.retentionDays ?? 0;
    if (!days) return;
    const before = new Date(Date.now() - days * 86400_000).toISOString();
    try {
      this.db.prepare('DELETE FROM prediction_logs WHERE source = ? AND ts < ?').run(this.options.source ?? 'server', before);
    } catch {
      // busy: next hour
    }
  }

  close(): void {
    clearInterval(this.timer);
    if (this.retention) clearInterval(this.retention);
    for (let i = 0; i < 20 && this.pending.length; i++) this.flush();
    this.closed = true;
  }
}

/**
 * Shadow mode: a served model (the champion) can have a shadow, another version of the same registered
 * model (a challenger, by alias or version). Every logged request is answered by the champion alone; after
 * the answer is on its way, the shadow scores the same validated rows off the response path and its
 * prediction is logged with source 'shadow' under the same request id, so champion and challenger can be
 * compared on live traffic (monitoring joins the two by request id).
 *
 * The shadow never slows or fails the main response: it starts only after the response is written (a
 * setImmediate after the champion's answer), it is bounded (at most `maxPendingRows` rows waiting; more are
 * dropped and counted), and its errors are logged as rows with `{ error }` and no prediction, never returned.
 * It follows its alias like any served model (hot swap); while it resolves to the version the champion
 * serves (e.g. right after a promotion) there is nothing to compare and nothing is scored.
 */
import type { ShadowView } from '../../../shared/schemas/serving.js';
import type { LogRow, LogWriter } from './log-writer.js';
import type { Loaded, ModelHost } from './model-host.js';
import { rowCount, rowOutput } from './scoring.js';

export class Shadow {
  scored = 0;
  failed = 0;
  dropped = 0;
  /** Requests skipped because the shadow resolved to the champion's own version. */
  same = 0;
  lastError: string | null = null;
  private pendingRows = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    readonly host: ModelHost,
    private readonly log: LogWriter,
    private readonly maxPendingRows = 10_000,
  ) {}

  /** Called once the champion answered a logged request: schedules the shadow's scoring of the same rows. */
  offer(champion: Loaded, deploymentId: string, rows: Record<string, unknown>[], requestId: string, protocol: string): void {
    if (this.host.current.versionId === champion.versionId) {
      this.same++;
      return;
    }
    if (this.pendingRows + rows.length > this.maxPendingRows) {
      this.dropped += rows.length;
      return;
    }
    this.pendingRows += rows.length;
    setImmediate(() => void this.run(deploymentId, rows, requestId, protocol));
  }

  private async run(deploymentId: string, rows: Record<string, unknown>[], requestId: string, protocol: string): Promise<void> {
    const t0 = performance.now();
    const loaded = this.host.acquire();
    const base = (i: number, input: unknown): Omit<LogRow, 'output' | 'prediction' | 'latencyMs'> => ({
      requestId,
      rowIndex: i,
      ts: new Date().toISOString(),
      projectId: loaded.projectId,
      modelName: this.host.name,
      modelVersion: loaded.version,
      runId: loaded.runId,
      source: 'shadow',
      protocol,
      deploymentId,
      input,
      warnings: null,
    });
    try {
      const p = await this.host.score(loaded, rows);
      const ms = performance.now() - t0;
      const rejected = new Map(p.rejected.map((r) => [r.index, r.reason]));
      const n = rowCount(p);
      const out: LogRow[] = rows.map((input, i) => {
        const reason = rejected.get(i);
        if (reason !== undefined || i >= n) return { ...base(i, input), output: { error: reason ?? 'no prediction' }, prediction: null, latencyMs: ms };
        const o = rowOutput(p, i);
        return { ...base(i, input), output: o, prediction: o.label ?? (o.value !== undefined ? String(o.value) : null), latencyMs: ms };
      });
      this.failed += rejected.size;
      this.scored += rows.length - rejected.size;
      if (rejected.size) this.lastError = [...rejected.values()][0];
      this.log.add(out);
    } catch (err) {
      const message = (err as Error)?.message ?? String(err);
      this.failed += rows.length;
      this.lastError = message;
      this.log.add(rows.map((input, i) => ({ ...base(i, input), output: { error: message }, prediction: null, latencyMs: performance.now() - t0 })));
    } finally {
      this.host.release(loaded);
      this.pendingRows -= rows.length;
      if (!this.pendingRows) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /** Resolves once no shadow scoring is waiting or running. */
  idle(): Promise<void> {
    if (!this.pendingRows) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  view(): ShadowView {
    const l = this.host.current;
    return {
      ref: this.host.ref,
      alias: this.host.alias,
      version: l.version,
      runId: l.runId,
      runtime: l.runtime,
      scored: this.scored,
      failed: this.failed,
      dropped: this.dropped,
      lastError: this.lastError ?? this.host.lastError,
    };
  }

  async close(): Promise<void> {
    await this.idle();
    await this.host.close();
  }
}

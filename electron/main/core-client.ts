import { AppError } from '../../shared/contract/errors.js';
import type { FromCore, OpenRequest, ToCore } from './core-protocol.js';

/** What the main process needs of the core process: Electron's UtilityProcess has exactly this shape. */
export interface CoreChild {
  postMessage(message: ToCore): void;
  on(event: 'message', listener: (message: FromCore) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

type EventListener = (event: string, payload: unknown) => void;

/**
 * The main process's handle on one core process with one workspace open: calls relayed with ids,
 * push events forwarded, and an orderly close (jobs cancelled, workers stopped, database closed).
 */
export class CoreClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private readonly listeners = new Set<EventListener>();
  private exitListener: ((code: number) => void) | null = null;
  private closing = false;
  private exited = false;
  private readonly exitedPromise: Promise<number>;

  private constructor(
    private readonly child: CoreChild,
    public dataDir: string,
  ) {
    this.exitedPromise = new Promise((resolve) => {
      child.on('exit', (code) => {
        this.exited = true;
        const error = new AppError('internal', `Internal error: the Ciclo core process stopped (exit code ${code}).`);
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
        if (!this.closing) this.exitListener?.(code);
        resolve(code);
      });
    });
    child.on('message', (m) => {
      if (m.type === 'result') {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.value);
        else p.reject(AppError.from(m.error));
      } else if (m.type === 'event') {
        for (const l of this.listeners) l(m.event, m.payload);
      }
    });
  }

  /** Starts a core process and opens the workspace in it; rejects (and stops the process) when it cannot. */
  static open(spawn: () => CoreChild, request: Omit<OpenRequest, 'type'>, timeoutMs = 60_000): Promise<CoreClient> {
    const child = spawn();
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const timer = setTimeout(() => {
        settle(() => reject(new AppError('internal', `Internal error: the Ciclo core process did not open ${request.dataDir} within ${timeoutMs / 1000} s.`)));
        child.kill();
      }, timeoutMs);
      child.on('message', (m) => {
        if (m.type === 'opened') settle(() => resolve(new CoreClient(child, m.dataDir)));
        else if (m.type === 'open-failed') {
          settle(() => reject(AppError.from(m.error)));
          child.kill();
        }
      });
      child.on('exit', (code) =>
        settle(() => reject(new AppError('internal', `Internal error: the Ciclo core process stopped while opening ${request.dataDir} (exit code ${code}).`))),
      );
      child.postMessage({ type: 'open', ...request });
    });
  }

  call(method: string, input: unknown, door = 'ipc'): Promise<unknown> {
    if (this.exited || this.closing) return Promise.reject(new AppError('conflict', 'The workspace is closing; try again once it is open.'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.postMessage({ type: 'call', id, method, input, door });
    });
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called when the core process dies without being asked to close (a crash, an out-of-memory). */
  onUnexpectedExit(listener: (code: number) => void): void {
    this.exitListener = listener;
  }

  /** Closes the workspace (running jobs are cancelled and their workers stopped) and ends the process. */
  async close(timeoutMs = 15_000): Promise<void> {
    if (this.exited) return;
    this.closing = true;
    this.listeners.clear();
    this.child.postMessage({ type: 'close' });
    const timer = setTimeout(() => this.child.kill(), timeoutMs);
    await this.exitedPromise;
    clearTimeout(timer);
  }
}

import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../shared/contract/ipc.js';

/** The part of Electron's ipcRenderer the bridge uses (so tests can pass a fake). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export type EventListener = (event: string, payload: unknown) => void;

/** What the renderer sees as `window.ciclo`: one call and one subscription, nothing else. */
export interface CicloBridge {
  invoke(method: string, input: unknown): Promise<unknown>;
  on(listener: EventListener): () => void;
}

/**
 * Builds `window.ciclo`. Only our two channels are reachable, the method must be a string, and the
 * Electron event object (which exposes the sender) never reaches the page.
 */
export function createBridge(ipc: IpcRendererLike): CicloBridge {
  return {
    invoke(method, input) {
      if (typeof method !== 'string' || !method) {
        return Promise.resolve({ ok: false, error: { code: 'invalid_input', message: 'The method name must be a non-empty string.' } });
      }
      return ipc.invoke(INVOKE_CHANNEL, method, input ?? {});
    },
    on(listener) {
      if (typeof listener !== 'function') throw new TypeError('window.ciclo.on expects a function.');
      const handler = (_event: unknown, message: unknown) => {
        const m = message as { event?: unknown; payload?: unknown } | null;
        if (m && typeof m.event === 'string') listener(m.event, m.payload);
      };
      ipc.on(EVENT_CHANNEL, handler);
      return () => {
        ipc.removeListener(EVENT_CHANNEL, handler);
      };
    },
  };
}

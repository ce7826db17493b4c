import type { Transport } from '../../../shared/client';
import type { ErrorShape } from '../../../shared/contract/errors';

declare global {
  interface Window {
    /** Set by the Electron preload: the desktop app's only door to the core. */
    ciclo?: {
      invoke(method: string, input: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: ErrorShape }>;
      on(listener: (event: string, payload: unknown) => void): () => void;
    };
  }
}

/** Electron: one IPC channel, results wrapped as {ok, value} | {ok: false, error}. */
function ipcTransport(bridge: NonNullable<Window['ciclo']>): Transport {
  return {
    async invoke(method, input) {
      const r = await bridge.invoke(method, input);
      if (r.ok) return r.value;
      throw r.error;
    },
    on: (listener) => bridge.on(listener),
  };
}

/** Browser mode: POST /api/<method> with the HttpOnly token cookie, and server-sent events. */
function httpTransport(): Transport {
  const listeners = new Set<(event: string, payload: unknown) => void>();
  let source: EventSource | null = null;
  const connect = () => {
    source = new EventSource('/api/events');
    source.onmessage = (msg) => {
      try {
        const { event, payload } = JSON.parse(msg.data) as { event: string; payload: unknown };
        for (const l of listeners) l(event, payload);
      } catch {
        // a malformed event is ignored; the next reload of data fixes the screen
      }
    };
  };
  return {
    async invoke(method, input) {
      const res = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(input ?? {}),
      });
      const body = (await res.json().catch(() => null)) as { error?: ErrorShape } | unknown;
      if (!res.ok) {
        const error = (body as { error?: ErrorShape } | null)?.error;
        throw error ?? { code: 'internal', message: `HTTP ${res.status}` };
      }
      return body;
    },
    on(listener) {
      listeners.add(listener);
      if (!source) connect();
      return () => listeners.delete(listener);
    },
  };
}

export function createTransport(): Transport {
  return window.ciclo ? ipcTransport(window.ciclo) : httpTransport();
}

/** True in the desktop app, false in browser mode. */
export const isDesktop = () => Boolean(window.ciclo);

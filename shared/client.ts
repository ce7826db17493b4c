import { AppError, isErrorShape } from './contract/app-error.js';
import type { MethodInput, MethodName, MethodOutput } from './contract/api.js';
import type { EventName, EventPayload } from './contract/events.js';

/** How a client reaches the core: IPC in Electron, HTTP + SSE in the browser, direct calls in tests. */
export interface Transport {
  invoke(method: string, input: unknown): Promise<unknown>;
  on(listener: (event: string, payload: unknown) => void): () => void;
}

export interface Client {
  call<M extends MethodName>(method: M, ...input: {} extends MethodInput<M> ? [MethodInput<M>?] : [MethodInput<M>]): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createClient(transport: Transport): Client {
  return {
    async call(method, ...rest) {
      try {
        return (await transport.invoke(method, rest[0] ?? {})) as never;
      } catch (err) {
        const shape: unknown = err instanceof AppError ? err.toJSON() : err;
        if (isErrorShape(shape)) throw AppError.from(shape);
        throw new AppError('internal', err instanceof Error ? err.message : String(err));
      }
    },
    on(event, listener) {
      return transport.on((name, payload) => {
        if (name === event) listener(payload as never);
      });
    },
  };
}

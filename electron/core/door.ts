import type { EventBus } from './events.js';
import type { CallContext } from './router.js';
import { createServices, type Services, type ServicesOptions } from './services.js';

/**
 * What a door (the CLI, browser mode's HTTP server, Electron's IPC) sees of the core: the contract's one
 * call (validated, audited, errors mapped by the router), the contract's events, and close. Doors never
 * reach the database, the blob store or a service directly.
 */
export interface Door {
  call(method: string, input: unknown, ctx: CallContext): Promise<unknown>;
  events: Pick<EventBus, 'subscribe'>;
  close(): Promise<void>;
}

export interface DoorOptions extends ServicesOptions {
  /** Emit workspace.changed when another process commits (browser mode and the desktop app want this). */
  watchExternalChanges?: boolean;
}

/** The door over services built elsewhere (their owner keeps closing them). */
export function doorOf(services: Services, onClose?: () => void): Door {
  return {
    call: (method, input, ctx) => services.call(method, input, ctx),
    events: { subscribe: (listener) => services.events.subscribe(listener) },
    close: async () => {
      onClose?.();
      await services.close();
    },
  };
}

/** Opens a workspace and returns only its door. */
export function openDoor(options: DoorOptions): Door {
  const services = createServices(options);
  const stopWatch = options.watchExternalChanges ? services.watchExternalChanges() : undefined;
  return doorOf(services, stopWatch);
}

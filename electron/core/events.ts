import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../../shared/contract/events.js';

type Listener = (event: EventName, payload: unknown) => void;

/** In-process push events; every door subscribes once and forwards what it hears. */
export class EventBus {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.emitter.emit('event', event, payload);
  }
  subscribe(listener: Listener): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}

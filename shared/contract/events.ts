import { z } from 'zod';
import { jobSchema } from '../schemas/system.js';
import { trainingEpochSchema, trainingProgressSchema, trainingStatusSchema } from '../schemas/training.js';
import { desktopEvents } from './desktop.js';

/** Push events: the core emits them, every door forwards them (IPC, SSE, CLI progress on stderr). */
export const events = {
  /** A job changed status or progress. */
  'job.updated': jobSchema,
  /** Something in the workspace changed: screens showing `topic` should reload. */
  'workspace.changed': z.object({ topic: z.string(), projectId: z.string().nullable().optional() }),
  /** Training: batches finished (throttled), an epoch ended, a run changed status. */
  'training.progress': trainingProgressSchema,
  'training.epoch': trainingEpochSchema,
  'training.status': trainingStatusSchema,
  ...desktopEvents,
};
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export interface PushEvent<E extends EventName = EventName> {
  event: E;
  payload: EventPayload<E>;
}

import type { Migration } from './index.js';

/**
 * Ownership of long work, so a live job is never taken for dead and a superseded owner never writes again:
 * - jobs.owner_start: the start time of the owning process (with pid and host it tells the owner apart
 *   from a later process that reuses its pid);
 * - runs.generation: the fencing token of a run, raised each time a job takes the run over (start,
 *   resume); every write of the run, its metric series and its final status names the generation it
 *   holds and changes nothing when the run has moved on.
 */
export const migration: Migration = {
  version: 10,
  name: 'ownership',
  sql: `
    ALTER TABLE jobs ADD COLUMN owner_start TEXT;
    ALTER TABLE runs ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
  `,
};

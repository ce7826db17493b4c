import { z } from 'zod';
import { command } from './define.js';

export const gcResultSchema = z.object({
  /** How many orphans were found (temporary files, unreferenced blobs, stale uploads, stale checkpoints). */
  orphans: z.number().int(),
  /** Their total size in bytes. */
  bytes: z.number(),
  /** How many were removed (0 with dryRun). */
  removed: z.number().int(),
  items: z.array(z.object({ kind: z.enum(['temp', 'blob', 'upload', 'checkpoint']), path: z.string(), bytes: z.number() })),
});
export type GcResultOut = z.infer<typeof gcResultSchema>;

export const maintenanceMethods = {
  'workspace.gc': command(
    z
      .object({
        dryRun: z.boolean().default(false),
        /** Unreferenced blobs and uploads younger than this are kept (an import may still be writing). */
        graceSeconds: z
          .number()
          .min(0)
          .max(365 * 24 * 3600)
          .default(3600),
      })
      .default({ dryRun: false, graceSeconds: 3600 }),
    gcResultSchema,
    'Collect what killed or crashed work left behind: temporary files of writers that are gone, blobs nothing refers to, uploads never imported. Never touches what a live process is writing.',
  ),
};

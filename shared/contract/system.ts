import { z } from 'zod';
import { auditEventSchema, jobSchema, workspaceInfoSchema } from '../schemas/system.js';
import { command, query } from './define.js';

export const systemMethods = {
  'system.info': query(z.object({}).default({}), workspaceInfoSchema, 'Where the workspace lives and which Ciclo wrote it.'),
  'job.list': query(
    z.object({ projectId: z.string().optional(), kind: z.string().optional(), limit: z.number().int().min(1).max(1000).default(100) }).default({ limit: 100 }),
    z.array(jobSchema),
    'List jobs, newest first.',
  ),
  'job.get': query(z.object({ id: z.string().min(1) }), jobSchema, 'Show one job.'),
  'job.wait': query(
    z.object({ id: z.string().min(1) }),
    jobSchema,
    'Wait until a job has ended (succeeded, failed, cancelled or interrupted) and return it; a job of another process is polled.',
  ),
  'job.cancel': command(z.object({ id: z.string().min(1) }), jobSchema, 'Ask a running job to stop.'),
  'audit.list': query(
    z
      .object({
        projectId: z.string().optional(),
        action: z.string().optional(),
        since: z.string().optional(),
        limit: z.number().int().min(1).max(10000).default(200),
      })
      .default({ limit: 200 }),
    z.array(auditEventSchema),
    'The audit log, newest first.',
  ),
};

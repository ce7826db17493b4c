import { z } from 'zod';

export const jobStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export const jobStatusSchema = z.enum(jobStatuses);
export type JobStatus = z.infer<typeof jobStatusSchema>;

export const jobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  projectId: z.string().nullable(),
  status: jobStatusSchema,
  progress: z.number().min(0).max(1),
  message: z.string(),
  result: z.unknown().nullable(),
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof jobSchema>;

export const auditEventSchema = z.object({
  id: z.number(),
  at: z.string(),
  action: z.string(),
  projectId: z.string().nullable(),
  subjectId: z.string().nullable(),
  door: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const workspaceInfoSchema = z.object({
  dataDir: z.string(),
  schemaVersion: z.number(),
  version: z.string(),
  node: z.string(),
  platform: z.string(),
});

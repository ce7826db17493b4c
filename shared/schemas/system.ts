import { z } from 'zod';

export const jobStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export const jobStatusSchema = z.enum(jobStatuses);
export type JobStatus = z.infer<typeof jobStatusSchema>;

/** What a job is doing now, as a stable i18n key (namespace-qualified, e.g. "evaluate:step.scoring") and its parameters. */
export const jobStepSchema = z.object({ key: z.string(), params: z.record(z.string(), z.unknown()) });
export type JobStep = z.infer<typeof jobStepSchema>;

export const jobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  projectId: z.string().nullable(),
  status: jobStatusSchema,
  progress: z.number().min(0).max(1),
  message: z.string(),
  /** The current step of `message` as a translatable key, for jobs that report one. */
  step: jobStepSchema.nullable().optional(),
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

import { z } from 'zod';
import { deploymentSchema, runtimeSchema, serverStatusSchema } from '../schemas/serving.js';
import { jobSchema } from '../schemas/system.js';
import { command, query } from './define.js';

const refSchema = z.string().trim().min(1, 'Say which model to serve: M@alias, M@VERSION or M.');

export const servingMethods = {
  'serving.start': command(
    z.object({
      refs: z.array(refSchema).min(1, 'Say which model to serve.').max(20),
      /** Shadow (challenger) versions of served models, NAME@ALIAS or NAME@VERSION: each scores its model's logged requests off the response path, logged as source "shadow". */
      shadows: z.array(refSchema).max(20).optional(),
      port: z.number().int().min(0).max(65535).default(0),
      host: z.string().trim().min(1).default('127.0.0.1'),
      token: z.string().min(16, 'A token needs at least 16 characters.').optional(),
      maxBatch: z.number().int().min(1).max(4096).optional(),
      maxDelayMs: z.number().min(0).max(1000).optional(),
      runtime: runtimeSchema.optional(),
      log: z.boolean().optional(),
      logSample: z.number().min(0).max(1).optional(),
    }),
    serverStatusSchema,
    'Start a prediction server in the core process for one or more models (M@alias follows the alias).',
  ),
  'serving.stop': command(
    z.object({ id: z.string().min(1) }),
    z.object({ stopped: z.boolean() }),
    'Stop a prediction server started by serving.start: in-flight requests finish, logs are flushed.',
  ),
  'serving.servers': query(z.object({}).default({}), z.array(serverStatusSchema), 'The prediction servers this process runs, with live figures (one tick per second).'),
  'serving.batchPredict': command(
    z.object({
      model: z.string().trim().min(1, 'Say which model version scores the file: M@alias, M@VERSION or M.'),
      /** The CSV to score: a file uploaded through POST /api/upload (browser mode) or picked in the desktop app. */
      input: z.string().trim().min(1, 'Say which CSV file to score.'),
    }),
    jobSchema,
    "Batch prediction as a job (the same streaming code as ciclo predict --log): every row of a CSV scored by a registered model version or alias, logged as source batch with a request_id column; the scored CSV goes to the workspace's exports/predictions folder (the job result's output).",
  ),
  'serving.batchDownload': query(
    z.object({ file: z.string().trim().min(1) }),
    z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() }),
    'A scored CSV written by serving.batchPredict (its file name), for a download.',
  ),
  'deployments.list': query(
    z
      .object({ model: z.string().optional(), status: z.enum(['running', 'stopped', 'failed']).optional(), limit: z.number().int().min(1).max(100000).default(100) })
      .default({ limit: 100 }),
    z.array(deploymentSchema),
    'What is or was served (from any process), newest first.',
  ),
};

import { z } from 'zod';

/**
 * The prediction server's wire shapes (TensorFlow Serving REST, MLflow scoring, Open Inference Protocol
 * v2) and its deployment records. The server validates bodies with these schemas and /openapi.json is
 * generated from them, so the document cannot drift from the code.
 */

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** One input row: an object keyed by column name, or an array of values in the model's column order. */
export const rowSchema = z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).describe('A row: {column: value} or [values in schema order]');

export const tfPredictRequestSchema = z
  .object({
    signature_name: z.string().optional(),
    instances: z.array(rowSchema).optional().describe('Row format: one entry per row'),
    inputs: z
      .union([z.record(z.string(), z.array(z.unknown())), z.array(rowSchema)])
      .optional()
      .describe('Columnar format: {column: [values]}'),
  })
  .refine((b) => (b.instances === undefined) !== (b.inputs === undefined), { message: 'Give exactly one of "instances" (rows) or "inputs" (columns).' });

/** What one row's prediction holds in every protocol. */
export const rowPredictionSchema = z.object({
  label: z.string().optional().describe('Classification: the most probable class'),
  probabilities: z.record(z.string(), z.number()).optional().describe('Classification: probability per class'),
  value: z.number().optional().describe('Regression: the predicted value'),
});

export const warningSchema = z.object({ row: z.number().int(), field: z.string(), message: z.string() });
export const rowErrorSchema = z.object({ row: z.number().int(), field: z.string().nullable(), message: z.string() });

const answered = {
  model_name: z.string(),
  model_version: z.string(),
  request_id: z.string(),
  warnings: z.array(warningSchema).optional(),
};

export const tfPredictResponseSchema = z.object({
  predictions: z.array(rowPredictionSchema).optional(),
  outputs: z.record(z.string(), z.array(z.unknown())).optional(),
  ...answered,
});
export const tfStatusSchema = z.object({
  model_version_status: z.array(
    z.object({
      version: z.string(),
      state: z.enum(['START', 'LOADING', 'AVAILABLE', 'UNLOADING', 'END']),
      status: z.object({ error_code: z.string(), error_message: z.string() }),
    }),
  ),
});
export const tfErrorSchema = z.object({ error: z.string(), request_id: z.string().optional(), errors: z.array(rowErrorSchema).optional() });

export const mlflowRequestSchema = z
  .object({
    dataframe_split: z.object({ columns: z.array(z.string()), data: z.array(z.array(cell)), index: z.array(z.unknown()).optional() }).optional(),
    dataframe_records: z.array(z.record(z.string(), z.unknown())).optional(),
    instances: z.array(rowSchema).optional(),
    inputs: z.union([z.record(z.string(), z.array(z.unknown())), z.array(rowSchema)]).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((b) => [b.dataframe_split, b.dataframe_records, b.instances, b.inputs].filter((v) => v !== undefined).length === 1, {
    message: 'Give exactly one of dataframe_split, dataframe_records, instances or inputs.',
  });
export const mlflowResponseSchema = z.object({ predictions: z.array(rowPredictionSchema), ...answered });
export const mlflowErrorSchema = z.object({ error_code: z.string(), message: z.string(), request_id: z.string().optional(), errors: z.array(rowErrorSchema).optional() });

export const v2Datatypes = ['BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64', 'BYTES'] as const;
export const v2TensorSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().min(0)),
  datatype: z.enum(v2Datatypes),
  parameters: z.record(z.string(), z.unknown()).optional(),
  data: z.array(z.unknown()),
});
export const v2InferRequestSchema = z.object({
  id: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  inputs: z.array(v2TensorSchema).min(1),
  outputs: z.array(z.object({ name: z.string(), parameters: z.record(z.string(), z.unknown()).optional() })).optional(),
});
export const v2InferResponseSchema = z.object({
  model_name: z.string(),
  model_version: z.string(),
  id: z.string(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  outputs: z.array(v2TensorSchema),
});
const v2TensorMeta = z.object({ name: z.string(), datatype: z.enum(v2Datatypes), shape: z.array(z.number().int()) });
export const v2ModelMetadataSchema = z.object({
  name: z.string(),
  versions: z.array(z.string()),
  platform: z.string(),
  inputs: z.array(v2TensorMeta),
  outputs: z.array(v2TensorMeta),
});
export const v2ServerMetadataSchema = z.object({ name: z.string(), version: z.string(), extensions: z.array(z.string()) });
export const v2ErrorSchema = z.object({ error: z.string() });

/* ------------------------------------------------------------------ deployments */

export const runtimes = ['tfjs', 'onnx', 'auto'] as const;
export const runtimeSchema = z.enum(runtimes);
export type RuntimeChoice = z.infer<typeof runtimeSchema>;

export const servingSettingsSchema = z.object({
  maxBatch: z.number().int().min(1).max(4096).default(64),
  maxDelayMs: z.number().min(0).max(1000).default(2),
  runtime: runtimeSchema.default('auto'),
  log: z.boolean().default(true),
  /** Fraction of requests whose rows are logged (0..1). */
  logSample: z.number().min(0).max(1).default(1),
  /** Logged rows older than this many days are deleted (0 keeps them all). */
  logRetentionDays: z.number().int().min(0).max(3650).default(30),
  maxBodyBytes: z
    .number()
    .int()
    .min(1024)
    .max(512 * 1024 * 1024)
    .default(16 * 1024 * 1024),
  maxRows: z.number().int().min(1).max(1_000_000).default(10_000),
});
export type ServingSettings = z.infer<typeof servingSettingsSchema>;
export type ServingSettingsInput = z.input<typeof servingSettingsSchema>;

export const swapSchema = z.object({ at: z.string(), from: z.number().int().nullable(), to: z.number().int(), ms: z.number() });
export type Swap = z.infer<typeof swapSchema>;

export const deploymentSchema = z.object({
  id: z.string(),
  projectId: z.string().nullable(),
  modelName: z.string(),
  ref: z.string(),
  alias: z.string().nullable(),
  version: z.number().int().nullable(),
  runId: z.string().nullable(),
  host: z.string(),
  port: z.number().int().nullable(),
  url: z.string().nullable(),
  runtime: z.string().nullable(),
  status: z.enum(['running', 'stopped', 'failed']),
  requests: z.number().int(),
  errors: z.number().int(),
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  swaps: z.array(swapSchema),
  startedAt: z.string(),
  stoppedAt: z.string().nullable(),
});
export type Deployment = z.infer<typeof deploymentSchema>;

/** One second of a running server's traffic (the live panel's charts). */
export const servingTickSchema = z.object({
  t: z.number(),
  requests: z.number().int(),
  errors: z.number().int(),
  rows: z.number().int(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  meanBatch: z.number().nullable(),
});
export type ServingTick = z.infer<typeof servingTickSchema>;

/** A served model's shadow (challenger): scores every logged request off the response path, logged as source 'shadow'. */
export const shadowViewSchema = z.object({
  ref: z.string(),
  alias: z.string().nullable(),
  version: z.number().int(),
  runId: z.string(),
  runtime: z.string(),
  /** Rows the shadow scored and logged. */
  scored: z.number().int(),
  /** Rows it could not score (logged with the error; the champion's answer was not affected). */
  failed: z.number().int(),
  /** Rows not shadowed because the shadow was too far behind (the bound keeps serving unaffected). */
  dropped: z.number().int(),
  lastError: z.string().nullable(),
});
export type ShadowView = z.infer<typeof shadowViewSchema>;

export const servedModelSchema = z.object({
  name: z.string(),
  ref: z.string(),
  alias: z.string().nullable(),
  version: z.number().int(),
  runId: z.string(),
  runtime: z.string(),
  deploymentId: z.string(),
  task: z.enum(['binary', 'multiclass', 'regression']),
  classes: z.array(z.string()).nullable(),
  features: z.array(z.string()),
  /** An example input row (training means, most frequent categories) for example requests. */
  example: z.record(z.string(), z.unknown()),
  swaps: z.array(swapSchema),
  /** Why following the alias failed last (the served version keeps serving). */
  lastError: z.string().nullable(),
  shadow: shadowViewSchema.nullable(),
});
export type ServedModel = z.infer<typeof servedModelSchema>;

export const serverStatusSchema = z.object({
  id: z.string(),
  url: z.string(),
  host: z.string(),
  port: z.number().int(),
  token: z.string().nullable(),
  settings: servingSettingsSchema,
  models: z.array(servedModelSchema),
  startedAt: z.string(),
  totals: z.object({ requests: z.number().int(), errors: z.number().int(), rows: z.number().int() }),
  ticks: z.array(servingTickSchema),
});
export type ServerStatus = z.infer<typeof serverStatusSchema>;

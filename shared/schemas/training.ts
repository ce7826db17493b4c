import { z } from 'zod';
import { backendChoices } from './preferences.js';

/**
 * Train phase domain: model designs (a list of layers; Ciclo adds the output head), hyperparameters
 * and runs. Types are inferred from these schemas; the contract (shared/contract/training.ts) uses them.
 */

export const activations = ['relu', 'elu', 'selu', 'tanh', 'sigmoid', 'swish', 'linear'] as const;
export const activationSchema = z.enum(activations);

const l2 = z.number().min(0).max(1).default(0);

export const layerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('dense'), units: z.number().int().min(1).max(4096), activation: activationSchema.default('relu'), l2 }),
  z.object({ type: z.literal('dropout'), rate: z.number().min(0).max(0.95) }),
  z.object({ type: z.literal('batchNorm') }),
  z.object({
    type: z.literal('conv2d'),
    filters: z.number().int().min(1).max(512),
    kernelSize: z.number().int().min(1).max(11),
    strides: z.number().int().min(1).max(4).default(1),
    padding: z.enum(['same', 'valid']).default('same'),
    activation: activationSchema.default('relu'),
    l2,
  }),
  z.object({ type: z.literal('maxPool2d'), poolSize: z.number().int().min(1).max(4).default(2), strides: z.number().int().min(1).max(4).optional() }),
  z.object({ type: z.literal('flatten') }),
  z.object({ type: z.literal('globalAvgPool2d') }),
]);
export type Layer = z.infer<typeof layerSchema>;
export type LayerType = Layer['type'];

export const inputKinds = ['tabular', 'image'] as const;
export const inputKindSchema = z.enum(inputKinds);
export type InputKind = z.infer<typeof inputKindSchema>;

/** A model design: the hidden layers in order. The output head (softmax over the classes, or one linear unit) is added by Ciclo. */
export const modelDesignSchema = z.object({
  inputKind: inputKindSchema,
  layers: z.array(layerSchema).max(40),
});
export type ModelDesign = z.infer<typeof modelDesignSchema>;

/**
 * mlp: a multilayer perceptron; baseline: logistic regression (classification) or linear regression (the
 * output head alone), the honest reference an MLP must beat; cnn: a small convolutional network for images.
 */
export const templateIds = ['mlp', 'baseline', 'cnn'] as const;
/** 'linear' (the baseline's name before 0.x) is still accepted and read as 'baseline'. */
export const templateIdSchema = z.preprocess((v) => (v === 'linear' ? 'baseline' : v), z.enum(templateIds));
export type TemplateId = z.infer<typeof templateIdSchema>;

/** Options of the templates; each template reads the ones it knows. */
export const templateOptionsSchema = z.object({
  hidden: z.array(z.number().int().min(1).max(4096)).max(10).optional(),
  activation: activationSchema.optional(),
  dropout: z.number().min(0).max(0.95).optional(),
  batchNorm: z.boolean().optional(),
  l2: z.number().min(0).max(1).optional(),
  filters: z.array(z.number().int().min(1).max(512)).max(5).optional(),
  kernelSize: z.number().int().min(1).max(11).optional(),
  denseUnits: z.number().int().min(0).max(4096).optional(),
});
export type TemplateOptions = z.infer<typeof templateOptionsSchema>;

export const optimizers = ['adam', 'sgd', 'rmsprop'] as const;
export const scheduleTypes = ['constant', 'step', 'cosine'] as const;

export const hyperparametersSchema = z.object({
  optimizer: z.enum(optimizers).default('adam'),
  learningRate: z.number().gt(0).max(10).default(0.001),
  /** Momentum for sgd and rmsprop. */
  momentum: z.number().min(0).lt(1).default(0.9),
  schedule: z
    .object({
      type: z.enum(scheduleTypes).default('constant'),
      /** step: multiply the rate by `gamma` every `stepEpochs` epochs. */
      stepEpochs: z.number().int().min(1).default(10),
      gamma: z.number().gt(0).max(1).default(0.5),
      /** cosine: the rate falls from learningRate to minLearningRate over the epochs. */
      minLearningRate: z.number().min(0).default(0),
    })
    .prefault({}),
  batchSize: z.number().int().min(1).max(65536).default(32),
  epochs: z.number().int().min(1).max(10000).default(20),
  earlyStopping: z
    .object({
      /** On by default: see docs/defaults-experiment.md for the evidence. */
      enabled: z.boolean().default(true),
      /** An epoch metric such as val_loss, val_accuracy, loss. */
      monitor: z.string().default('val_loss'),
      patience: z.number().int().min(1).max(1000).default(10),
      minDelta: z.number().min(0).default(0),
      restoreBestWeights: z.boolean().default(true),
    })
    .prefault({}),
  /** none, balanced (inverse class frequency in the training rows) or a weight per class label. */
  classWeights: z.union([z.enum(['none', 'balanced']), z.record(z.string(), z.number().gt(0))]).default('none'),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(42),
});
export type Hyperparameters = z.infer<typeof hyperparametersSchema>;
export type HyperparametersInput = z.input<typeof hyperparametersSchema>;

type Shape = Record<string, z.ZodType>;
/** The same fields with every default removed and every field optional (zod 4 fills defaults even inside optional). */
function patchOf(shape: Shape): Shape {
  const out: Shape = {};
  for (const [k, v] of Object.entries(shape)) {
    let inner: z.ZodType = v;
    while (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault) inner = inner.unwrap() as z.ZodType;
    if (inner instanceof z.ZodObject) inner = z.object(patchOf(inner.shape as Shape));
    out[k] = inner.optional();
  }
  return out;
}

/** Hyperparameters as a caller gives them: any subset; the template's values fill the rest. */
export const hyperparametersPatchSchema = z.object(patchOf(hyperparametersSchema.shape as unknown as Shape)) as unknown as z.ZodType<
  Omit<Partial<Hyperparameters>, 'schedule' | 'earlyStopping'> & { schedule?: Partial<Hyperparameters['schedule']>; earlyStopping?: Partial<Hyperparameters['earlyStopping']> }
>;

export const backendChoiceSchema = z.enum(backendChoices);
export type BackendChoice = z.infer<typeof backendChoiceSchema>;

export const runStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export const runStatusSchema = z.enum(runStatuses);
export type RunStatus = z.infer<typeof runStatusSchema>;

/** Why a run trained on that many threads (electron/core/training/threads.ts). */
export const threadReasons = ['parallel', 'forced', 'backend', 'single_core', 'small_model', 'busy'] as const;

export const environmentSchema = z.object({
  cicloVersion: z.string(),
  tfjsVersion: z.string(),
  backend: z.string(),
  os: z.string(),
  cpuModel: z.string(),
  cpuCount: z.number(),
  totalMemoryMb: z.number(),
  nodeVersion: z.string(),
  /** Why backends tried before the one used could not load, as the loader reported it (empty when none failed). */
  backendDetail: z.string().optional(),
  /** The stable key of the run's backend note (see runSchema.backendNoteKey). */
  backendNoteKey: z.enum(['tfjs_node_missing', 'tfjs_node_failed', 'wasm_failed']).optional(),
  /** Threads the run trained on (data-parallel training on the wasm backend; 1 = one thread). */
  trainThreads: z.number().int().min(1).optional(),
  /** Why that many. */
  trainThreadsReason: z.enum(threadReasons).optional(),
});
export type Environment = z.infer<typeof environmentSchema>;

/** What a run table shows: one row per run. */
export const runSummarySchema = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  status: runStatusSchema,
  taskType: z.string(),
  template: z.string(),
  datasetVersionId: z.string(),
  datasetRef: z.string(),
  /** The backend actually used (null until the worker started). */
  backend: z.string().nullable(),
  params: hyperparametersSchema,
  /**
   * The metrics of the weights the model holds (e.g. loss, val_loss, accuracy, val_accuracy): the best
   * epoch's when early stopping restores the best weights, else the last epoch's. `metricsEpoch` says which.
   */
  metrics: z.record(z.string(), z.number()),
  /** The epoch whose weights the model holds (and whose metrics `metrics` are); null before the first epoch ends. */
  metricsEpoch: z.number().int().nullable(),
  /** 'best': the best epoch's weights are kept (label "epoch N (best of M)"); 'last': the last epoch's. */
  metricsFrom: z.enum(['best', 'last']),
  /** The last epoch's metrics (the same as `metrics` when metricsFrom is 'last'). */
  lastMetrics: z.record(z.string(), z.number()),
  paramCount: z.number().int(),
  epochs: z.number().int(),
  epochsDone: z.number().int(),
  bestEpoch: z.number().int().nullable(),
  durationMs: z.number(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

/** A row of the runs table (run.rows): only the columns it shows, and only the metrics it asks for. */
export const runRowSchema = runSummarySchema.pick({
  id: true,
  name: true,
  status: true,
  template: true,
  datasetRef: true,
  backend: true,
  metrics: true,
  metricsEpoch: true,
  metricsFrom: true,
  epochs: true,
  epochsDone: true,
  durationMs: true,
  createdAt: true,
});
export type RunRowSummary = z.infer<typeof runRowSchema>;

/** The split a run trained on, named in the UI by its seed and ratios ("seed 42 · 70/15/15"). */
export const runSplitSchema = z.object({
  id: z.string(),
  seed: z.number().int(),
  stratified: z.boolean(),
  /** the datetime column a chronological split orders rows by; null or absent for a shuffled split */
  chronological: z.string().nullable().optional(),
  fractions: z.object({ train: z.number(), validation: z.number(), test: z.number() }),
  counts: z.object({ train: z.number().int(), validation: z.number().int(), test: z.number().int() }),
  createdAt: z.string(),
});
export type RunSplit = z.infer<typeof runSplitSchema>;

/** "seed 42 · 70/15/15 · stratified" or "chronological by Year · 70/15/15": a split's name (English; the UI translates). */
export function splitName(s: Pick<RunSplit, 'seed' | 'fractions' | 'stratified' | 'chronological'>): string {
  const pct = (v: number) => Math.round(v * 100);
  const how = s.chronological ? `chronological by ${s.chronological}` : `seed ${s.seed}`;
  return `${how} · ${pct(s.fractions.train)}/${pct(s.fractions.validation)}/${pct(s.fractions.test)}${s.stratified ? ' · stratified' : ''}`;
}

export const targetTransforms = ['none', 'log1p'] as const;

/** What the run learnt about its target: the positive class used (binary), the regression target's transform and skewness. */
export const runTargetSchema = z.object({
  name: z.string(),
  positiveClass: z.string().nullable(),
  transform: z.enum(targetTransforms),
  /** Sample skewness of the training target (regression); null otherwise. */
  skewness: z.number().nullable(),
  /** true when the skewness is above 1 (heavily right-skewed): a log transform may help a non-negative target. */
  skewed: z.boolean(),
});
export type RunTarget = z.infer<typeof runTargetSchema>;

export const runSchema = runSummarySchema.extend({
  jobId: z.string().nullable(),
  splitId: z.string(),
  /** The split, for showing it by name; null if its record is gone. */
  split: runSplitSchema.nullable(),
  /** null for runs whose preprocessing cannot be read. */
  target: runTargetSchema.nullable(),
  backendRequested: backendChoiceSchema,
  /** Why the backend differs from the one asked for, in a short English sentence ("tfjs-node is not installed; trained on wasm."). */
  backendNote: z.string(),
  /** The same as a stable key for translation (train namespace, backendNoteKey.*; param: backend), or null. */
  backendNoteKey: z.enum(['tfjs_node_missing', 'tfjs_node_failed', 'wasm_failed']).nullable(),
  design: modelDesignSchema,
  templateOptions: templateOptionsSchema,
  inputShape: z.array(z.number().int()),
  classes: z.array(z.string()).nullable(),
  features: z.array(z.string()),
  /** Metrics at the best epoch (the one whose weights were kept). */
  bestMetrics: z.record(z.string(), z.number()).nullable(),
  environment: environmentSchema.nullable(),
  notes: z.string(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  checkpointEpoch: z.number().int().nullable(),
  /** Hash of the model package (design, weights, preprocessing, classes, features) once the run succeeded. */
  packageHash: z.string().nullable(),
  resumeCount: z.number().int(),
  /** Names of the recorded series (batch/loss, loss, val_loss, sys/cpu_pct, ...). */
  seriesKeys: z.array(z.string()),
  startedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type Run = z.infer<typeof runSchema>;

/** One shape row of a design check: what each layer outputs and how many weights it has. */
export const layerCheckSchema = z.object({
  index: z.number().int(),
  type: z.string(),
  /** Output shape without the batch axis. */
  outputShape: z.array(z.number().int()),
  params: z.number().int(),
  trainableParams: z.number().int(),
  /** true for the output head that Ciclo adds. */
  head: z.boolean(),
});
export type LayerCheck = z.infer<typeof layerCheckSchema>;

export const seriesSchema = z.object({
  runId: z.string(),
  key: z.string(),
  /** x: the global batch step for batch/* keys, the epoch for the others. */
  x: z.array(z.number()),
  y: z.array(z.number()),
  /** How many points are stored; x/y hold fewer when `downsampled`. */
  total: z.number().int(),
  downsampled: z.boolean(),
  /** minmax-lttb: shared buckets (run.compare/run.series with width): each bucket's lowest or highest point, picked by LTTB. */
  method: z.enum(['none', 'lttb', 'minmax', 'minmax-lttb']),
});
export type Series = z.infer<typeof seriesSchema>;

/** Push event: batches finished (throttled to a few per second); `points` are the new batch/* points. */
export const trainingProgressSchema = z.object({
  runId: z.string(),
  jobId: z.string(),
  projectId: z.string(),
  epoch: z.number().int(),
  epochs: z.number().int(),
  step: z.number().int(),
  totalSteps: z.number().int(),
  fraction: z.number().min(0).max(1),
  /** Seconds left at the current pace; null until it can be estimated. */
  etaSeconds: z.number().nullable(),
  samplesPerSecond: z.number(),
  points: z.array(z.object({ key: z.string(), step: z.number(), value: z.number() })),
});

/** Push event: an epoch ended, with its train and validation metrics. */
export const trainingEpochSchema = z.object({
  runId: z.string(),
  jobId: z.string(),
  projectId: z.string(),
  epoch: z.number().int(),
  epochs: z.number().int(),
  metrics: z.record(z.string(), z.number()),
  learningRate: z.number(),
  bestEpoch: z.number().int().nullable(),
  /** When the epoch ended in the worker (ms since 1970), checkpoint included. */
  endedAt: z.number().optional(),
  /** The epoch's points (step = epoch): its metrics, lr and system metrics (sys/cpu_pct, sys/rss_mb, sys/samples_per_s). */
  points: z.array(z.object({ key: z.string(), step: z.number(), value: z.number() })).optional(),
});

/** Push event: a run changed status (started, succeeded, failed, cancelled, interrupted, resumed). */
export const trainingStatusSchema = z.object({
  runId: z.string(),
  projectId: z.string(),
  status: runStatusSchema,
  backend: z.string().nullable(),
  message: z.string(),
  /** The message as a stable key for translation (train namespace, run.statusMessages.*) with its params. */
  messageKey: z.enum(['loading_backend']).optional(),
  messageParams: z.record(z.string(), z.string()).optional(),
});

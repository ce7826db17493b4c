import { z } from 'zod';
import { taskTypeSchema } from '../schemas/charter.js';
import { splitFractionsSchema } from '../schemas/dataset.js';
import { projectRefSchema } from '../schemas/project.js';
import {
  backendChoiceSchema,
  hyperparametersPatchSchema,
  hyperparametersSchema,
  inputKindSchema,
  layerCheckSchema,
  modelDesignSchema,
  runRowSchema,
  runSchema,
  runStatusSchema,
  runSummarySchema,
  seriesSchema,
  templateIdSchema,
  templateOptionsSchema,
  targetTransforms,
} from '../schemas/training.js';
import { issueSchema } from './errors.js';
import { command, query } from './define.js';

const runIdSchema = z.string().trim().min(1, 'Say which run (its id).');

export const templateSchema = z.object({
  id: templateIdSchema,
  inputKind: inputKindSchema,
  /** Task types it suits. */
  taskTypes: z.array(taskTypeSchema),
  options: templateOptionsSchema,
  design: modelDesignSchema,
  /** Hyperparameters this template starts from. */
  params: hyperparametersSchema,
});

/** Where a design check gets its input shape and head from: a data set, or given directly. */
const designTargetSchema = z.object({
  project: projectRefSchema,
  dataset: z.string().trim().min(1).optional(),
  /** Without a data set: the input shape (no batch axis) and the number of classes (1 for regression). */
  inputShape: z.array(z.number().int().min(1)).min(1).max(3).optional(),
  outputUnits: z.number().int().min(1).optional(),
});

export const designCheckSchema = z.object({
  ok: z.boolean(),
  inputShape: z.array(z.number().int()),
  /** Units of the output layer (the head): the number of classes, 1 for regression. */
  outputUnits: z.number().int(),
  layers: z.array(layerCheckSchema),
  totalParams: z.number().int(),
  trainableParams: z.number().int(),
  /** Problems found; each names the layer (path ['layers', i]) it concerns. */
  issues: z.array(issueSchema),
});

/** Filters, sort and paging of the run list. */
const runListInput = z.object({
  project: projectRefSchema.optional(),
  status: z.array(runStatusSchema).optional(),
  template: z.string().optional(),
  backend: z.string().optional(),
  tag: z.string().optional(),
  /** Matches id, name, notes, tags and data set. */
  search: z.string().max(200).optional(),
  /** A field of runSortFields, or metric:NAME (e.g. metric:val_accuracy). */
  sort: z.string().default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
});

export const runSortFields = ['createdAt', 'name', 'status', 'durationMs', 'paramCount', 'epochsDone', 'template', 'backend'] as const;

export const trainingMethods = {
  'train.templates': query(
    z.object({ project: projectRefSchema.optional(), dataset: z.string().optional() }).default({}),
    z.array(templateSchema),
    'Model templates (MLP, linear baseline, CNN) with their layer list and starting hyperparameters, for a project and data set when given.',
  ),
  'train.designCheck': query(
    designTargetSchema.extend({ design: modelDesignSchema }),
    designCheckSchema,
    'Check a layer list before training: output shape and parameter count of each layer, and every problem found.',
  ),
  'train.start': command(
    z.object({
      project: projectRefSchema,
      /** A data set version: id, name (latest version) or name@N. */
      dataset: z.string().trim().min(1, 'Say which data set (name, name@version or id).'),
      template: templateIdSchema.optional(),
      templateOptions: templateOptionsSchema.optional(),
      /** A layer list that replaces the template's. */
      design: modelDesignSchema.optional(),
      params: hyperparametersPatchSchema.optional(),
      /**
       * The split to train on: `id` (one of the version's splits, see dataset.splits), or the settings of one
       * (made when missing). Default: the version's newest split (the default 70/15/15 one when it has none).
       */
      split: z
        .object({ id: z.string().trim().min(1).optional(), seed: z.number().int().min(0).optional(), fractions: splitFractionsSchema.optional(), stratify: z.boolean().optional() })
        .optional(),
      /** Regression: 'log1p' learns log(1 + y) of a skewed non-negative target; predictions and metrics stay on the original scale. */
      targetTransform: z.enum(targetTransforms).optional(),
      backend: backendChoiceSchema.optional(),
      name: z.string().trim().max(120).optional(),
      tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
      notes: z.string().max(4000).optional(),
    }),
    runSchema,
    'Start training a model: returns the run at once (status running); progress comes as training.* events.',
  ),
  'run.list': query(
    runListInput.default({ sort: 'createdAt', order: 'desc', limit: 100, offset: 0 }),
    z.object({ total: z.number().int(), items: z.array(runSummarySchema) }),
    'List runs with sort, filter, search and paging.',
  ),
  'run.rows': query(
    runListInput.extend({
      /** The metrics the table shows (of the weights each model holds); others are left out. */
      metrics: z.array(z.string().trim().min(1)).max(20).default([]),
    }),
    z.object({ total: z.number().int(), items: z.array(runRowSchema) }),
    "The runs table's rows: the same filters, sort and paging as run.list, only the columns the table shows.",
  ),
  'run.get': query(z.object({ id: runIdSchema }), runSchema, 'Show one run: params, design, data, environment, metrics.'),
  'run.series': query(
    z.object({
      id: runIdSchema,
      /** Default: every recorded key. */
      keys: z.array(z.string()).max(50).optional(),
      maxPoints: z.number().int().min(10).max(100000).default(1000),
      method: z.enum(['lttb', 'minmax']).default('lttb'),
      /**
       * The chart's plot width in pixels. When given, the series are downsampled on shared buckets (one common
       * x range per key, two buckets per pixel column, each bucket's lowest or highest point picked by LTTB)
       * instead of to maxPoints, so every run has a point at every position its data covers.
       */
      width: z.number().int().min(20).max(10000).optional(),
    }),
    z.array(seriesSchema),
    'Metric series of a run for charts, downsampled on the core side (deterministic, peaks kept) to maxPoints.',
  ),
  'run.compare': query(
    z.object({
      ids: z.array(runIdSchema).min(2, 'Compare at least 2 runs.').max(10, 'Compare at most 10 runs.'),
      keys: z.array(z.string()).max(20).optional(),
      maxPoints: z.number().int().min(10).max(100000).default(1000),
      method: z.enum(['lttb', 'minmax']).default('lttb'),
      /**
       * The chart's plot width in pixels. When given, the series are downsampled on shared buckets (one common
       * x range per key, two buckets per pixel column, each bucket's lowest or highest point picked by LTTB)
       * instead of to maxPoints, so every run has a point at every position its data covers.
       */
      width: z.number().int().min(20).max(10000).optional(),
    }),
    z.object({
      runs: z.array(runSummarySchema),
      /** One row per parameter (flattened path); `differs` when the runs do not all agree. */
      params: z.array(z.object({ name: z.string(), values: z.array(z.string().nullable()), differs: z.boolean() })),
      /** Metrics of the weights each model holds (see metricsEpoch): one row per metric, a value per run (null when the run has none). */
      metrics: z.array(z.object({ name: z.string(), values: z.array(z.number().nullable()) })),
      series: z.array(seriesSchema),
      /** With width: the buckets each key's series share (the common x range and how many buckets); empty otherwise. */
      buckets: z.array(z.object({ key: z.string(), from: z.number(), to: z.number(), count: z.number().int() })),
      /**
       * The project's baseline (logistic / linear regression) on the same data, and whether each run beats it
       * on `metric` (val_loss for classification, val_rmse for regression; null: not comparable). null when
       * the project has no succeeded baseline run on this data set version.
       */
      baseline: z.object({ run: runSummarySchema, metric: z.string(), sameSplit: z.boolean(), beats: z.array(z.boolean().nullable()) }).nullable(),
    }),
    'Compare 2 to 10 runs: overlaid series, a parameter diff, the metrics of the weights each model holds, and each run against the baseline.',
  ),
  'run.wait': query(z.object({ id: runIdSchema }), runSchema, 'Wait until a run has stopped (its training job ended) and return it.'),
  'run.cancel': command(z.object({ id: runIdSchema }), runSchema, 'Stop a running training run (within a second); it is marked cancelled.'),
  'run.resume': command(z.object({ id: runIdSchema }), runSchema, 'Continue an interrupted, cancelled or failed run from its last checkpoint.'),
  'run.update': command(
    z.object({
      id: runIdSchema,
      name: z.string().trim().min(1).max(120).optional(),
      tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
      notes: z.string().max(4000).optional(),
    }),
    runSchema,
    'Rename a run or change its tags and notes.',
  ),
};

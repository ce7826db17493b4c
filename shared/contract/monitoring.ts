import { z } from 'zod';
import {
  alertSchema,
  checkResultSchema,
  comparisonSchema,
  driftMethods,
  driftDaySchema,
  driftReportSchema,
  feedbackResultSchema,
  monitoredModelSchema,
  performanceReportSchema,
  timelinePointSchema,
} from '../schemas/monitoring.js';
import { projectRefSchema } from '../schemas/project.js';
import { jobSchema } from '../schemas/system.js';
import { command, query } from './define.js';

/** A run id, or a registered model: M (every version's logs), M@VERSION or M@alias. */
const modelRef = z.string().trim().min(1, 'Say which model (M, M@VERSION or M@alias) or run id.');
const datasetRef = z.string().trim().min(1);

/** Which logged rows: dates, the newest N rows, or the last hours/days (counted back from the newest logged row). */
const windowFields = {
  since: z.string().trim().min(1).optional(),
  until: z.string().trim().min(1).optional(),
  last: z.number().int().min(1).max(10_000_000).optional(),
  lastHours: z
    .number()
    .positive()
    .max(24 * 3650)
    .optional(),
  lastDays: z.number().positive().max(3650).optional(),
};

const driftInput = z.object({
  model: modelRef,
  /** A data set version (name@N or id); default: the training split of the version the model was trained on. */
  reference: datasetRef.optional(),
  /** A CSV of production rows to score as a batch, instead of logged rows. */
  current: z.string().trim().min(1).optional(),
  ...windowFields,
  columnMethods: z.record(z.string(), z.object({ method: z.enum(driftMethods).optional(), threshold: z.number().positive().max(1e6).optional() })).optional(),
  shareThreshold: z.number().gt(0).max(1).optional(),
  minRows: z.number().int().min(2).max(100000).optional(),
});

export const monitoringMethods = {
  'monitor.drift': query(
    driftInput,
    driftReportSchema,
    "Data drift of a model's production rows (logged, or a CSV scored as a batch) against its reference: per column (Evidently's default tests or overrides), data set share, multivariate PCA check, prediction and target drift, with explanations.",
  ),
  'monitor.performance': query(
    z.object({
      model: modelRef,
      reference: datasetRef.optional(),
      window: z.string().trim().default('1d'),
      minRows: z.number().int().min(2).max(100000).optional(),
      ...windowFields,
    }),
    performanceReportSchema,
    'Performance per time window: realised metrics on labelled rows with bootstrap intervals against the charter, CBPE estimates without labels, operational figures.',
  ),
  'monitor.feedback': command(
    z
      .object({
        model: modelRef,
        input: z.string().trim().min(1).optional(),
        content: z.string().max(900_000).optional(),
        idColumn: z.string().trim().min(1).optional(),
        labelColumn: z.string().trim().min(1).optional(),
      })
      .refine((v) => v.input !== undefined || v.content !== undefined, { message: 'Give a CSV file of labels (input) or its content.' }),
    feedbackResultSchema,
    'Ground truth for logged predictions: a CSV of request_id,label (or the original columns plus the label); unknown ids and duplicate labels are reported.',
  ),
  'monitor.check': command(
    driftInput.extend({ watch: z.array(z.string().trim().min(1)).max(50).optional() }),
    checkResultSchema,
    'Evaluates the alert rules (charter criteria on live and estimated performance, data set, multivariate and watched-column drift); fired rules become open alerts.',
  ),
  'monitor.alerts': query(
    z
      .object({
        project: projectRefSchema.optional(),
        model: modelRef.optional(),
        status: z.enum(['open', 'resolved']).optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .default({ limit: 200 }),
    z.array(alertSchema),
    'Alerts, newest first, of a project or a model.',
  ),
  'monitor.models': query(
    z.object({ project: projectRefSchema.optional() }).default({}),
    z.array(monitoredModelSchema),
    'Model versions with logged predictions, newest activity first.',
  ),
  'monitor.timeline': query(z.object({ model: modelRef }), z.array(timelinePointSchema), 'Logged requests, errors, labels and correct predictions per day.'),
  'monitor.driftTimeline': query(
    z.object({ model: modelRef, days: z.number().int().min(1).max(90).default(14), reference: datasetRef.optional() }),
    z.array(driftDaySchema),
    'Drift share per day over the last days of logged rows (each day against the reference, the same tests as the drift report), with the alerts fired each day.',
  ),
  'monitor.compare': query(
    z.object({ champion: modelRef, challenger: modelRef, ...windowFields, dataset: datasetRef.optional() }),
    comparisonSchema,
    'Champion vs challenger on the same recent labelled rows (or a data set version): metric by metric with bootstrap intervals, McNemar for accuracy, and a recommendation.',
  ),
  'monitor.retrain': command(
    z.object({
      model: modelRef,
      alias: z.string().trim().min(1).default('challenger'),
      dataset: datasetRef.optional(),
      seed: z.number().int().min(0).optional(),
      reason: z.string().trim().max(500).optional(),
      alert: z.string().trim().optional(),
    }),
    jobSchema,
    "Retrain as a job: a new data set version (reference plus labelled production rows, or a chosen version), the champion's recipe, evaluation, registration under an alias (challenger), lineage.",
  ),
  'monitor.simulate': command(
    z.object({
      dataset: datasetRef,
      model: modelRef,
      shifts: z.array(z.string().trim().min(1)).max(50).default([]),
      noise: z.array(z.string().trim().min(1)).max(50).default([]),
      rows: z.number().int().min(1).max(1_000_000).default(1000),
      days: z.number().int().min(1).max(365).default(7),
      labelDelay: z.string().trim().optional(),
      labels: z.boolean().default(true),
      seed: z.number().int().min(0).default(1),
      start: z.string().trim().optional(),
      ramp: z.boolean().default(true),
    }),
    jobSchema,
    'Drift simulator: realistic production rows with controlled shifts over simulated days, scored and logged with simulated timestamps, optionally with delayed labels.',
  ),
  'monitor.report': query(
    driftInput.extend({ lang: z.enum(['en', 'es']).default('en'), window: z.string().trim().default('1d') }),
    z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() }),
    'The drift and performance report as a self-contained offline HTML page.',
  ),
};

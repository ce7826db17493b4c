import { z } from 'zod';
import { comparators } from '../metrics.js';
import { issueSchema } from '../contract/errors.js';
import { taskTypeSchema } from './charter.js';
import { datasetVersionSchema } from './dataset.js';

/**
 * Evaluate phase: metrics of a finished run on held-out data, gate results from the charter, slices,
 * curves for charts and operational figures. Values follow scikit-learn's definitions
 * (see electron/core/stats/); a metric that is undefined on the data is null with a warning saying why.
 */

/**
 * Texts meant for people carry a stable i18n key, namespace-qualified ("evaluate:warning.single_class"),
 * and its params next to the English text. Optional only so that evaluations stored before keys
 * existed still read; every new evaluation has them.
 */
const keyFields = { key: z.string().optional(), params: z.record(z.string(), z.unknown()).optional() };

/** Metric values by catalogue name (shared/metrics.ts); null when undefined on this data. */
export const metricValuesSchema = z.record(z.string(), z.number().nullable());
export type MetricValues = z.infer<typeof metricValuesSchema>;

/** A 95 % bootstrap confidence interval of a metric. */
export const metricIntervalSchema = z.object({ lower: z.number(), upper: z.number() });
export type MetricInterval = z.infer<typeof metricIntervalSchema>;

export const gateCheckSchema = z.object({
  metric: z.string(),
  comparator: z.enum(comparators),
  threshold: z.number(),
  measured: z.number().nullable(),
  passed: z.boolean(),
  /** Distance on the good side of the threshold (negative when failing); null when not measured. */
  margin: z.number().nullable(),
  /** Why the criterion could not be judged (English); null when it was. */
  reason: z.string().nullable(),
  /** The same reason as an i18n key and its params (see keyFields); null when judged. */
  reasonKey: z.string().nullable().optional(),
  reasonParams: z.record(z.string(), z.unknown()).nullable().optional(),
  /** The measured metric's 95 % bootstrap interval (absent on slices and on evaluations made before it existed). */
  interval: metricIntervalSchema.optional(),
  /** true when the threshold lies inside that interval: on other rows like these the decision could go the other way. */
  uncertain: z.boolean().optional(),
});
export type GateCheck = z.infer<typeof gateCheckSchema>;

/** 'no_criteria': the charter sets no acceptance criteria, so nothing was judged (never reported as passed). */
export const gateStatuses = ['passed', 'failed', 'no_criteria'] as const;
export const gateStatusSchema = z.enum(gateStatuses);
export type GateStatus = z.infer<typeof gateStatusSchema>;

export const gateResultSchema = z.object({
  /** true only when there are criteria and every one passes. */
  passed: z.boolean(),
  /** Optional only so that results stored before it existed still read; see gateStatusOf. */
  status: gateStatusSchema.optional(),
  failed: z.number().int(),
  checks: z.array(gateCheckSchema),
});
export type GateResult = z.infer<typeof gateResultSchema>;

/** The status of a gate result, also for results stored before `status` existed. */
export function gateStatusOf(g: Pick<GateResult, 'passed' | 'checks' | 'status'>): GateStatus {
  return g.status ?? (g.checks.length === 0 ? 'no_criteria' : g.passed ? 'passed' : 'failed');
}

export const evalWarningSchema = z.object({
  metric: z.string(),
  /** The class concerned, when the warning is about one class. */
  classLabel: z.string().nullable(),
  reason: z.string(),
  message: z.string(),
  ...keyFields,
});
export type EvalWarning = z.infer<typeof evalWarningSchema>;

export const perClassSchema = z.object({
  label: z.string(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  support: z.number().int(),
  predicted: z.number().int(),
  rocAuc: z.number().nullable(),
  averagePrecision: z.number().nullable(),
});
export type PerClass = z.infer<typeof perClassSchema>;

/** A curve thinned for charts: `points` is how many the full curve had. */
const curveBase = {
  /** The class the curve is for (one-vs-rest); for a binary task, the positive class. */
  label: z.string(),
  points: z.number().int(),
  downsampled: z.boolean(),
};

export const rocCurveSchema = z.object({
  ...curveBase,
  auc: z.number().nullable(),
  fpr: z.array(z.number()),
  tpr: z.array(z.number()),
  /** Score thresholds; null for the first point (nothing predicted positive). */
  thresholds: z.array(z.number().nullable()),
});
export type RocCurveData = z.infer<typeof rocCurveSchema>;

export const prCurveSchema = z.object({
  ...curveBase,
  averagePrecision: z.number().nullable(),
  /** The share of positives: a classifier guessing at random sits at this precision. */
  baseline: z.number(),
  precision: z.array(z.number()),
  recall: z.array(z.number()),
  /** null for the final point (precision 1, recall 0), which has no threshold. */
  thresholds: z.array(z.number().nullable()),
});
export type PrCurveData = z.infer<typeof prCurveSchema>;

export const calibrationBinSchema = z.object({
  lower: z.number(),
  upper: z.number(),
  meanPredicted: z.number(),
  fractionPositive: z.number(),
  count: z.number().int(),
});

export const calibrationSchema = z.object({ label: z.string(), bins: z.array(calibrationBinSchema) });
export type CalibrationData = z.infer<typeof calibrationSchema>;

export const classificationDetailsSchema = z.object({
  kind: z.literal('classification'),
  classes: z.array(z.string()),
  /** The positive class of a binary task (the model's last class); null for multiclass. */
  positiveClass: z.string().nullable(),
  perClass: z.array(perClassSchema),
  /** Rows: true class; columns: predicted class; both in `classes` order. */
  confusion: z.object({ counts: z.array(z.array(z.number().int())), normalized: z.array(z.array(z.number())) }),
  /** Binary: one curve (the positive class). Multiclass: one per class present in the data, one-vs-rest. */
  roc: z.array(rocCurveSchema),
  pr: z.array(prCurveSchema),
  calibration: z.array(calibrationSchema),
});

export const regressionDetailsSchema = z.object({
  kind: z.literal('regression'),
  /** Rows left out of MAPE because their true value is 0. */
  mapeExcluded: z.number().int(),
  /** Predicted vs actual and residual points (actual - predicted), thinned deterministically to at most 2,000. */
  points: z.object({ actual: z.array(z.number()), predicted: z.array(z.number()), total: z.number().int(), downsampled: z.boolean() }),
  residualHistogram: z.object({ edges: z.array(z.number()), counts: z.array(z.number().int()) }),
  residualMean: z.number(),
  residualStd: z.number(),
});

export const evaluationDetailsSchema = z.discriminatedUnion('kind', [classificationDetailsSchema, regressionDetailsSchema]);
export type EvaluationDetails = z.infer<typeof evaluationDetailsSchema>;

export const operationalSchema = z.object({
  latency: z.object({ meanMs: z.number(), p50Ms: z.number(), p95Ms: z.number(), samples: z.number().int() }),
  throughputRowsPerS: z.number(),
  batchRows: z.number().int(),
  modelSizeKb: z.number(),
  paramCount: z.number().int(),
  backend: z.string(),
});
export type Operational = z.infer<typeof operationalSchema>;

export const sliceSchema = z.object({
  /** A category value, "(missing)", a numeric range such as "[2.5, 4.1)" or a date range "[2024-03-01, 2024-06-15)". */
  label: z.string(),
  /** For numeric bins: the bounds (the last bin includes its upper bound); for dates, epoch milliseconds (UTC as stored). */
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  count: z.number().int(),
  metrics: metricValuesSchema,
  gate: gateResultSchema,
});
export type Slice = z.infer<typeof sliceSchema>;

export const sliceReportSchema = z.object({
  feature: z.string(),
  /** 'datetime': a date column sliced by quantile bins of its dates. */
  kind: z.enum(['categorical', 'numeric', 'datetime']),
  /** Categories beyond the most frequent ones are grouped as "(other)". */
  slices: z.array(sliceSchema),
  /** Labels of the slices that fail at least one criterion. */
  failing: z.array(z.string()),
  /** 'single_slice': the feature has one value (or one bin) in these rows, so slicing by it compares nothing. */
  note: z.enum(['single_slice']).optional(),
});
export type SliceReport = z.infer<typeof sliceReportSchema>;

export const evaluationSubsets = ['test', 'all'] as const;

export const evaluationSummarySchema = z.object({
  id: z.string(),
  projectId: z.string(),
  runId: z.string(),
  runName: z.string(),
  datasetVersionId: z.string(),
  /** name@version of the data evaluated on. */
  datasetRef: z.string(),
  /** 'test': the run's held-out test rows; 'all': every row of another data set version. */
  subset: z.enum(evaluationSubsets),
  rows: z.number().int(),
  taskType: taskTypeSchema,
  /** true only when the charter has criteria and every one passes. */
  gatePassed: z.boolean(),
  gateStatus: gateStatusSchema,
  metrics: metricValuesSchema,
  createdAt: z.string(),
});
export type EvaluationSummary = z.infer<typeof evaluationSummarySchema>;

export const evaluationSchema = evaluationSummarySchema.extend({
  jobId: z.string().nullable(),
  splitId: z.string().nullable(),
  /** Rows that could not be scored (missing or malformed feature values) and were left out. */
  skippedRows: z.number().int(),
  skipped: z.array(z.object({ row: z.number().int(), message: z.string(), ...keyFields })),
  details: evaluationDetailsSchema,
  operational: operationalSchema,
  gate: gateResultSchema,
  slices: z.array(sliceReportSchema),
  warnings: z.array(evalWarningSchema),
  /** 95 % bootstrap confidence intervals by metric name (prediction metrics only); absent on evaluations made before they existed. */
  intervals: z.record(z.string(), metricIntervalSchema).optional(),
  /** How many bootstrap resamples the intervals come from. */
  intervalResamples: z.number().int().optional(),
  durationMs: z.number(),
});
export type Evaluation = z.infer<typeof evaluationSchema>;

/** One metric of two evaluations side by side. */
export const comparisonRowSchema = z.object({
  metric: z.string(),
  a: z.number().nullable(),
  b: z.number().nullable(),
  /** b - a; null when either is missing. */
  delta: z.number().nullable(),
  /** Which is better by the catalogue's direction; 'equal' when the same, null when not comparable. */
  better: z.enum(['a', 'b', 'equal']).nullable(),
  /** Each side's 95 % bootstrap interval, when known. */
  aInterval: metricIntervalSchema.nullable().optional(),
  bInterval: metricIntervalSchema.nullable().optional(),
  /** true when the intervals overlap: the difference may be noise. */
  overlap: z.boolean().nullable().optional(),
});
export type ComparisonRow = z.infer<typeof comparisonRowSchema>;

export const evaluationComparisonSchema = z.object({
  a: evaluationSummarySchema,
  b: evaluationSummarySchema,
  rows: z.array(comparisonRowSchema),
  /** How many metrics each side wins. */
  wins: z.object({ a: z.number().int(), b: z.number().int(), equal: z.number().int() }),
  gates: z.object({ a: gateResultSchema, b: gateResultSchema }),
  /** true when both were computed on the same rows of the same data set version (a fair comparison). */
  sameData: z.boolean(),
});
export type EvaluationComparison = z.infer<typeof evaluationComparisonSchema>;

export const reportFormats = ['html', 'json'] as const;

/** A data set version of the run's project and whether the run can be evaluated on it. */
export const evaluationCandidateSchema = z.object({
  version: datasetVersionSchema,
  /** name@version */
  datasetRef: z.string(),
  /** The version the run was trained on (evaluated on its held-out test rows by default). */
  trainedOn: z.boolean(),
  compatible: z.boolean(),
  /** Why not (a missing or mistyped column, no target, the wrong kind of data); keys in the "evaluate" namespace. */
  reasons: z.array(issueSchema),
});
export type EvaluationCandidate = z.infer<typeof evaluationCandidateSchema>;

/** A column an evaluation can be sliced by: every categorical or numeric column of the evaluated version. */
export const sliceableColumnSchema = z.object({
  name: z.string(),
  /** categorical (and boolean) columns are sliced by value; numeric and date columns by quantile bins (by value when they hold few values). */
  /** 'datetime': a date column sliced by quantile bins of its dates. */
  kind: z.enum(['categorical', 'numeric', 'datetime']),
  type: z.string(),
  role: z.string(),
  /** Whether the model reads this column. */
  modelFeature: z.boolean(),
});
export type SliceableColumn = z.infer<typeof sliceableColumnSchema>;

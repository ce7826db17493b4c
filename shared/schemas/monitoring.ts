import { z } from 'zod';
import { gateResultSchema, metricValuesSchema } from './evaluation.js';

/**
 * Monitor phase: drift of a model's production data against its reference, live and estimated
 * performance, operational figures, alerts, feedback and the retraining loop. Texts for people carry
 * an i18n key (namespace "monitor") with its params beside the English text.
 */

export const driftMethods = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi'] as const;
export type DriftMethod = (typeof driftMethods)[number];

/** p-value methods flag drift when p < threshold; distance methods when the distance >= threshold. */
export const pValueMethods: readonly DriftMethod[] = ['ks', 'chisquare', 'z'];

export const textSchema = z.object({ key: z.string(), params: z.record(z.string(), z.unknown()), message: z.string() });
export type Text = z.infer<typeof textSchema>;

const shareSeries = z.object({
  /** Bin or category labels (a numeric bin as "lo..hi"). */
  labels: z.array(z.string()),
  reference: z.array(z.number()),
  current: z.array(z.number()),
});

const numericSummary = z.object({ mean: z.number().nullable(), median: z.number().nullable(), p25: z.number().nullable(), p75: z.number().nullable(), std: z.number().nullable() });

export const columnDriftSchema = z.object({
  name: z.string(),
  type: z.enum(['numeric', 'categorical']),
  method: z.enum(driftMethods),
  /** Why this method: Evidently's default rule that picked it, or 'override'. */
  methodReason: z.string(),
  statistic: z.number().nullable(),
  pValue: z.number().nullable().optional(),
  threshold: z.number(),
  /** null when there is not enough data to judge. */
  drifted: z.boolean().nullable(),
  status: z.enum(['drifted', 'stable', 'not_enough_data']),
  /** Size of the change whatever the test: the Wasserstein distance in reference standard deviations (numeric) or the Jensen-Shannon distance (categorical). */
  effectSize: z.object({ kind: z.enum(['wasserstein_norm', 'jensenshannon']), value: z.number().nullable() }),
  rows: z.object({ reference: z.number().int(), current: z.number().int() }),
  missingShare: z.object({ reference: z.number(), current: z.number() }),
  /** Permutation importance of the column for the model on the reference (null when not a model feature or not computed). */
  importance: z.number().nullable(),
  explanation: z.string(),
  explanationText: textSchema,
  summary: z.object({ reference: numericSummary, current: numericSummary }).nullable(),
  shares: shareSeries,
});
export type ColumnDrift = z.infer<typeof columnDriftSchema>;

export const multivariateDriftSchema = z.object({
  method: z.literal('pca_reconstruction'),
  components: z.number().int(),
  explainedVariance: z.number(),
  referenceError: z.number(),
  currentError: z.number().nullable(),
  lower: z.number(),
  upper: z.number(),
  chunkSize: z.number().int(),
  chunks: z.number().int(),
  drifted: z.boolean().nullable(),
  explanation: z.string(),
  explanationText: textSchema,
});
export type MultivariateDrift = z.infer<typeof multivariateDriftSchema>;

export const driftReportSchema = z.object({
  model: z.object({ ref: z.string(), runId: z.string(), name: z.string().nullable(), version: z.number().int().nullable(), task: z.string() }),
  reference: z.object({ datasetRef: z.string(), subset: z.enum(['train', 'all']), rows: z.number().int() }),
  current: z.object({ source: z.enum(['logs', 'file']), from: z.string().nullable(), to: z.string().nullable(), rows: z.number().int(), description: z.string() }),
  datasetDrift: z.boolean().nullable(),
  driftShare: z.number().nullable(),
  threshold: z.number(),
  driftedColumns: z.number().int(),
  testedColumns: z.number().int(),
  minRows: z.number().int(),
  columns: z.array(columnDriftSchema),
  multivariate: multivariateDriftSchema.nullable(),
  prediction: columnDriftSchema.nullable(),
  target: columnDriftSchema.nullable(),
  rows: z.object({ reference: z.number().int(), current: z.number().int() }),
  summary: textSchema,
  durationMs: z.number(),
});
export type DriftReport = z.infer<typeof driftReportSchema>;

const interval = z.object({ low: z.number(), high: z.number() }).nullable();

export const performanceWindowSchema = z.object({
  start: z.string(),
  end: z.string(),
  requests: z.number().int(),
  labelled: z.number().int(),
  /** Realised metrics on labelled rows (null without labels). */
  metrics: metricValuesSchema.nullable(),
  /** 95 % bootstrap intervals of the criteria metrics. */
  intervals: z.record(z.string(), interval),
  /** Estimated metrics without labels (CBPE, classification only). */
  estimated: metricValuesSchema.nullable(),
  gate: gateResultSchema.nullable(),
  /** Criteria whose whole interval is on the failing side: these raise alerts; a point below with an interval across the threshold does not. */
  failing: z.array(z.string()),
  estimatedFailing: z.array(z.string()),
  driftShare: z.number().nullable(),
  errorRate: z.number(),
  latencyP50: z.number().nullable(),
  latencyP95: z.number().nullable(),
});
export type PerformanceWindow = z.infer<typeof performanceWindowSchema>;

export const performanceReportSchema = z.object({
  model: z.object({ ref: z.string(), runId: z.string(), name: z.string().nullable(), version: z.number().int().nullable(), task: z.string() }),
  window: z.string(),
  criteria: z.array(z.object({ metric: z.string(), comparator: z.string(), threshold: z.number() })),
  windows: z.array(performanceWindowSchema),
  overall: performanceWindowSchema.nullable(),
  cbpe: z.object({ available: z.boolean(), assumption: z.string(), assumptionText: textSchema, calibrationRows: z.number().int() }),
  operational: z.object({
    requests: z.number().int(),
    ratePerHour: z.number().nullable(),
    errorRate: z.number(),
    latency: z.object({ p50: z.number().nullable(), p90: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() }),
    unknownCategoryRate: z.record(z.string(), z.number()),
    missingRate: z.record(z.string(), z.number()),
  }),
});
export type PerformanceReport = z.infer<typeof performanceReportSchema>;

export const alertSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  modelRef: z.string(),
  runId: z.string(),
  rule: z.string(),
  severity: z.enum(['warning', 'critical']),
  message: z.string(),
  text: textSchema,
  details: z.record(z.string(), z.unknown()),
  status: z.enum(['open', 'resolved']),
  firedAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export type Alert = z.infer<typeof alertSchema>;

export const checkResultSchema = z.object({
  model: z.object({ ref: z.string(), runId: z.string() }),
  fired: z.boolean(),
  alerts: z.array(alertSchema),
  rules: z.array(z.object({ rule: z.string(), fired: z.boolean(), message: z.string(), text: textSchema })),
  checkedAt: z.string(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const feedbackResultSchema = z.object({
  rows: z.number().int(),
  stored: z.number().int(),
  replaced: z.number().int(),
  unknown: z.number().int(),
  unknownIds: z.array(z.string()),
  duplicates: z.number().int(),
  duplicateIds: z.array(z.string()),
  missingLabel: z.number().int(),
  idColumn: z.string(),
  labelColumn: z.string(),
  messages: z.array(textSchema),
});
export type FeedbackResult = z.infer<typeof feedbackResultSchema>;

export const timelinePointSchema = z.object({
  day: z.string(),
  requests: z.number().int(),
  errors: z.number().int(),
  labelled: z.number().int(),
  correct: z.number().int().nullable(),
  latencyMeanMs: z.number().nullable(),
});
export type TimelinePoint = z.infer<typeof timelinePointSchema>;

/** One day of the drift timeline: the share of the model's columns that drifted that day against the reference. */
export const driftDaySchema = z.object({
  day: z.string(),
  rows: z.number().int(),
  /** null: not enough rows that day to judge. */
  driftShare: z.number().nullable(),
  datasetDrift: z.boolean().nullable(),
  threshold: z.number(),
  drifted: z.array(z.string()),
  /** Alerts fired on this model that day. */
  alerts: z.number().int(),
});
export type DriftDay = z.infer<typeof driftDaySchema>;

export const monitoredModelSchema = z.object({
  ref: z.string(),
  name: z.string().nullable(),
  version: z.number().int().nullable(),
  runId: z.string(),
  projectId: z.string(),
  aliases: z.array(z.string()),
  rows: z.number().int(),
  labelled: z.number().int(),
  first: z.string().nullable(),
  last: z.string().nullable(),
  openAlerts: z.number().int(),
});
export type MonitoredModel = z.infer<typeof monitoredModelSchema>;

export const comparisonSchema = z.object({
  champion: z.object({ ref: z.string(), runId: z.string() }),
  challenger: z.object({ ref: z.string(), runId: z.string() }),
  rows: z.number().int(),
  source: z.string(),
  metrics: z.array(
    z.object({
      metric: z.string(),
      champion: z.number().nullable(),
      challenger: z.number().nullable(),
      championInterval: interval,
      challengerInterval: interval,
      difference: z.number().nullable(),
      differenceInterval: interval,
      better: z.enum(['champion', 'challenger', 'tie']).nullable(),
    }),
  ),
  mcnemar: z.object({ b: z.number().int(), c: z.number().int(), statistic: z.number(), pValue: z.number(), exact: z.boolean() }).nullable(),
  recommendation: z.enum(['promote', 'keep', 'undecided']),
  recommendationText: textSchema,
  /** Live requests the challenger scored in shadow mode beside the champion: how many, how many labelled, how often they agree. */
  shadow: z.object({ rows: z.number().int(), labelled: z.number().int(), agreement: z.number().nullable() }).nullable().optional(),
});
export type Comparison = z.infer<typeof comparisonSchema>;

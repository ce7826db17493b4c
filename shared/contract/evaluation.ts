import { z } from 'zod';
import {
  evaluationCandidateSchema,
  evaluationComparisonSchema,
  evaluationSchema,
  evaluationSubsets,
  evaluationSummarySchema,
  reportFormats,
  sliceReportSchema,
  sliceableColumnSchema,
} from '../schemas/evaluation.js';
import { projectRefSchema } from '../schemas/project.js';
import { jobSchema } from '../schemas/system.js';
import { command, query } from './define.js';

/** A run id, or a registered model: M (its newest version), M@VERSION or M@alias. */
const runRef = z.string().trim().min(1, 'Say which run (its id) or model (M, M@VERSION or M@alias).');
const evaluationRef = z.string().trim().min(1, 'Say which evaluation (its id).');
const featureName = z.string().trim().min(1, 'Say which feature to slice by.');
const bins = z.number().int().min(2, 'Use at least 2 bins.').max(20, 'Use at most 20 bins.');

/** What a prediction job returns (the job's `result`). */
export const predictResultSchema = z.object({
  input: z.string(),
  output: z.string(),
  rows: z.number().int(),
  scored: z.number().int(),
  failed: z.number().int(),
  /**
   * Rows that could not be scored, by line number of the input file (the first 1,000): an English message
   * (the CLI's) and the problem as a code and params that screens translate (rows:<code>). Jobs stored
   * before codes existed have only the message.
   */
  errors: z.array(
    z.object({
      line: z.number().int(),
      message: z.string(),
      code: z.string().optional(),
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    }),
  ),
  addedColumns: z.array(z.string()),
  classes: z.array(z.string()).nullable(),
});
export type PredictResult = z.infer<typeof predictResultSchema>;

/** What an evaluation job returns (the job's `result`); the evaluation itself is read with eval.get. */
export const evaluateResultSchema = z.object({
  evaluationId: z.string(),
  gatePassed: z.boolean(),
  /** 'no_criteria' when the charter has none (never reported as passed). Optional for jobs stored before it existed. */
  gateStatus: z.enum(['passed', 'failed', 'no_criteria']).optional(),
  failed: z.number().int(),
  /** The run evaluated (also in the params of every step of the job while it runs). */
  runId: z.string().optional(),
  runName: z.string().optional(),
});

export const evaluationMethods = {
  'eval.start': command(
    z.object({
      run: runRef,
      /** A data set version (id, name or name@N); default: the run's own held-out test rows. */
      dataset: z.string().trim().min(1).optional(),
      /** 'test' only on the run's own version; default test there, all elsewhere. */
      subset: z.enum(evaluationSubsets).optional(),
      /** Features to slice by while evaluating (slices can also be asked for later with eval.slice). */
      slices: z.array(featureName).max(10).optional(),
      sliceBins: bins.optional(),
    }),
    jobSchema,
    'Evaluate a finished run on held-out data as a job: metrics, curves, gates from the charter, operational figures. The job result holds the evaluation id.',
  ),
  'eval.candidates': query(
    z.object({ run: runRef, includeIncompatible: z.boolean().default(false) }),
    z.array(evaluationCandidateSchema),
    "The data set versions of the run's project it can be evaluated on, newest first; with includeIncompatible, every version with the reasons it cannot be used.",
  ),
  'eval.get': query(z.object({ id: evaluationRef }), evaluationSchema, 'One evaluation with everything: metrics, confusion matrix, curves, gates, slices, operational figures.'),
  'eval.list': query(
    z.object({ project: projectRefSchema.optional(), run: runRef.optional(), limit: z.number().int().min(1).max(1000).default(100) }).default({ limit: 100 }),
    z.array(evaluationSummarySchema),
    'Evaluations, newest first, of a project or a run.',
  ),
  'eval.compare': query(
    z.object({ a: evaluationRef, b: evaluationRef }),
    evaluationComparisonSchema,
    'Two evaluations metric by metric: the values, the difference and which is better.',
  ),
  'eval.slice': query(
    z.object({ id: evaluationRef, feature: featureName, bins: bins.default(4), maxCategories: z.number().int().min(1).max(100).default(20) }),
    sliceReportSchema,
    'Metrics per value of a categorical feature or per quantile bin of a numeric one, with the slices that fail a criterion.',
  ),
  'eval.sliceable': query(
    z.object({ id: evaluationRef }),
    z.array(sliceableColumnSchema),
    "The columns an evaluation can be sliced by: every categorical or numeric column of the evaluated data (not only the model's features), the model's features first.",
  ),
  'eval.export': query(
    z.object({ id: evaluationRef, format: z.enum(reportFormats).default('html'), lang: z.enum(['en', 'es']).default('en') }),
    z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() }),
    'An evaluation as a self-contained HTML report (charts inline, opens offline) or as JSON.',
  ),
  'eval.predict': command(
    z.object({
      run: runRef,
      input: z.string().trim().min(1, 'Say which CSV file to score.'),
      output: z.string().trim().min(1, 'Say where to write the predictions.'),
      /** Log every scored row in the workspace's prediction logs (source "batch"); adds a request_id column. */
      log: z.boolean().optional(),
    }),
    jobSchema,
    "Score a CSV file with a run's model, streaming, as a job: every input row plus the prediction columns; rows that cannot be scored are listed by line.",
  ),
};

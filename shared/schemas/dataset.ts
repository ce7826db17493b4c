import { z } from 'zod';
import { columnPrepFields, defaultMissingTokens } from './prep.js';

export const columnTypes = ['numeric', 'categorical', 'boolean', 'datetime', 'text'] as const;
export const columnRoles = ['feature', 'target', 'ignore'] as const;
export const columnTypeSchema = z.enum(columnTypes);
export const columnRoleSchema = z.enum(columnRoles);
export type ColumnType = z.infer<typeof columnTypeSchema>;
export type ColumnRole = z.infer<typeof columnRoleSchema>;

export const columnSchema = z.object({
  name: z.string(),
  type: columnTypeSchema,
  role: columnRoleSchema,
  missing: z.number().int().min(0),
  ...columnPrepFields,
});
export type Column = z.infer<typeof columnSchema>;

export const datasetKinds = ['table', 'images'] as const;

/** One immutable version of a data set: its content hash identifies it. */
export const datasetVersionSchema = z.object({
  id: z.string(),
  datasetId: z.string(),
  projectId: z.string(),
  name: z.string(),
  version: z.number().int().min(1),
  hash: z.string(),
  kind: z.enum(datasetKinds),
  rows: z.number().int().min(0),
  columns: z.array(columnSchema),
  target: z.string().nullable(),
  source: z.string(),
  createdAt: z.string(),
});
export type DatasetVersion = z.infer<typeof datasetVersionSchema>;

export const splitFractionsSchema = z
  .object({ train: z.number().gt(0).lt(1), validation: z.number().min(0).lt(1), test: z.number().min(0).lt(1) })
  .refine((f) => Math.abs(f.train + f.validation + f.test - 1) < 1e-6, 'train, validation and test fractions must add up to 1.');

/** A split: which rows are for training, validation and test, fixed by a seed and stored as index lists. */
export const splitSchema = z.object({
  id: z.string(),
  datasetVersionId: z.string(),
  seed: z.number().int(),
  stratified: z.boolean(),
  /** the datetime column a chronological split orders rows by (oldest rows train, newest test); null for a shuffled split */
  chronological: z.string().nullable().optional(),
  fractions: z.object({ train: z.number(), validation: z.number(), test: z.number() }),
  counts: z.object({ train: z.number().int(), validation: z.number().int(), test: z.number().int() }),
  createdAt: z.string(),
});
export type Split = z.infer<typeof splitSchema>;

/* ------------------------------------------------------------------------------------------------
 * Everything below extends the data phase's schemas (import, profile, validation, versions, splits).
 * ---------------------------------------------------------------------------------------------- */

/** Cell values read as missing, whatever the column type (compared after trimming spaces). */
export const missingTokens = ['', ...defaultMissingTokens] as const;

export const datasetKindSchema = z.enum(datasetKinds);
export const importFormats = ['csv', 'jsonl', 'images', 'idx'] as const;
export const importFormatSchema = z.enum(importFormats);
export type ImportFormat = z.infer<typeof importFormatSchema>;

/**
 * A finding about a data set: an import warning or a validation result. `key` is a stable i18n key in
 * the "data" namespace, `params` fill its placeholders, `message` is the English text.
 */
export const dataIssueSchema = z.object({
  key: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  column: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  message: z.string(),
});
export type DataIssue = z.infer<typeof dataIssueSchema>;

export const histogramSchema = z.object({ edges: z.array(z.number()), counts: z.array(z.number().int()) });

export const numericSummarySchema = z.object({
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  std: z.number(),
  quantiles: z.object({ p05: z.number(), p25: z.number(), p50: z.number(), p75: z.number(), p95: z.number() }),
  histogram: histogramSchema,
});
export type NumericSummary = z.infer<typeof numericSummarySchema>;

export const valueCountSchema = z.object({ value: z.string(), count: z.number().int() });

export const columnProfileSchema = z.object({
  name: z.string(),
  type: columnTypeSchema,
  role: columnRoleSchema,
  missing: z.number().int(),
  distinct: z.number().int(),
  /** numeric, boolean (0/1) and datetime (epoch ms) columns */
  numeric: numericSummarySchema.nullable(),
  /** most frequent values (categorical, boolean, text): at most 20 */
  top: z.array(valueCountSchema),
  /** rows whose value is not in `top` (and not missing) */
  otherCount: z.number().int(),
  /** a few distinct example values, as text */
  examples: z.array(z.string()),
});
export type ColumnProfile = z.infer<typeof columnProfileSchema>;

export const tableProfileSchema = z.object({
  kind: z.literal('table'),
  rows: z.number().int(),
  columnCount: z.number().int(),
  duplicateRows: z.number().int(),
  columns: z.array(columnProfileSchema),
  target: z
    .object({
      name: z.string(),
      type: columnTypeSchema,
      /** class balance when the target is categorical or boolean */
      classes: z.array(valueCountSchema).nullable(),
    })
    .nullable(),
  /** Pearson correlations between numeric columns (features and a numeric target); null where undefined. */
  correlations: z.object({ columns: z.array(z.string()), matrix: z.array(z.array(z.number().nullable())) }),
  /** Each numeric feature's correlation with a numeric (or two-class) target, strongest first. */
  targetCorrelations: z.array(z.object({ column: z.string(), value: z.number() })),
  /** true when correlations were computed on a sample of rows to bound the work */
  correlationsSampled: z.boolean(),
  /** features that give the target away: equal to it, one target value per feature value, or |r| >= 0.999 */
  leakage: z.array(z.object({ column: z.string(), kind: z.enum(['identical', 'perfect_predictor', 'correlation']), value: z.number().nullable() })),
});
export type TableProfile = z.infer<typeof tableProfileSchema>;

export const imageProfileSchema = z.object({
  kind: z.literal('images'),
  rows: z.number().int(),
  height: z.number().int(),
  width: z.number().int(),
  channels: z.number().int(),
  classes: z.array(z.object({ name: z.string(), count: z.number().int() })),
  /** original image sizes before they were brought to height x width */
  sizes: z.array(z.object({ width: z.number().int(), height: z.number().int(), count: z.number().int() })),
  duplicateRows: z.number().int(),
});
export type ImageProfile = z.infer<typeof imageProfileSchema>;

export const datasetProfileSchema = z.discriminatedUnion('kind', [tableProfileSchema, imageProfileSchema]);
export type DatasetProfile = z.infer<typeof datasetProfileSchema>;

/** What changed between two versions of a data set. */
export const versionDiffSchema = z.object({
  from: z.object({ id: z.string(), version: z.number().int(), hash: z.string() }),
  to: z.object({ id: z.string(), version: z.number().int(), hash: z.string() }),
  rowsFrom: z.number().int(),
  rowsTo: z.number().int(),
  /** rows present in `to` and not in `from` (as a multiset, compared on `comparedColumns`) */
  rowsAdded: z.number().int(),
  rowsRemoved: z.number().int(),
  /** the shared columns whose stored values could be compared row by row */
  comparedColumns: z.array(z.string()),
  columnsAdded: z.array(z.string()),
  columnsRemoved: z.array(z.string()),
  columnsRetyped: z.array(z.object({ name: z.string(), from: columnTypeSchema, to: columnTypeSchema })),
  rolesChanged: z.array(z.object({ name: z.string(), from: columnRoleSchema, to: columnRoleSchema })),
  targetChanged: z.object({ from: z.string().nullable(), to: z.string().nullable() }).nullable(),
});
export type VersionDiff = z.infer<typeof versionDiffSchema>;

/** A version with what the import noticed and how it differs from the version before it. */
export const datasetVersionDetailSchema = datasetVersionSchema.extend({
  importWarnings: z.array(dataIssueSchema),
  diff: versionDiffSchema.nullable(),
});
export type DatasetVersionDetail = z.infer<typeof datasetVersionDetailSchema>;

export const datasetSummarySchema = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  kind: datasetKindSchema,
  versionCount: z.number().int(),
  latest: datasetVersionSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;

/** The outcome of an import or a schema change: the version (new or already there) and what to tell the user. */
export const importResultSchema = z.object({
  projectId: z.string(),
  version: datasetVersionSchema,
  /** false when identical content already existed as this version */
  created: z.boolean(),
  warnings: z.array(dataIssueSchema),
  validation: z.array(dataIssueSchema),
  diff: versionDiffSchema.nullable(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const splitInfoSchema = splitSchema.extend({
  /** rows in no part because their target is missing */
  excluded: z.number().int(),
});
export type SplitInfo = z.infer<typeof splitInfoSchema>;

export const sampleIds = ['iris', 'wine', 'breast_cancer', 'digits_8x8', 'diabetes'] as const;
export const sampleIdSchema = z.enum(sampleIds);
export type SampleId = z.infer<typeof sampleIdSchema>;

export const sampleInfoSchema = z.object({
  id: sampleIdSchema,
  title: z.string(),
  description: z.string(),
  rows: z.number().int(),
  columns: z.number().int(),
  taskType: z.enum(['binary', 'multiclass', 'regression']),
  target: z.string(),
  /** the data's source and licence, a citation as written */
  attribution: z.string(),
  /** the copy the shipped values were taken from, a citation as written */
  copiedFrom: z.string(),
});
export type SampleInfo = z.infer<typeof sampleInfoSchema>;

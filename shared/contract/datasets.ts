import { z } from 'zod';
import {
  columnRoleSchema,
  columnTypeSchema,
  dataIssueSchema,
  datasetProfileSchema,
  datasetSummarySchema,
  datasetVersionDetailSchema,
  importFormatSchema,
  importResultSchema,
  sampleIdSchema,
  sampleInfoSchema,
  splitInfoSchema,
  versionDiffSchema,
} from '../schemas/dataset.js';
import { columnPrepFields } from '../schemas/prep.js';
import { projectNameSchema, projectRefSchema, projectSchema } from '../schemas/project.js';
import { jobSchema } from '../schemas/system.js';
import { command, query } from './define.js';

/** A data set version: its id, or a data set name (latest version) / `name@N` within `project`. */
const datasetRef = {
  dataset: z.string().trim().min(1, 'Say which data set (its name, name@version or id).'),
  project: projectRefSchema.optional(),
};

/** Per column: missing-value tokens, how missing values are filled, how a date becomes features. */
const prepSchema = z.record(z.string(), z.object(columnPrepFields).strict()).default({});

const fractionsSchema = z
  .object({ train: z.number().gt(0).lt(1), validation: z.number().min(0).lt(1), test: z.number().min(0).lt(1) })
  .refine((f) => Math.abs(f.train + f.validation + f.test - 1) < 1e-6, 'train, validation and test fractions must add up to 1.');

export const importInputSchema = z.object({
  project: projectRefSchema,
  /** A file (CSV, TSV, JSON Lines, IDX) or a folder of images with one sub-folder per class. */
  path: z.string().trim().min(1, 'Say which file or folder to import.'),
  name: z.string().trim().min(1).max(80).optional(),
  /** The target column; absent: suggested on a first import (by its name, or the last column); null: no target yet. */
  target: z.string().nullable().optional(),
  types: z.record(z.string(), columnTypeSchema).default({}),
  roles: z.record(z.string(), columnRoleSchema).default({}),
  prep: prepSchema,
  format: importFormatSchema.optional(),
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  header: z.boolean().optional(),
  encoding: z.enum(['utf-8', 'latin1']).optional(),
});

export const datasetMethods = {
  'dataset.import': command(importInputSchema, jobSchema, 'Import a file or image folder as a new data set version; runs as a job whose result is an import result.'),
  'dataset.scanTokens': query(
    importInputSchema.pick({ project: true, path: true, format: true, delimiter: true, header: true, encoding: true }),
    z.object({
      /** the tokens every column has unless the import says otherwise */
      defaults: z.array(z.string()),
      /** columns with default tokens present, or cells that look like placeholders */
      columns: z.array(
        z.object({
          name: z.string(),
          found: z.array(z.object({ token: z.string(), count: z.number().int() })),
          suggestions: z.array(z.object({ token: z.string(), count: z.number().int() })),
        }),
      ),
    }),
    "Before an import: each column's cells that are (or look like) missing-value tokens, with counts, to choose the import's tokens per column.",
  ),
  'dataset.list': query(z.object({ project: projectRefSchema }), z.array(datasetSummarySchema), 'List the data sets of a project.'),
  'dataset.get': query(z.object(datasetRef), datasetVersionDetailSchema, 'Show one data set version with its import warnings and diff.'),
  'dataset.versions': query(z.object(datasetRef), z.array(datasetVersionDetailSchema), 'Every version of a data set, newest first.'),
  'dataset.profile': query(z.object(datasetRef), datasetProfileSchema, 'The profile of a version: statistics, histograms, balance, correlations.'),
  'dataset.validate': query(
    z.object(datasetRef),
    z.object({ ok: z.boolean(), issues: z.array(dataIssueSchema) }),
    "Check a version against its project's task: target suitability and warnings a student can act on.",
  ),
  'dataset.updateSchema': command(
    z.object({
      ...datasetRef,
      types: z.record(z.string(), columnTypeSchema).default({}),
      roles: z.record(z.string(), columnRoleSchema).default({}),
      prep: prepSchema,
      /** a column name, or null to have no target */
      target: z.string().nullable().optional(),
    }),
    importResultSchema,
    'Change column types, roles, missing-value handling, date handling or the target: makes a new version (or finds the identical one).',
  ),
  'dataset.diff': query(
    z.object({ from: z.string().trim().min(1), to: z.string().trim().min(1), project: projectRefSchema.optional() }),
    versionDiffSchema,
    'What changed between two versions.',
  ),
  'dataset.preview': query(
    z.object({ ...datasetRef, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50) }),
    z.object({
      columns: z.array(z.string()),
      rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
      offset: z.number().int(),
      total: z.number().int(),
    }),
    'Some rows of a table version, as typed values.',
  ),
  'dataset.images': query(
    z.object({ ...datasetRef, perClass: z.number().int().min(1).max(64).default(12) }),
    z.object({
      classes: z.array(z.object({ name: z.string(), count: z.number().int(), thumbnails: z.array(z.object({ index: z.number().int(), dataUrl: z.string() })) })),
    }),
    'A thumbnail grid per class of an image version (PNG data URLs).',
  ),
  'dataset.split': command(
    z.object({
      ...datasetRef,
      seed: z.number().int().default(42),
      fractions: fractionsSchema.default({ train: 0.7, validation: 0.15, test: 0.15 }),
      /** default: stratified when the target is categorical or boolean */
      stratify: z.boolean().optional(),
      /** a datetime column: rows ordered by it instead of shuffled (oldest train, newest test) */
      chronological: z.string().trim().min(1).optional(),
    }),
    splitInfoSchema,
    'Make (or find) the train / validation / test split of a version for a seed.',
  ),
  'dataset.splits': query(z.object(datasetRef), z.array(splitInfoSchema), 'The splits made for a version.'),
  'dataset.samples': query(z.object({}).default({}), z.array(sampleInfoSchema), 'The sample data sets that ship with Ciclo.'),
  'dataset.createSample': command(
    z.object({
      sample: sampleIdSchema,
      projectName: projectNameSchema.optional(),
      /** The language of the charter's texts and of the default project name (the UI's language). */
      lang: z.enum(['en', 'es']).default('en'),
    }),
    z.object({ projectId: z.string(), project: projectSchema, version: datasetVersionDetailSchema }),
    'Create a sample project with a sensible charter and its data set imported, in one call.',
  ),
};

import { z } from 'zod';

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
  fractions: z.object({ train: z.number(), validation: z.number(), test: z.number() }),
  counts: z.object({ train: z.number().int(), validation: z.number().int(), test: z.number().int() }),
  createdAt: z.string(),
});
export type Split = z.infer<typeof splitSchema>;

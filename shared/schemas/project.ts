import { z } from 'zod';
import { lifecycleStages } from '../constants.js';
import { criterionSchema, taskTypeSchema } from './charter.js';

export { lifecycleStages };
export const lifecycleStageSchema = z.enum(lifecycleStages);
export type LifecycleStage = z.infer<typeof lifecycleStageSchema>;

export const projectNameSchema = z
  .string()
  .trim()
  .min(1, 'The project needs a name.')
  .max(80, 'A project name has at most 80 characters.')
  .refine((s) => !/[\u0000-\u001f]/.test(s), 'A project name cannot contain control characters.');

export const charterFields = {
  description: z.string().max(4000).default(''),
  intendedUse: z.string().max(4000).default(''),
  owner: z.string().max(200).default(''),
  criteria: z.array(criterionSchema).max(30).default([]),
  /**
   * Binary tasks: the class the model is meant to find (precision, recall, f1, ROC and PR curves are about
   * it). Suggested: the minority class of the data; null until the user confirms one.
   */
  positiveClass: z.string().trim().min(1).max(200).nullable().default(null),
};

export const projectSchema = z.object({
  id: z.string(),
  name: z.string(),
  taskType: taskTypeSchema,
  description: z.string(),
  intendedUse: z.string(),
  owner: z.string(),
  criteria: z.array(criterionSchema),
  /** The charter's positive class (binary tasks); null when not chosen. */
  positiveClass: z.string().nullable(),
  archived: z.boolean(),
  stage: lifecycleStageSchema,
  /** Every stage reached so far (a project can have a deployment and no monitoring yet, etc.). */
  stages: z.array(lifecycleStageSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Project = z.infer<typeof projectSchema>;

/** A project may be named by its id or by its exact name, in any door. */
export const projectRefSchema = z.string().trim().min(1, 'Say which project (its name or id).');

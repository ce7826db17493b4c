import { z } from 'zod';
import { taskTypeSchema } from '../schemas/charter.js';
import { charterFields, projectNameSchema, projectRefSchema, projectSchema } from '../schemas/project.js';
import { command, query } from './define.js';

export const projectMethods = {
  'project.create': command(z.object({ name: projectNameSchema, taskType: taskTypeSchema, ...charterFields }), projectSchema, 'Create a project with its charter.'),
  'project.list': query(z.object({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false }), z.array(projectSchema), 'List projects, newest first.'),
  'project.get': query(z.object({ project: projectRefSchema }), projectSchema, 'Show one project.'),
  'project.update': command(
    z.object({
      project: projectRefSchema,
      name: projectNameSchema.optional(),
      taskType: taskTypeSchema.optional(),
      description: charterFields.description.unwrap().optional(),
      intendedUse: charterFields.intendedUse.unwrap().optional(),
      owner: charterFields.owner.unwrap().optional(),
      criteria: charterFields.criteria.unwrap().optional(),
      /** null clears it. */
      positiveClass: charterFields.positiveClass.unwrap().optional(),
    }),
    projectSchema,
    'Change a project charter.',
  ),
  'project.archive': command(z.object({ project: projectRefSchema, archived: z.boolean().default(true) }), projectSchema, 'Archive (or restore) a project.'),
  'project.positiveClass': query(
    z.object({ project: projectRefSchema }),
    z.object({
      /** The newest data set version of the project with a class target (name@version), or null. */
      datasetRef: z.string().nullable(),
      /** Its classes with their row counts, most frequent first. */
      classes: z.array(z.object({ label: z.string(), count: z.number().int() })),
      /** The minority class (what a binary model is usually meant to find); null without data. */
      suggested: z.string().nullable(),
      /** The charter's choice, or null when the user has not confirmed one. */
      chosen: z.string().nullable(),
    }),
    "The positive class of a binary project: the charter's choice, the data's classes and a suggestion (the minority class).",
  ),
  'project.checkCriteria': query(
    z.object({ taskType: taskTypeSchema, criteria: charterFields.criteria.unwrap() }),
    z.object({
      issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), key: z.string(), params: z.record(z.string(), z.unknown()).optional(), message: z.string() })),
    }),
    'Check acceptance criteria against a task type without saving anything.',
  ),
};

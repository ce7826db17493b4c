import { z } from 'zod';
import { taskTypeSchema } from '../schemas/charter.js';
import { charterFields, projectNameSchema, projectRefSchema, projectSchema } from '../schemas/project.js';
import { command, query } from './define.js';

export const projectMethods = {
  'project.create': command(
    z.object({ name: projectNameSchema, taskType: taskTypeSchema, ...charterFields }),
    projectSchema,
    'Create a project with its charter.',
  ),
  'project.list': query(
    z.object({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false }),
    z.array(projectSchema),
    'List projects, newest first.',
  ),
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
    }),
    projectSchema,
    'Change a project charter.',
  ),
  'project.archive': command(
    z.object({ project: projectRefSchema, archived: z.boolean().default(true) }),
    projectSchema,
    'Archive (or restore) a project.',
  ),
  'project.checkCriteria': query(
    z.object({ taskType: taskTypeSchema, criteria: charterFields.criteria.unwrap() }),
    z.object({ issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), key: z.string(), params: z.record(z.string(), z.unknown()).optional(), message: z.string() })) }),
    'Check acceptance criteria against a task type without saving anything.',
  ),
};

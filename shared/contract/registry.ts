import { z } from 'zod';
import { auditEventSchema } from '../schemas/system.js';
import { projectRefSchema } from '../schemas/project.js';
import {
  auditNamesSchema,
  registeredRunSchema,
  aliasNameSchema,
  cardLanguageSchema,
  dependantSchema,
  holdersSchema,
  lineageSchema,
  modelCardSchema,
  modelDetailSchema,
  modelEventSchema,
  modelNameSchema,
  modelRefSchema,
  modelStageSchema,
  modelVersionSchema,
  reasonSchema,
  registeredModelSchema,
  resolvedModelSchema,
} from '../schemas/registry.js';
import { command, query } from './define.js';

const tagsSchema = z.array(z.string().trim().min(1).max(40)).max(20);

/** The outcome of an alias or stage move: the version moved in, and the history entry written. */
export const moveResultSchema = z.object({
  /** The version moved in (or, for a removal, the version that lost the alias). */
  id: z.string(),
  projectId: z.string(),
  version: modelVersionSchema,
  event: modelEventSchema,
});

export const deleteResultSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  /** M or M@VERSION */
  ref: z.string(),
  /** What was removed, such as "model version churn@2", "card edits of churn@2". */
  removed: z.array(z.string()),
});

export const registryMethods = {
  'model.register': command(
    z.object({
      /** Run id: a finished run whose model package becomes the next version. */
      run: z.string().trim().min(1, 'Say which run (its id).'),
      name: modelNameSchema,
      description: z.string().max(4000).optional(),
      tags: tagsSchema.optional(),
    }),
    modelVersionSchema,
    "Register a finished run's model package as the next version of a named model (created in the run's project when new).",
  ),
  'model.list': query(
    z.object({ project: projectRefSchema.optional(), includeArchived: z.boolean().default(false) }).default({ includeArchived: false }),
    z.array(registeredModelSchema),
    'List registered models, most recently changed first.',
  ),
  'model.registeredRuns': query(
    z.object({ project: projectRefSchema }),
    z.array(registeredRunSchema),
    "The project's runs that are already registered, with the model version each became (oldest first), so a form can mark them.",
  ),
  'model.get': query(
    z.object({ model: modelRefSchema }),
    modelDetailSchema,
    'One registered model: its versions (gate, stage, aliases), the history of every move and what a rollback would restore.',
  ),
  'model.version': query(z.object({ model: modelRefSchema }), modelVersionSchema, 'One model version, by M@VERSION, M@alias or M (the newest).'),
  'model.resolve': query(z.object({ model: modelRefSchema }), resolvedModelSchema, 'What a model reference (M, M@VERSION, M@alias) points at now: version, run and model package.'),
  'model.promote': command(
    z
      .object({
        /** The model (name or id); with `version` omitted, a reference that names the version (M@3, M@challenger). */
        model: modelRefSchema,
        version: z.number().int().min(1).optional(),
        alias: aliasNameSchema.optional(),
        stage: modelStageSchema.optional(),
        /** Why; required (at least 15 characters) to override a failing or missing gate. Stored in the history. */
        reason: reasonSchema.optional(),
      })
      .refine((v) => (v.alias === undefined) !== (v.stage === undefined), { message: 'Give either an alias or a stage (exactly one).', path: ['alias'] }),
    moveResultSchema,
    'Give a version an alias or move it to a stage. The champion alias and the production stage need a passing gate, or a written reason.',
  ),
  'model.removeAlias': command(
    z.object({ model: modelRefSchema, alias: aliasNameSchema, reason: reasonSchema.optional() }),
    moveResultSchema,
    'Take an alias away from the version holding it (recorded in the history).',
  ),
  'model.rollback': command(
    z
      .object({ model: modelRefSchema, alias: aliasNameSchema.optional(), stage: z.literal('production').optional(), reason: reasonSchema.optional() })
      .refine((v) => (v.alias === undefined) !== (v.stage === undefined), { message: 'Give either an alias or the production stage to roll back (exactly one).', path: ['alias'] }),
    moveResultSchema,
    'Move an alias (or the production stage) back to its previous holder, recorded as a rollback with its reason.',
  ),
  'model.holders': query(
    z.object({ model: modelRefSchema, at: z.string().trim().min(1, 'Say when (a date or date and time).') }),
    holdersSchema,
    'Which version held each alias, and which was in production, at a moment (a date alone means the end of that day, UTC).',
  ),
  'model.update': command(
    z.object({ model: modelRefSchema, description: z.string().max(4000).optional(), tags: tagsSchema.optional() }),
    z.object({ id: z.string(), projectId: z.string(), ref: z.string() }),
    "Change a model's description (M) or a version's description and tags (M@VERSION).",
  ),
  'model.archive': command(
    z.object({ model: modelRefSchema, archived: z.boolean().default(true), reason: reasonSchema.optional() }),
    z.object({ id: z.string(), projectId: z.string(), ref: z.string(), archived: z.boolean() }),
    'Archive (soft delete) a model (M) or a version (M@VERSION): it stays resolvable and nothing that depends on it breaks. archived=false restores it.',
  ),
  'model.dependants': query(
    z.object({ model: modelRefSchema }),
    z.object({ ref: z.string(), dependants: z.array(dependantSchema) }),
    'What would stop a hard delete of a model or version: aliases, the production stage, deployments.',
  ),
  'model.delete': command(
    z.object({
      model: modelRefSchema,
      /** Hard delete cannot be undone: the caller must confirm it. */
      confirm: z.literal(true, { message: 'Hard delete cannot be undone: confirm it (confirm: true, or --yes in the CLI).' }),
    }),
    deleteResultSchema,
    'Hard-delete a model (M) or a version (M@VERSION). Refused while anything depends on it, naming what does.',
  ),
  'model.card': query(
    z.object({ model: modelRefSchema, lang: cardLanguageSchema.default('en') }),
    modelCardSchema,
    'The model card of a version: Markdown with YAML front matter (Hugging Face layout), its HTML, and the editable sections.',
  ),
  'model.updateCard': command(
    z.object({ model: modelRefSchema, limitations: z.string().max(20000).optional(), ethicalConsiderations: z.string().max(20000).optional() }),
    z.object({ id: z.string(), projectId: z.string(), ref: z.string(), limitations: z.string(), ethicalConsiderations: z.string() }),
    "Edit a version's model card: limitations and ethical considerations (kept per version).",
  ),
  'lineage.get': query(
    z.object({ model: modelRefSchema }),
    lineageSchema,
    'Where a model version comes from: charter (project) -> data set version -> run (and its evaluations) -> model version, as nodes and edges.',
  ),
  'audit.timeline': query(
    z
      .object({
        project: projectRefSchema.optional(),
        /** Action families or actions: project, dataset, train, run, eval, model, lineage ... */
        actions: z.array(z.string().trim().min(1)).max(20).optional(),
        since: z.string().optional(),
        until: z.string().optional(),
        door: z.string().optional(),
        search: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(5000).default(200),
        /** Events with an id below this (paging: pass the last id seen). */
        before: z.number().int().optional(),
      })
      .default({ limit: 200 }),
    z.object({
      events: z.array(
        auditEventSchema.extend({
          projectName: z.string().nullable(),
          /** Who acted (the operating-system user); null for events recorded before actors were. */
          actor: z.string().nullable(),
          /** The names of the ids the event mentions (run, data set name@N, model and version). */
          names: auditNamesSchema,
          summary: z.string(),
        }),
      ),
      /** Action families present in the workspace, for filter chips. */
      families: z.array(z.string()),
      hasMore: z.boolean(),
    }),
    'The workspace audit trail for a timeline: filter by project, actions, dates, door and text; each event with a one-line summary.',
  ),
};

import { z } from 'zod';
import { gateCheckSchema, metricValuesSchema } from './evaluation.js';

/**
 * Registry phase: registered models, their numbered versions, aliases (one holder each), lifecycle
 * stages, the history of every move, model cards and lineage. Types are inferred from these schemas;
 * the contract (shared/contract/registry.ts) uses them.
 */

/** A registered model's name: unique in the workspace; "@" is reserved for references (M@3, M@champion). */
export const modelNameSchema = z
  .string()
  .trim()
  .min(1, 'The model needs a name.')
  .max(80, 'A model name has at most 80 characters.')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u, 'A model name starts with a letter or digit and holds only letters, digits, ".", "_" and "-" (no spaces, no "@").');

/** Names that cannot be aliases because references already give them a meaning. */
export const reservedAliases = ['latest'] as const;

export const aliasNameSchema = z
  .string()
  .trim()
  .min(1, 'Say which alias.')
  .max(40, 'An alias has at most 40 characters.')
  .regex(/^[a-z][a-z0-9_-]*$/, 'An alias starts with a lowercase letter and holds only lowercase letters, digits, "_" and "-" (such as champion or challenger).')
  .refine((s) => !(reservedAliases as readonly string[]).includes(s), 'The alias "latest" is reserved: M@latest always means the newest version.');

/** The alias whose holder is what a team serves; giving it needs a passing gate (or a written reason; also when there are no criteria). */
export const CHAMPION = 'champion';

export const modelStages = ['none', 'staging', 'production', 'archived'] as const;
export const modelStageSchema = z.enum(modelStages);
export type ModelStage = z.infer<typeof modelStageSchema>;

/**
 * The one gate rule: moves that put a version in front of users (the champion alias, the production stage)
 * need a passing gate on its latest evaluation, or a written reason. The core enforces it; the UI shows it.
 */
export function needsGate(move: { alias?: string; stage?: ModelStage }): boolean {
  return move.alias === CHAMPION || move.stage === 'production';
}

/** A reference to a model: M (newest version), M@VERSION, M@alias or M@latest; also a model id. */
export const modelRefSchema = z.string().trim().min(1, 'Say which model (M, M@VERSION or M@alias).');

/** A reason that overrides a failing or missing gate must say something: at least this many characters. */
export const MIN_OVERRIDE_REASON = 15;

export const reasonSchema = z.string().trim().max(2000, 'A reason has at most 2,000 characters.');

/** The gate of a version's latest evaluation, as the registry shows it next to the version. */
export const versionGateSchema = z.object({
  /**
   * 'passed', 'failed', 'missing' when the run has no evaluation yet, or 'no_criteria' when its latest
   * evaluation judged nothing because the charter sets no acceptance criteria (never reported as passed).
   */
  status: z.enum(['passed', 'failed', 'missing', 'no_criteria']),
  evaluationId: z.string().nullable(),
  /** name@version of the data evaluated on. */
  datasetRef: z.string().nullable(),
  evaluatedAt: z.string().nullable(),
  /** The criteria that failed (empty when passed or missing). */
  failed: z.array(gateCheckSchema),
});
export type VersionGate = z.infer<typeof versionGateSchema>;

export const modelVersionSchema = z.object({
  id: z.string(),
  modelId: z.string(),
  modelName: z.string(),
  projectId: z.string(),
  version: z.number().int().min(1),
  /** M@VERSION */
  ref: z.string(),
  runId: z.string(),
  runName: z.string(),
  datasetVersionId: z.string(),
  /** name@version of the training data. */
  datasetRef: z.string(),
  packageHash: z.string(),
  /** The latest evaluation of the run when the version was registered (null when there was none). */
  registeredEvaluationId: z.string().nullable(),
  registeredGatePassed: z.boolean().nullable(),
  /** The gate of the run's latest evaluation now: what promotion checks. */
  gate: versionGateSchema,
  stage: modelStageSchema,
  aliases: z.array(z.string()),
  description: z.string(),
  tags: z.array(z.string()),
  /** Headline metrics of the latest evaluation (empty when none). */
  metrics: metricValuesSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ModelVersion = z.infer<typeof modelVersionSchema>;

export const registeredModelSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  name: z.string(),
  description: z.string(),
  archived: z.boolean(),
  versionCount: z.number().int(),
  latestVersion: z.number().int().nullable(),
  /** alias -> version number */
  aliases: z.record(z.string(), z.number().int()),
  /** The version in production, if any (at most one). */
  productionVersion: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RegisteredModel = z.infer<typeof registeredModelSchema>;

export const modelEventActions = [
  'registered',
  'alias_set',
  'alias_removed',
  'rollback',
  'stage_changed',
  'version_updated',
  'card_edited',
  'archived',
  'restored',
  'version_deleted',
] as const;
export const modelEventActionSchema = z.enum(modelEventActions);
export type ModelEventAction = z.infer<typeof modelEventActionSchema>;

/** One entry of a model's history: every alias and stage move, with who, when, from, to and why. */
export const modelEventSchema = z.object({
  id: z.number().int(),
  modelId: z.string(),
  at: z.string(),
  action: modelEventActionSchema,
  /** For alias moves and alias rollbacks. */
  alias: z.string().nullable(),
  /** For stage moves (and production rollbacks): the stage left and the stage entered by `toVersion`. */
  fromStage: modelStageSchema.nullable(),
  toStage: modelStageSchema.nullable(),
  /** The version that held the alias or stage before (null: nobody); version numbers, kept after a deletion. */
  fromVersion: z.number().int().nullable(),
  toVersion: z.number().int().nullable(),
  /** The gate of the version moved in, at the time of the move. */
  gateStatus: z.enum(['passed', 'failed', 'missing', 'no_criteria']).nullable(),
  evaluationId: z.string().nullable(),
  /** The criteria that failed at the time (metric names). */
  failedCriteria: z.array(z.string()),
  /** true when a failing or missing gate was overridden with a written reason. */
  override: z.boolean(),
  reason: z.string(),
  /** The operating-system user who made the move, and the door (cli, ipc, http, test). */
  actor: z.string(),
  door: z.string(),
});
export type ModelEvent = z.infer<typeof modelEventSchema>;

/** Who held what at one moment: alias -> version, and the production version. */
export const holdersSchema = z.object({
  at: z.string(),
  aliases: z.record(z.string(), z.number().int()),
  production: z.number().int().nullable(),
  /** Every version's stage at that moment (versions registered later are absent). */
  stages: z.record(z.string(), modelStageSchema),
});
export type Holders = z.infer<typeof holdersSchema>;

export const modelDetailSchema = registeredModelSchema.extend({
  versions: z.array(modelVersionSchema),
  /** Newest first. */
  history: z.array(modelEventSchema),
  /** For each alias (and "production"): the version a rollback would restore, null when none. */
  rollbackTargets: z.record(z.string(), z.number().int().nullable()),
});
export type ModelDetail = z.infer<typeof modelDetailSchema>;

/** What a model reference resolved to. */
export const resolvedModelSchema = z.object({
  modelId: z.string(),
  modelName: z.string(),
  projectId: z.string(),
  versionId: z.string(),
  version: z.number().int(),
  runId: z.string(),
  packageHash: z.string(),
  /** How the version was picked. */
  via: z.enum(['version', 'alias', 'latest']),
  alias: z.string().nullable(),
});
export type ResolvedModel = z.infer<typeof resolvedModelSchema>;

/** Something that would be left pointing at nothing if the thing were hard-deleted. */
export const dependantSchema = z.object({
  kind: z.string(),
  id: z.string(),
  label: z.string(),
});
export type Dependant = z.infer<typeof dependantSchema>;

export const cardLanguages = ['en', 'es'] as const;
export const cardLanguageSchema = z.enum(cardLanguages);
export type CardLanguage = z.infer<typeof cardLanguageSchema>;

/** The parts of a model card people write (per version); everything else is generated from stored facts. */
export const cardEditsSchema = z.object({
  limitations: z.string().max(20000),
  ethicalConsiderations: z.string().max(20000),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type CardEdits = z.infer<typeof cardEditsSchema>;

export const cardSectionIds = ['details', 'uses', 'trainingData', 'trainingProcedure', 'evaluation', 'limitations', 'ethics', 'lineage'] as const;

export const modelCardSchema = z.object({
  ref: z.string(),
  lang: cardLanguageSchema,
  /** The YAML front matter (Hugging Face model-card metadata), parsed. */
  metadata: z.record(z.string(), z.unknown()),
  /** The whole card: YAML front matter and Markdown body. */
  markdown: z.string(),
  /** The body rendered to HTML (no front matter, no styles): for showing inside an app. */
  bodyHtml: z.string(),
  /** A self-contained HTML page (inline CSS, no scripts, no external assets). */
  html: z.string(),
  sections: z.array(z.object({ id: z.enum(cardSectionIds), title: z.string(), markdown: z.string(), editable: z.boolean() })),
  edits: cardEditsSchema,
});
export type ModelCard = z.infer<typeof modelCardSchema>;

export const lineageNodeKinds = ['project', 'dataset_version', 'run', 'evaluation', 'model_version', 'deployment'] as const;

export const lineageNodeSchema = z.object({
  /** Unique within the graph: kind:id. */
  id: z.string(),
  kind: z.enum(lineageNodeKinds),
  /** The id of the thing itself (project id, data set version id, run id, ...), for navigation. */
  ref: z.string(),
  label: z.string(),
  createdAt: z.string().nullable(),
  /** A few facts to show on the node (already formatted as text). */
  facts: z.record(z.string(), z.string()),
  /** true for the node the graph was asked about. */
  focus: z.boolean(),
});
export type LineageNode = z.infer<typeof lineageNodeSchema>;

export const lineageEdgeSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** contains, trained_on, evaluated_by, evaluated_on, registered_as, deployed_as */
  kind: z.string(),
});
export type LineageEdge = z.infer<typeof lineageEdgeSchema>;

export const lineageSchema = z.object({
  ref: z.string(),
  nodes: z.array(lineageNodeSchema),
  edges: z.array(lineageEdgeSchema),
});
export type Lineage = z.infer<typeof lineageSchema>;

/** The names an audit event's ids stand for, resolved by the core (what the timeline shows instead of ids). */
export const auditNamesSchema = z.object({
  /** The run's name. */
  run: z.string().optional(),
  /** The data set version as name@N. */
  dataset: z.string().optional(),
  /** The registered model's name. */
  model: z.string().optional(),
  /** The model version number the event is about. */
  version: z.number().int().optional(),
});
export type AuditNames = z.infer<typeof auditNamesSchema>;

/** The move a gate refused: a promotion or a rollback of a version to an alias or to production. */
export const gateMoveSchema = z.object({
  model: z.string(),
  version: z.number().int(),
  alias: z.string().optional(),
  stage: z.literal('production').optional(),
  rollback: z.boolean(),
});
export type GateMove = z.infer<typeof gateMoveSchema>;

/**
 * The details of every gate_failed refusal (promotion or rollback), so a UI can explain it in its own
 * language: which move, the gate's state, the failing criteria with their measured values, and the reason rule.
 */
export const gateRefusalSchema = z.object({
  move: gateMoveSchema,
  status: z.enum(['failed', 'missing', 'no_criteria']),
  evaluationId: z.string().nullable(),
  datasetRef: z.string().nullable(),
  failed: versionGateSchema.shape.failed,
  minReasonLength: z.number().int(),
  /** Characters of the reason given (0: none); above 0 means it was too short. */
  reasonLength: z.number().int(),
});
export type GateRefusal = z.infer<typeof gateRefusalSchema>;

/** A run that became a model version: what a register form marks as already registered. */
export const registeredRunSchema = z.object({
  runId: z.string(),
  modelName: z.string(),
  version: z.number().int(),
  /** M@VERSION. */
  ref: z.string(),
});
export type RegisteredRun = z.infer<typeof registeredRunSchema>;

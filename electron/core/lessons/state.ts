import { importsOfModels } from '../store/bundle-store.js';
import type { Db } from '../store/db.js';

/** A registered model of the lesson's project, as the checks see it. */
export interface ModelState {
  name: string;
  versions: { version: number; gatePassed: boolean | null }[];
  /** alias -> version number it holds now */
  aliases: Record<string, number>;
  events: { action: string; alias: string | null; toVersion: number | null; override: boolean; reason: string }[];
}

/**
 * What a lesson's checks look at: the state of the lesson's project in the workspace database, read in one
 * go. Checks are pure functions of this, so they are tested on constructed states and never see a click.
 */
export interface LessonState {
  project: { id: string; name: string; criteria: number; archived: boolean } | null;
  data: { versions: number; withTarget: number; splits: number };
  runs: { succeeded: number; bestEpochs: number[] };
  evaluations: { total: number; passed: number; failed: number };
  models: ModelState[];
  /** exported from this workspace; imported: verified imports into the lesson's classmate workspace */
  bundles: { exported: number; imported: number };
  logs: { server: number; simulation: number; labelled: number };
  alerts: number;
  summaries: number;
}

export function emptyState(): LessonState {
  return {
    project: null,
    data: { versions: 0, withTarget: 0, splits: 0 },
    runs: { succeeded: 0, bestEpochs: [] },
    evaluations: { total: 0, passed: 0, failed: 0 },
    models: [],
    bundles: { exported: 0, imported: 0 },
    logs: { server: 0, simulation: 0, labelled: 0 },
    alerts: 0,
    summaries: 0,
  };
}

const count = (db: Db, sql: string, ...args: unknown[]): number => (db.prepare(sql).get(...args) as { n: number }).n;

/**
 * Reads the lesson state of one project (an empty state without a project). `classmate`: the database of
 * the lesson's second workspace (classmate.ts), where the learner imports the bundle, when it exists.
 */
export function readLessonState(db: Db, projectId: string | null, classmate: Db | null = null): LessonState {
  const state = emptyState();
  if (!projectId) return state;
  const p = db.prepare('SELECT id, name, criteria, archived FROM projects WHERE id = ?').get(projectId) as
    | { id: string; name: string; criteria: string; archived: number }
    | undefined;
  if (!p) return state;
  state.project = { id: p.id, name: p.name, criteria: (JSON.parse(p.criteria) as unknown[]).length, archived: p.archived === 1 };
  state.data = {
    versions: count(db, 'SELECT COUNT(*) AS n FROM dataset_versions WHERE project_id = ?', projectId),
    withTarget: count(db, "SELECT COUNT(*) AS n FROM dataset_versions WHERE project_id = ? AND target IS NOT NULL AND target <> ''", projectId),
    splits: count(
      db,
      "SELECT COUNT(*) AS n FROM dataset_splits s JOIN dataset_versions v ON v.id = s.version_id WHERE v.project_id = ? AND v.target IS NOT NULL AND v.target <> ''",
      projectId,
    ),
  };
  const runs = db.prepare("SELECT best_epoch FROM runs WHERE project_id = ? AND status = 'succeeded'").all(projectId) as { best_epoch: number | null }[];
  state.runs = { succeeded: runs.length, bestEpochs: runs.map((r) => r.best_epoch ?? 0) };
  const evals = db.prepare('SELECT gate_status, gate_passed FROM evaluations WHERE project_id = ?').all(projectId) as { gate_status: string | null; gate_passed: number }[];
  state.evaluations = {
    total: evals.length,
    passed: evals.filter((e) => e.gate_status === 'passed').length,
    failed: evals.filter((e) => e.gate_status === 'failed' || (e.gate_status === null && e.gate_passed === 0)).length,
  };
  const models = db.prepare('SELECT id, name FROM registered_models WHERE project_id = ? ORDER BY created_at').all(projectId) as { id: string; name: string }[];
  for (const m of models) {
    const versions = db.prepare('SELECT version, gate_passed FROM model_versions WHERE model_id = ? ORDER BY version').all(m.id) as { version: number; gate_passed: number | null }[];
    const aliases = db
      .prepare('SELECT a.alias, v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id WHERE a.model_id = ?')
      .all(m.id) as { alias: string; version: number }[];
    const events = db
      .prepare('SELECT action, alias, to_version, override, reason FROM model_events WHERE model_id = ? ORDER BY id')
      .all(m.id) as { action: string; alias: string | null; to_version: number | null; override: number; reason: string }[];
    state.models.push({
      name: m.name,
      versions: versions.map((v) => ({ version: v.version, gatePassed: v.gate_passed === null ? null : v.gate_passed === 1 })),
      aliases: Object.fromEntries(aliases.map((a) => [a.alias, a.version])),
      events: events.map((e) => ({ action: e.action, alias: e.alias, toVersion: e.to_version, override: e.override === 1, reason: e.reason })),
    });
  }
  const names = models.map((m) => m.name.toLowerCase());
  if (names.length) {
    const exports = db.prepare("SELECT details FROM audit_events WHERE action = 'bundle.export'").all() as { details: string }[];
    state.bundles.exported = exports.filter((e) => {
      const model = (JSON.parse(e.details) as { input?: { model?: unknown } }).input?.model;
      return typeof model === 'string' && names.includes(model.split('@')[0].toLowerCase());
    }).length;
    state.bundles.imported = classmate ? importsOfModels(classmate, names) : 0;
  }
  state.logs = {
    server: count(db, "SELECT COUNT(*) AS n FROM prediction_logs WHERE project_id = ? AND source = 'server'", projectId),
    simulation: count(db, "SELECT COUNT(*) AS n FROM prediction_logs WHERE project_id = ? AND source = 'simulation'", projectId),
    labelled: count(
      db,
      'SELECT COUNT(*) AS n FROM prediction_feedback f WHERE EXISTS (SELECT 1 FROM prediction_logs l WHERE l.request_id = f.request_id AND l.row_index = f.row_index AND l.project_id = ?)',
      projectId,
    ),
  };
  state.alerts = count(db, 'SELECT COUNT(*) AS n FROM monitoring_alerts WHERE project_id = ?', projectId);
  state.summaries = count(db, "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'lesson.summary' AND project_id = ?", projectId);
  return state;
}

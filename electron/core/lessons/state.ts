import { countProjectAlerts } from '../store/alert-store.js';
import { auditDetailsOf, countAuditOf } from '../store/audit-store.js';
import { importsOfModels } from '../store/bundle-store.js';
import { DatasetStore } from '../store/dataset-store.js';
import type { Db } from '../store/db.js';
import { gateCounts } from '../store/evaluation-store.js';
import { projectLogCounts } from '../store/prediction-log-store.js';
import { projectRow } from '../store/project-store.js';
import { RegistryStore } from '../store/registry-store.js';
import { RunStore } from '../store/run-store.js';

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

/**
 * Reads the lesson state of one project (an empty state without a project). `classmate`: the database of
 * the lesson's second workspace (classmate.ts), where the learner imports the bundle, when it exists.
 */
export function readLessonState(db: Db, projectId: string | null, classmate: Db | null = null): LessonState {
  const state = emptyState();
  if (!projectId) return state;
  const p = projectRow(db, projectId);
  if (!p) return state;
  state.project = { id: p.id, name: p.name, criteria: (JSON.parse(p.criteria) as unknown[]).length, archived: p.archived === 1 };
  state.data = new DatasetStore(db).progressCounts(projectId);
  const bestEpochs = new RunStore(db).succeededBestEpochs(projectId);
  state.runs = { succeeded: bestEpochs.length, bestEpochs: bestEpochs.map((e) => e ?? 0) };
  state.evaluations = gateCounts(db, projectId);
  const registry = new RegistryStore(db);
  const models = registry.modelsByAge(projectId);
  for (const m of models) {
    state.models.push({
      name: m.name,
      versions: registry
        .versions(m.id)
        .reverse()
        .map((v) => ({ version: v.version, gatePassed: v.gate_passed === null ? null : v.gate_passed === 1 })),
      aliases: registry.aliases(m.id),
      events: registry.events(m.id).map((e) => ({ action: e.action, alias: e.alias, toVersion: e.toVersion, override: e.override, reason: e.reason })),
    });
  }
  const names = models.map((m) => m.name.toLowerCase());
  if (names.length) {
    state.bundles.exported = auditDetailsOf(db, 'bundle.export').filter((details) => {
      const model = (JSON.parse(details) as { input?: { model?: unknown } }).input?.model;
      return typeof model === 'string' && names.includes(model.split('@')[0].toLowerCase());
    }).length;
    state.bundles.imported = classmate ? importsOfModels(classmate, names) : 0;
  }
  state.logs = projectLogCounts(db, projectId);
  state.alerts = countProjectAlerts(db, projectId);
  state.summaries = countAuditOf(db, 'lesson.summary', projectId);
  return state;
}

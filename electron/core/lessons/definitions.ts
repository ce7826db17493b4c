import type { lessonPages, lifecycleAreas, lifecycleQualities } from '../../../shared/contract/lessons.js';
import type { SampleId } from '../../../shared/schemas/dataset.js';
import type { LessonState, ModelState } from './state.js';

export interface StepDef {
  id: string;
  area: (typeof lifecycleAreas)[number];
  qualities: (typeof lifecycleQualities)[number][];
  /** Glossary keys (lessons:glossary.<key>) the concept paragraph uses. */
  concepts: string[];
  /** Where in the app to do it: a page, path parts and query values ("{model}": the lesson's model, "{champion}": its champion version as model@N) and the data-testid to highlight. */
  target: { page: (typeof lessonPages)[number]; rest: string[]; query?: Record<string, string>; testid: string };
  /** Done or not, decided from the workspace state only (never from clicks). */
  check(state: LessonState): boolean;
}

export interface LessonDef {
  id: string;
  number: number;
  sample: SampleId;
  steps: StepDef[];
}

const versionsOf = (s: LessonState) => s.models.flatMap((m) => m.versions);
const anyModel = (s: LessonState, test: (m: ModelState) => boolean) => s.models.some(test);

/** The version the champion alias holds, when it also held (or holds) the challenger alias: a promoted challenger. */
function championWasChallenger(m: ModelState): boolean {
  const champion = m.aliases.champion;
  if (champion === undefined) return false;
  const challengers = m.events.filter((e) => e.action === 'alias_set' && e.alias === 'challenger').map((e) => e.toVersion);
  return challengers.includes(champion) || m.aliases.challenger === champion;
}

/**
 * The lessons of teaching mode, as data. Texts (titles, tasks, the concept paragraphs) live in
 * shared/i18n/locales/lessons.<lang>.json under lessons.<id>.steps.<step id>; how each lesson's project
 * is set up for a step is in setup.ts.
 */
export const lessons: LessonDef[] = [
  {
    id: 'problem-to-model',
    number: 1,
    sample: 'iris',
    steps: [
      {
        id: 'charter',
        area: 'design',
        qualities: ['reliable'],
        concepts: ['charter', 'acceptance-criteria'],
        target: { page: 'design', rest: ['edit'], testid: 'criteria-editor' },
        check: (s) => (s.project?.criteria ?? 0) > 0,
      },
      {
        id: 'data',
        area: 'development',
        qualities: ['reliable'],
        concepts: ['data-version', 'validation', 'profile'],
        target: { page: 'data', rest: ['overview'], testid: 'target-card' },
        check: (s) => s.data.withTarget > 0,
      },
      {
        id: 'split',
        area: 'development',
        qualities: ['reliable'],
        concepts: ['split', 'leakage'],
        target: { page: 'data', rest: ['splits'], testid: 'split-submit' },
        check: (s) => s.data.splits > 0,
      },
      {
        id: 'train',
        area: 'development',
        qualities: ['efficient', 'continuous'],
        concepts: ['run', 'overfitting', 'early-stopping'],
        target: { page: 'train', rest: ['new'], testid: 'train-start' },
        check: (s) => s.runs.succeeded > 0,
      },
      {
        id: 'evaluate',
        area: 'development',
        qualities: ['reliable'],
        concepts: ['held-out', 'quality-gate'],
        target: { page: 'evaluate', rest: [], testid: 'eval-start' },
        check: (s) => s.evaluations.passed + s.evaluations.failed > 0,
      },
      {
        id: 'register',
        area: 'deployment',
        qualities: ['reliable'],
        concepts: ['registry', 'lineage'],
        target: { page: 'registry', rest: ['register'], testid: 'register-form' },
        check: (s) => versionsOf(s).length > 0,
      },
    ],
  },
  {
    id: 'safe-releases',
    number: 2,
    sample: 'iris',
    steps: [
      {
        id: 'override',
        area: 'deployment',
        qualities: ['reliable'],
        concepts: ['quality-gate', 'override'],
        target: { page: 'registry', rest: ['model', '{model}', 'versions'], testid: 'promote-open-1' },
        check: (s) => anyModel(s, (m) => m.events.some((e) => e.override && e.reason.trim().length > 0)),
      },
      {
        id: 'promote',
        area: 'deployment',
        qualities: ['reliable', 'continuous'],
        concepts: ['alias', 'champion', 'stage'],
        target: { page: 'registry', rest: ['model', '{model}', 'versions'], testid: 'promote-open-2' },
        check: (s) => anyModel(s, (m) => m.aliases.champion !== undefined && m.versions.some((v) => v.version === m.aliases.champion && v.gatePassed === true)),
      },
      {
        id: 'export',
        area: 'deployment',
        qualities: ['reliable'],
        concepts: ['bundle', 'signature'],
        target: { page: 'deploy', rest: ['bundles'], testid: 'deploy-versions' },
        check: (s) => s.bundles.exported > 0,
      },
      {
        id: 'import',
        area: 'deployment',
        qualities: ['reliable'],
        concepts: ['bundle', 'verification'],
        target: { page: 'deploy', rest: ['bundles'], testid: 'bundle-pick' },
        check: (s) => s.bundles.imported > 0,
      },
      {
        id: 'serve',
        area: 'deployment',
        qualities: ['efficient'],
        concepts: ['serving', 'request-id'],
        target: { page: 'deploy', rest: ['serving'], testid: 'serving-submit' },
        check: (s) => s.logs.server > 0,
      },
      {
        id: 'rollback',
        area: 'deployment',
        qualities: ['reliable', 'continuous'],
        concepts: ['rollback'],
        target: { page: 'registry', rest: ['model', '{model}', 'versions'], testid: 'rollback-open-champion' },
        check: (s) => anyModel(s, (m) => m.events.some((e) => e.action === 'rollback')),
      },
    ],
  },
  {
    id: 'real-world',
    number: 3,
    sample: 'iris',
    steps: [
      {
        id: 'simulate',
        area: 'maintenance',
        qualities: ['continuous'],
        concepts: ['production-traffic', 'drift'],
        target: { page: 'monitor', rest: [], query: { model: '{champion}' }, testid: 'simulate-card' },
        check: (s) => s.logs.simulation > 0,
      },
      {
        id: 'alert',
        area: 'maintenance',
        qualities: ['continuous', 'reliable'],
        concepts: ['drift', 'alert'],
        target: { page: 'monitor', rest: [], query: { model: '{champion}' }, testid: 'monitor-check' },
        check: (s) => s.alerts > 0,
      },
      {
        id: 'performance',
        area: 'maintenance',
        qualities: ['reliable'],
        concepts: ['ground-truth', 'cbpe'],
        target: { page: 'monitor', rest: [], query: { model: '{champion}' }, testid: 'performance-card' },
        check: (s) => s.logs.labelled > 0,
      },
      {
        id: 'retrain',
        area: 'maintenance',
        qualities: ['continuous', 'efficient'],
        concepts: ['retraining', 'challenger'],
        target: { page: 'monitor', rest: [], query: { model: '{champion}' }, testid: 'retrain-start' },
        check: (s) => anyModel(s, (m) => m.aliases.challenger !== undefined || m.events.some((e) => e.action === 'alias_set' && e.alias === 'challenger')),
      },
      {
        id: 'promote',
        area: 'maintenance',
        qualities: ['reliable'],
        concepts: ['champion', 'challenger'],
        target: { page: 'monitor', rest: [], query: { model: '{champion}' }, testid: 'challenger-card' },
        check: (s) => anyModel(s, championWasChallenger),
      },
      {
        id: 'story',
        area: 'maintenance',
        qualities: ['reliable'],
        concepts: ['audit-trail'],
        target: { page: 'lessons', rest: [], testid: 'lesson-summary-export-3' },
        check: (s) => s.summaries > 0,
      },
    ],
  },
];

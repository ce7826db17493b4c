import type { MethodOutput } from './contract/api.js';
import type { Translate } from './i18n/texts.js';
import { metricName } from './names.js';

export type TimelineEvent = MethodOutput<'audit.timeline'>['events'][number];

/**
 * Turns an audit event (an action and the input it was called with) into a sentence in a language, with the
 * texts of the registry-ui namespace: the Registry's audit trail and Home's activity (i18next) and the lesson
 * story the core writes (shared/i18n/texts.ts) say the same thing. Only wording: the facts are the ones the core
 * recorded. Unknown actions fall back to the core's summary.
 */

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
const base = (p: string) => p.split(/[\\/]/).filter(Boolean).pop() ?? p;

/** The variant of an action's sentence that fits what the call did (an alias or a stage, archive or restore...). */
function variant(action: string, input: Record<string, unknown>, details: Record<string, unknown>): string {
  switch (action) {
    case 'model.promote':
      return input.alias ? 'model.promoteAlias' : 'model.promoteStage';
    case 'model.rollback':
      return input.alias ? 'model.rollbackAlias' : 'model.rollbackStage';
    case 'model.archive':
      return `${input.archived === false ? 'model.restore' : 'model.archive'}${String(input.model ?? '').includes('@') ? 'Version' : ''}`;
    case 'model.update':
    case 'model.delete':
      return `${action}${String(input.model ?? '').includes('@') ? 'Version' : ''}`;
    case 'project.archive':
      return input.archived === false ? 'project.restore' : 'project.archive';
    case 'workspace.gc':
      return input.dryRun === true ? 'workspace.gcDryRun' : action;
    case 'lesson.summary':
      return input.lesson === undefined ? 'lesson.summaryAll' : action;
    case 'eval.completed':
      return details.gateStatus === 'no_criteria' ? 'eval.completedNoCriteria' : details.gatePassed === false ? 'eval.completedFailed' : 'eval.completedPassed';
    default:
      return action;
  }
}

/** `lang` names the metrics of a failed gate ("Exactitud", not accuracy). */
export function auditSentence(t: Translate, e: Pick<TimelineEvent, 'action' | 'details' | 'names' | 'projectName' | 'subjectId' | 'summary'>, lang: string): string {
  const details = e.details ?? {};
  const input = (details.input && typeof details.input === 'object' ? details.input : {}) as Record<string, unknown>;
  // the names the core resolved win over the ids in the recorded input
  const names = e.names ?? {};
  const model = str(input.model) ?? '';
  const [modelName, selector] = model.split('@');
  const params: Record<string, string> = {
    project: e.projectName ?? str(input.projectName) ?? '—',
    // a run started without a name is named by the core: the trail shows that name, not a dash
    name: str(input.name) ?? (e.action === 'train.start' ? names.run : undefined) ?? str(input.projectName) ?? '—',
    model: names.model ?? (modelName || str(input.name) || '—'),
    version: str(names.version) ?? str(input.version) ?? selector ?? '—',
    alias: str(input.alias) ?? '—',
    stage: input.stage ? t(`stage.${String(input.stage)}`, { defaultValue: String(input.stage) }) : '—',
    run: names.run ?? str(input.run) ?? str(input.id) ?? str(details.runId) ?? '—',
    dataset: names.dataset ?? str(input.dataset) ?? str(details.dataset) ?? str(input.name) ?? '—',
    file: str(input.path) ? base(String(input.path)) : str(input.input) ? base(String(input.input)) : '—',
    sample: str(input.sample) ?? '—',
    seed: str(input.seed) ?? '—',
    id: e.subjectId ?? str(input.id) ?? '—',
    ref: model || '—',
    refs: Array.isArray(input.refs) ? (input.refs as unknown[]).map(String).join(', ') : '—',
    key: str(input.key) ?? '—',
    format: str(input.format) ?? '—',
    lesson: str(input.lesson) ?? '—',
    step: str(input.step) ?? '1',
    failed: Array.isArray(details.failed) ? (details.failed as unknown[]).map((m) => metricName(String(m), lang)).join(', ') : '—',
  };
  const key = variant(e.action, input, details);
  return t(`audit.actions.${key}`, { ...params, defaultValue: t('audit.generic', { action: e.action, summary: e.summary }) });
}

/** The reason the caller gave, when the action carries one (promotions, rollbacks, archives). */
export function auditReason(e: Pick<TimelineEvent, 'details'>): string | undefined {
  const input = (e.details?.input ?? {}) as Record<string, unknown>;
  return str(input.reason);
}

import { z } from 'zod';
import type { Issue } from '../contract/errors.js';
import { classMetricKey, classMetrics, comparators, metricByName, metricsForTask, splitMetricKey, taskTypes, type TaskType } from '../metrics.js';

export const taskTypeSchema = z.enum(taskTypes);

export const criterionSchema = z.object({
  metric: z.string().min(1),
  comparator: z.enum(comparators),
  threshold: z.number().finite(),
});
export type Criterion = z.infer<typeof criterionSchema>;

const CRITERION_RE = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[([^\]]+)\])?\s*(>=|<=|>|<|=>|=<)\s*(-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?)\s*(%?)\s*$/i;

/**
 * Parses "accuracy>=0.9", "f1_macro >= 85%", "rmse<=3.5" or, for one class, "recall[bad]>=0.7" (the class
 * label is kept as written). Returns null when the text has no such shape.
 */
export function parseCriterion(text: string): Criterion | null {
  const m = CRITERION_RE.exec(text);
  if (!m) return null;
  const comparator = m[3] === '=>' ? '>=' : m[3] === '=<' ? '<=' : (m[3] as Criterion['comparator']);
  let threshold = Number(m[4]);
  if (m[5] === '%') threshold = threshold / 100;
  const base = m[1].toLowerCase();
  const label = m[2]?.trim();
  return { metric: label ? classMetricKey(base, label) : base, comparator, threshold };
}

export function formatCriterion(c: Criterion): string {
  return `${c.metric} ${c.comparator} ${c.threshold}`;
}

/**
 * Checks criteria against a task type: the metric must exist and apply to the task, the comparator must
 * point the way the metric improves, and the threshold must lie within the metric's range.
 * Returns issues with i18n keys (namespace "errors") and English messages.
 */
export function checkCriteria(task: TaskType, criteria: Criterion[], basePath: (string | number)[] = ['criteria']): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  criteria.forEach((c, i) => {
    const path = [...basePath, i];
    const text = formatCriterion(c);
    const { base, classLabel } = splitMetricKey(c.metric);
    if (classLabel !== null && !(classMetrics as readonly string[]).includes(base)) {
      issues.push({
        path,
        key: 'criterion.not_per_class',
        params: { criterion: text, metric: base, known: classMetrics.join(', ') },
        message: `Criterion "${text}": ${base} is not measured per class; a criterion on one class uses ${classMetrics.join(', ')} (for example "recall[${classLabel}]>=0.7").`,
      });
      return;
    }
    const info = metricByName.get(c.metric);
    if (!info) {
      const known = metricsForTask(task)
        .map((m) => m.name)
        .join(', ');
      issues.push({
        path,
        key: 'criterion.unknown_metric',
        params: { criterion: text, metric: c.metric, known },
        message: `Criterion "${text}": "${c.metric}" is not a metric Ciclo knows. For a ${task} project use one of: ${known}.`,
      });
      return;
    }
    if (!info.tasks.includes(task)) {
      const known = metricsForTask(task)
        .map((m) => m.name)
        .join(', ');
      issues.push({
        path,
        key: 'criterion.wrong_task',
        params: { criterion: text, metric: c.metric, task, known },
        message: `Criterion "${text}": ${c.metric} does not apply to a ${task} project. Use one of: ${known}.`,
      });
      return;
    }
    const upper = c.comparator === '<=' || c.comparator === '<';
    if (info.better === 'lower' && !upper) {
      issues.push({
        path,
        key: 'criterion.lower_is_better',
        params: { criterion: text, metric: c.metric },
        message: `Criterion "${text}": lower ${c.metric} is better, so the criterion must set a maximum (use <= or <), not a minimum.`,
      });
      return;
    }
    if (info.better === 'higher' && upper) {
      issues.push({
        path,
        key: 'criterion.higher_is_better',
        params: { criterion: text, metric: c.metric },
        message: `Criterion "${text}": higher ${c.metric} is better, so the criterion must set a minimum (use >= or >), not a maximum.`,
      });
      return;
    }
    if (c.threshold < info.min || c.threshold > info.max) {
      const range = Number.isFinite(info.max) ? `between ${info.min} and ${info.max}` : `${info.min} or more`;
      issues.push({
        path,
        key: 'criterion.out_of_range',
        params: { criterion: text, metric: c.metric, min: info.min, max: Number.isFinite(info.max) ? info.max : null },
        message: `Criterion "${text}": ${c.metric} is always ${range}, so ${c.threshold} can never be a sensible threshold.`,
      });
      return;
    }
    const unreachable = (c.comparator === '>' && c.threshold >= info.max) || (c.comparator === '<' && c.threshold <= info.min);
    if (unreachable) {
      issues.push({
        path,
        key: 'criterion.unreachable',
        params: { criterion: text, metric: c.metric },
        message: `Criterion "${text}": no model can ever meet it, because ${c.metric} never goes beyond ${c.threshold}.`,
      });
      return;
    }
    if (seen.has(c.metric)) {
      issues.push({
        path,
        key: 'criterion.duplicate',
        params: { criterion: text, metric: c.metric },
        message: `Criterion "${text}": there is already a criterion on ${c.metric}; keep one per metric.`,
      });
      return;
    }
    seen.add(c.metric);
  });
  return issues;
}

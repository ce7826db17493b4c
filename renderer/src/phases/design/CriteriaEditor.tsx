import { useTranslation } from 'react-i18next';
import type { Issue } from '../../../../shared/contract/errors';
import { comparators, metricByName, metricsForTask, type TaskType } from '../../../../shared/metrics';
import type { Criterion } from '../../../../shared/schemas/charter';
import { useIssueText } from '../../components/ErrorBox';
import { metricDisplayName } from '../../format';
import { criterionText } from '../evaluate/metric-format';

export interface CriterionDraft {
  metric: string;
  comparator: Criterion['comparator'];
  /** Kept as typed so a half-written number is not lost. */
  threshold: string;
}

export function toDraft(c: Criterion): CriterionDraft {
  return { metric: c.metric, comparator: c.comparator, threshold: String(c.threshold) };
}

/** A new row suggests the first metric of the task, pointing the way it improves. */
export function newDraft(task: TaskType): CriterionDraft {
  const m = metricsForTask(task)[0];
  return { metric: m.name, comparator: m.better === 'higher' ? '>=' : '<=', threshold: '' };
}

interface Props {
  task: TaskType;
  value: CriterionDraft[];
  onChange: (next: CriterionDraft[]) => void;
  /** Issues for criteria, by index (from the shared checks or from the core). */
  issues: Issue[];
  /** Row indexes whose threshold is not a number. */
  badNumbers: number[];
  /** Binary tasks: the charter's positive class, for a suggested criterion on its recall. */
  positiveClass?: string | null;
}

/**
 * Starting criteria for a task when the charter has none (a gate with no criteria checks nothing): common,
 * modest bars the user is expected to adjust to the problem.
 */
export function suggestedCriteria(task: TaskType, positiveClass?: string | null): CriterionDraft[] {
  if (task === 'regression')
    return [
      { metric: 'r2', comparator: '>=', threshold: '0.7' },
      { metric: 'latency_p95_ms', comparator: '<=', threshold: '50' },
    ];
  if (task === 'multiclass')
    return [
      { metric: 'f1_macro', comparator: '>=', threshold: '0.8' },
      { metric: 'accuracy', comparator: '>=', threshold: '0.85' },
    ];
  return [
    { metric: 'roc_auc', comparator: '>=', threshold: '0.8' },
    positiveClass ? { metric: `recall[${positiveClass}]`, comparator: '>=', threshold: '0.7' } : { metric: 'f1', comparator: '>=', threshold: '0.7' },
  ];
}

/** Edits the acceptance criteria: metric, comparator and threshold per row, with inline messages. */
export function CriteriaEditor({ task, value, onChange, issues, badNumbers, positiveClass }: Props) {
  const { t } = useTranslation('design');
  const issueText = useIssueText();
  const options = metricsForTask(task);
  const set = (i: number, patch: Partial<CriterionDraft>) => onChange(value.map((c, n) => (n === i ? { ...c, ...patch } : c)));
  const onMetric = (i: number, metric: string) => {
    const info = metricByName.get(metric);
    // Point the comparator the way the metric improves, so the common case needs no thought.
    const comparator = info ? (info.better === 'higher' ? '>=' : '<=') : value[i].comparator;
    set(i, { metric, comparator });
  };
  return (
    <div className="stack" data-testid="criteria-editor">
      {value.length === 0 && <p className="muted small">{t('criteria.none')}</p>}
      {value.length === 0 && (
        <div className="row small" data-testid="criteria-suggestions">
          <span className="muted">{t('quality:suggest.title')}</span>
          {suggestedCriteria(task, positiveClass).map((c) => (
            <button type="button" key={c.metric} className="small" onClick={() => onChange([...value, c])} data-testid={`suggest-${c.metric}`} title={t('quality:suggest.hint')}>
              + {criterionText(c.metric, c.comparator, Number(c.threshold))}
            </button>
          ))}
        </div>
      )}
      {value.map((c, i) => {
        const rowIssues = issues.filter((is) => is.path[0] === 'criteria' && is.path[1] === i);
        const invalid = rowIssues.length > 0 || badNumbers.includes(i);
        const known = options.some((o) => o.name === c.metric);
        return (
          <div key={i} className="stack" style={{ gap: 4 }} data-testid={`criterion-${i}`}>
            <div className="row">
              <select aria-label={t('criteria.metric')} value={c.metric} onChange={(e) => onMetric(i, e.target.value)} aria-invalid={invalid} style={{ minWidth: 210 }}>
                {!known && <option value={c.metric}>{metricDisplayName(c.metric)}</option>}
                {options.map((m) => (
                  <option key={m.name} value={m.name}>
                    {metricDisplayName(m.name)} — {t(`metrics.${m.name}`)}
                  </option>
                ))}
              </select>
              <select
                aria-label={t('criteria.comparator')}
                value={c.comparator}
                onChange={(e) => set(i, { comparator: e.target.value as Criterion['comparator'] })}
                aria-invalid={invalid}
              >
                {comparators.map((op) => (
                  <option key={op} value={op}>
                    {op}
                  </option>
                ))}
              </select>
              <input
                aria-label={t('criteria.threshold')}
                inputMode="decimal"
                value={c.threshold}
                placeholder="0.9"
                onChange={(e) => set(i, { threshold: e.target.value })}
                aria-invalid={invalid}
                style={{ width: 110 }}
              />
              <button type="button" className="ghost" onClick={() => onChange(value.filter((_, n) => n !== i))} aria-label={t('criteria.removeRow', { n: i + 1 })}>
                ✕
              </button>
            </div>
            {badNumbers.includes(i) && <div className="field-error">{t('criteria.notNumber', { value: c.threshold })}</div>}
            {rowIssues.map((is, n) => (
              <div key={n} className="field-error" role="alert">
                {issueText(is)}
              </div>
            ))}
          </div>
        );
      })}
      <div>
        <button type="button" onClick={() => onChange([...value, newDraft(task)])} data-testid="criteria-add">
          + {t('criteria.add')}
        </button>
      </div>
    </div>
  );
}

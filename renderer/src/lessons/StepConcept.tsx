import { useTranslation } from 'react-i18next';
import type { LessonStep } from '../../../shared/contract/lessons';

/** A step's concept: what it is, why it matters in production, what goes wrong without it, and its terms. */
export function StepConcept({ step }: { step: LessonStep }) {
  const { t } = useTranslation('lessons');
  return (
    <div className="lesson-concept" data-testid="lesson-concept">
      <p className="lesson-task" data-testid="lesson-task">
        <strong>{t('ui.task')}:</strong> {step.task}
      </p>
      <dl>
        <dt>{t('ui.what')}</dt>
        <dd>{step.what}</dd>
        <dt>{t('ui.why')}</dt>
        <dd>{step.why}</dd>
        <dt>{t('ui.without')}</dt>
        <dd>{step.without}</dd>
      </dl>
      <div className="row lesson-terms" aria-label={t('ui.concepts')}>
        <span className="badge accent">{t(`map.${step.area}.title`)}</span>
        {step.qualities.map((q) => (
          <span key={q} className="badge">
            {t(`map.${q}.title`)}
          </span>
        ))}
        {step.concepts.map((c) => (
          <abbr key={c} className="badge lesson-term" title={t(`glossary.${c}.definition`)}>
            {t(`glossary.${c}.term`)}
          </abbr>
        ))}
      </div>
    </div>
  );
}

/** The steps as a list: a check mark when the workspace shows a step done, the current one marked. */
export function StepList({ steps, current, selected, onSelect }: { steps: LessonStep[]; current: number | null; selected?: number; onSelect?: (n: number) => void }) {
  const { t } = useTranslation('lessons');
  return (
    <ol className="lesson-steps" aria-label={t('ui.steps')}>
      {steps.map((s) => (
        <li
          key={s.id}
          className={`${s.done ? 'done' : ''}${s.index === current ? ' current' : ''}${s.index === selected ? ' selected' : ''}`}
          data-testid={`lesson-step-${s.index}`}
          data-done={s.done ? 'true' : 'false'}
        >
          <span className="lesson-mark" aria-label={s.done ? t('ui.done') : t('ui.todo')}>
            {s.done ? '✔' : s.index}
          </span>
          {onSelect ? (
            <button type="button" className="ghost lesson-step-title" onClick={() => onSelect(s.index)}>
              {s.title}
            </button>
          ) : (
            <span className="lesson-step-title">{s.title}</span>
          )}
          {s.done && s.how === 'reset' && <span className="small muted lesson-how">{t('ui.doneBy.reset')}</span>}
        </li>
      ))}
    </ol>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../components/ErrorBox';
import { hrefFor, navigate, type Route } from '../navigation';
import { setActiveLesson } from './active';
import { useHighlight } from './highlight';
import { StepConcept, StepList } from './StepConcept';
import { SummaryButton } from './SummaryButton';
import { useLesson } from './useLesson';
import './lessons.css';

/**
 * The lesson guide beside every page: the current step's task and concept, a way to the part of the app to
 * use (highlighted there), and a check mark as soon as the workspace state shows the step done.
 */
export function LessonPanel({ lesson, route }: { lesson: number; route: Route }) {
  const { t } = useTranslation('lessons');
  const status = useLesson(lesson);
  const [showMe, setShowMe] = useState(0);
  const l = status.data;
  const step = l && l.current !== null ? l.steps[l.current - 1] : null;
  const onPage = Boolean(step && (route.page as string) === step.target.page);
  useHighlight(onPage && step ? step.target.testid : null, showMe);
  const go = () => {
    if (!step || !l) return;
    navigate(step.target.page, step.target.rest, { ...step.target.query, project: l.projectId ?? undefined });
    setShowMe((n) => n + 1);
  };
  return (
    <aside className="lesson-panel" aria-label={t('ui.panelLabel')} data-testid="lesson-panel">
      <div className="row">
        <strong className="grow">{l ? `${l.number}. ${l.title}` : '…'}</strong>
        <button type="button" className="ghost" onClick={() => setActiveLesson(null)} aria-label={t('ui.closePanel')} data-testid="lesson-panel-close">
          ✕
        </button>
      </div>
      <ErrorBox error={status.error} />
      {l && (
        <>
          <p className="small muted" data-testid="lesson-progress">
            {t('ui.progress', { done: l.doneCount, total: l.steps.length })}
            {l.projectName && (
              <>
                {' · '}
                <a href={hrefFor('home', [], { project: l.projectId ?? undefined })}>{l.projectName}</a>
              </>
            )}
          </p>
          <StepList steps={l.steps} current={l.current} />
          {step ? (
            <div className="lesson-current" data-testid="lesson-current" data-step={step.id}>
              <h3>
                {t('ui.step', { n: step.index, total: l.steps.length })}: {step.title}
              </h3>
              <StepConcept step={step} />
              <div className="row">
                <button type="button" className="primary" onClick={go} data-testid="lesson-show-me">
                  {t('ui.showMe')}
                </button>
              </div>
              <p className="small muted">{t('ui.waiting')}</p>
            </div>
          ) : (
            <div className="lesson-current" data-testid="lesson-complete">
              <h3>✔ {t('ui.complete')}</h3>
              <p>{t('ui.completeText')}</p>
              <SummaryButton lesson={l.number} />
            </div>
          )}
          <a className="small" href={hrefFor('lessons')}>
            {t('ui.open')}
          </a>
        </>
      )}
    </aside>
  );
}

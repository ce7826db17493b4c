import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommand } from '../api/client';
import { ErrorBox } from '../components/ErrorBox';
import { hrefFor, navigate } from '../navigation';
import { setActiveLesson } from './active';
import { StepConcept, StepList } from './StepConcept';
import { SummaryButton } from './SummaryButton';
import { useLang, useLesson } from './useLesson';

/** For the trainer at the projector: large text, the step list, and "reset this lesson" to any step. */
export function PresenterView({ lesson }: { lesson: number }) {
  const { t } = useTranslation('lessons');
  const lang = useLang();
  const status = useLesson(lesson);
  const reset = useCommand('lesson.reset');
  const [selected, setSelected] = useState<number | null>(null);
  const [done, setDone] = useState<{ step: number; seconds: number } | null>(null);
  const l = status.data;
  const shown = l ? (l.steps[(selected ?? l.current ?? l.steps.length) - 1] ?? null) : null;
  const doReset = async (step: number) => {
    if (!window.confirm(t('ui.resetConfirm', { n: lesson, step }))) return;
    setDone(null);
    const r = await reset.run({ lesson, step, lang });
    if (r) {
      setDone({ step, seconds: r.seconds });
      setSelected(null);
      setActiveLesson(lesson);
      status.reload();
      // a reset makes a fresh project: the top bar follows it
      navigate('lessons', ['present', String(lesson)], { project: r.projectId ?? undefined });
    }
  };
  return (
    <div className="lesson-presenter" data-testid="lesson-presenter">
      <ErrorBox error={status.error} />
      {l && (
        <>
          <div className="page-head">
            <div className="grow">
              <h1>
                {l.number}. {l.title}
              </h1>
              <p className="subtitle">{l.goal}</p>
              <p className="muted" data-testid="presenter-progress">
                {t('ui.progress', { done: l.doneCount, total: l.steps.length })}
                {l.projectName ? ` · ${t('ui.project', { name: l.projectName })}` : ''}
              </p>
            </div>
            <a className="button" href={hrefFor('lessons')}>
              {t('ui.leavePresenter')}
            </a>
          </div>
          <div className="lesson-presenter-grid">
            <div className="card">
              <h2>{t('ui.steps')}</h2>
              <StepList steps={l.steps} current={l.current} selected={shown?.index} onSelect={setSelected} />
            </div>
            {shown && (
              <div className="card" data-testid="presenter-step" data-step={shown.id}>
                <h2>
                  {t('ui.step', { n: shown.index, total: l.steps.length })}: {shown.title} {shown.done ? '✔' : ''}
                </h2>
                <StepConcept step={shown} />
                <div className="row" style={{ marginTop: 14 }}>
                  <button type="button" className="danger" onClick={() => void doReset(shown.index)} disabled={reset.pending} data-testid="presenter-reset">
                    {reset.pending && <span className="spinner" />}
                    {reset.pending ? t('ui.resetting') : shown.index === 1 ? t('ui.reset') : t('ui.resetTo', { n: shown.index })}
                  </button>
                  <SummaryButton lesson={l.number} />
                </div>
                {done && (
                  <p className="small" role="status" data-testid="presenter-reset-done">
                    {t('ui.resetDone', { step: done.step, seconds: done.seconds })}
                  </p>
                )}
                <ErrorBox error={reset.error} />
              </div>
            )}
          </div>
        </>
      )}
    </div>
  );
}

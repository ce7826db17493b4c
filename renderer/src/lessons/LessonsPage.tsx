import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lifecycleAreas, lifecycleQualities, type Lesson } from '../../../shared/contract/lessons';
import { useCommand, useQuery } from '../api/client';
import { ErrorBox } from '../components/ErrorBox';
import { hrefFor, navigate, type Route } from '../navigation';
import { setActiveLesson, useActiveLesson } from './active';
import { PresenterView } from './PresenterView';
import { SummaryButton } from './SummaryButton';
import { useLang } from './useLesson';
import './lessons.css';

/** The Lessons area: the lifecycle map as the spine, the lessons on it, the glossary; #/lessons/present/N is the presenter view. */
export function LessonsPage({ route }: { route: Route }) {
  if (route.rest[0] === 'present' && route.rest[1]) return <PresenterView lesson={Number(route.rest[1])} />;
  return <LessonList />;
}

function LessonList() {
  const { t } = useTranslation('lessons');
  const lang = useLang();
  const list = useQuery('lesson.list', { lang }, ['lesson', 'project', 'dataset', 'run', 'eval', 'model', 'monitor', 'bundle', 'serving']);
  const lessons = list.data ?? [];
  return (
    <div className="lessons-page" data-testid="lessons-page">
      <div className="page-head">
        <div className="grow">
          <h1>{t('title')}</h1>
          <p className="subtitle">{t('intro')}</p>
        </div>
        <div className="stack" style={{ alignItems: 'flex-end' }}>
          <SummaryButton />
          <span className="small muted" style={{ maxWidth: 320, textAlign: 'right' }}>
            {t('ui.summaryHint')}
          </span>
        </div>
      </div>
      <ErrorBox error={list.error} />
      <LifecycleMap lessons={lessons} />
      <div className="grid-3" style={{ marginTop: 14 }}>
        {lessons.map((l) => (
          <LessonCard key={l.id} lesson={l} />
        ))}
      </div>
      <Glossary />
    </div>
  );
}

function LessonCard({ lesson: l }: { lesson: Lesson }) {
  const { t } = useTranslation('lessons');
  const lang = useLang();
  const active = useActiveLesson();
  const start = useCommand('lesson.start');
  const go = async () => {
    const r = await start.run({ lesson: l.number, lang });
    if (!r) return;
    setActiveLesson(r.number);
    const step = r.current ? r.steps[r.current - 1] : null;
    if (step) navigate(step.target.page, step.target.rest, { project: r.projectId ?? undefined });
  };
  return (
    <div className="card lesson-card" data-testid={`lesson-card-${l.number}`}>
      <h2>
        {l.number}. {l.title}
      </h2>
      <p>{l.goal}</p>
      <p className="small muted" data-testid={`lesson-card-progress-${l.number}`}>
        {l.started ? t('ui.progress', { done: l.doneCount, total: l.steps.length }) : t('ui.notStarted')}
        {l.complete ? ` · ✔ ${t('ui.complete')}` : ''}
        {l.projectName ? ` · ${t('ui.project', { name: l.projectName })}` : ''}
      </p>
      <ErrorBox error={start.error} />
      <div className="row">
        <button type="button" className="primary" onClick={() => void go()} disabled={start.pending} data-testid={`lesson-start-${l.number}`}>
          {start.pending && <span className="spinner" />}
          {start.pending ? t('ui.starting') : l.started ? t('ui.continue') : t('ui.start')}
        </button>
        <a className="button" href={hrefFor('lessons', ['present', String(l.number)], { project: l.projectId ?? undefined })} data-testid={`lesson-present-${l.number}`}>
          {t('ui.presenter')}
        </a>
        {l.started && <SummaryButton lesson={l.number} />}
      </div>
      {active === l.number && <p className="small muted">{t('ui.panelLabel')} ✓</p>}
    </div>
  );
}

/** The four stages and three qualities, with every lesson step placed in its stage (checked when done). */
export function LifecycleMap({ lessons }: { lessons: Lesson[] }) {
  const { t } = useTranslation('lessons');
  return (
    <section className="card lesson-map" aria-label={t('ui.map')} data-testid="lesson-map">
      <h2>{t('ui.map')}</h2>
      <p className="muted">{t('ui.mapIntro')}</p>
      <div className="lesson-map-grid">
        {lifecycleAreas.map((area) => (
          <div key={area} className="lesson-map-area" data-testid={`lesson-map-${area}`}>
            <h3>{t(`map.${area}.title`)}</h3>
            <p className="small muted">{t(`map.${area}.text`)}</p>
            <ul>
              {lessons.flatMap((l) =>
                l.steps
                  .filter((s) => s.area === area)
                  .map((s) => (
                    <li key={`${l.id}.${s.id}`} className={s.done ? 'done' : ''} title={s.task}>
                      <span className="lesson-mark">{s.done ? '✔' : `${l.number}.${s.index}`}</span> {s.title}
                    </li>
                  )),
              )}
            </ul>
          </div>
        ))}
      </div>
      <div className="lesson-qualities">
        {lifecycleQualities.map((q) => (
          <div key={q}>
            <strong>{t(`map.${q}.title`)}</strong> <span className="small muted">{t(`map.${q}.text`)}</span>
          </div>
        ))}
      </div>
    </section>
  );
}

function Glossary() {
  const { t } = useTranslation('lessons');
  const [filter, setFilter] = useState('');
  const terms = Object.keys(t('glossary', { returnObjects: true }) as Record<string, unknown>)
    .map((key) => ({ key, term: t(`glossary.${key}.term`), definition: t(`glossary.${key}.definition`) }))
    .filter((g) => !filter || `${g.term} ${g.definition}`.toLowerCase().includes(filter.toLowerCase()))
    .sort((a, b) => a.term.localeCompare(b.term));
  return (
    <section className="card lesson-glossary" data-testid="lesson-glossary" style={{ marginTop: 14 }}>
      <div className="row">
        <h2 className="grow">{t('ui.glossary')}</h2>
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label={t('ui.glossary')} />
      </div>
      <dl>
        {terms.map((g) => (
          <div key={g.key} id={`term-${g.key}`}>
            <dt>{g.term}</dt>
            <dd>{g.definition}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppEvents } from './api/app-events';
import { ProjectPicker } from './components/ProjectPicker';
import { phaseViews } from './phases';
import { AboutPage } from './phases/settings/AboutPage';
import { HomePage } from './phases/home/HomePage';
import { SettingsPage } from './phases/settings/SettingsPage';
import { useActiveLesson } from './lessons/active';
import { useMediaQuery } from './useMediaQuery';
import { hrefFor, navigate, phases, useRoute, type Page } from './navigation';

// teaching mode: its own chunks, loaded when a lesson is open
const LessonsPage = lazy(async () => ({ default: (await import('./lessons/LessonsPage')).LessonsPage }));
const LessonPanel = lazy(async () => ({ default: (await import('./lessons/LessonPanel')).LessonPanel }));

function NavLink({ page, current, project, step }: { page: Page; current: Page; project?: string; step?: number }) {
  const { t } = useTranslation();
  const label = step ? t(`phases.${page}.title`) : t(`nav.${page}`);
  return (
    <a
      className={`nav-link${current === page ? ' active' : ''}`}
      href={hrefFor(page, [], { project })}
      aria-current={current === page ? 'page' : undefined}
      title={label}
      data-testid={`nav-${page}`}
    >
      <span className="nav-step" aria-hidden="true">
        {step ?? (page === 'home' ? '⌂' : page === 'settings' ? '⚙' : 'i')}
      </span>
      <span className="nav-label">{label}</span>
    </a>
  );
}

export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  useAppEvents();
  const project = route.params.project;
  const Phase = route.page in phaseViews ? phaseViews[route.page as keyof typeof phaseViews] : null;
  const lesson = useActiveLesson();
  const panel = lesson !== null && !(route.page === 'lessons' && route.rest[0] === 'present');
  // the sidebar narrows to its step marks in narrow windows, and sooner beside the lesson panel (its 340 px column)
  const compactNav = useMediaQuery(panel ? '(max-width: 1440px)' : '(max-width: 1100px)');
  return (
    <div className={`layout${panel ? ' with-lesson' : ''}${compactNav ? ' compact-nav' : ''}`}>
      <nav className="sidebar" aria-label={t('nav.label')}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Ciclo</span>
        </div>
        <NavLink page="home" current={route.page} project={project} />
        <div className="nav-section">{t('nav.lifecycle')}</div>
        {phases.map((p, i) => (
          <NavLink key={p} page={p} current={route.page} project={project} step={i + 1} />
        ))}
        <div className="nav-section">{t('lessons:title')}</div>
        <a
          className={`nav-link${route.page === 'lessons' ? ' active' : ''}`}
          href={hrefFor('lessons', [], { project })}
          aria-current={route.page === 'lessons' ? 'page' : undefined}
          data-testid="nav-lessons"
        >
          <span className="nav-step" aria-hidden="true">
            ✎
          </span>
          <span className="nav-label">{t('lessons:title')}</span>
        </a>
        <div className="nav-spacer" />
        <NavLink page="settings" current={route.page} project={project} />
        <NavLink page="about" current={route.page} project={project} />
      </nav>
      <div className="main">
        <header className="topbar">
          <ProjectPicker value={project} onChange={(id) => navigate(route.page, route.rest, { ...route.params, project: id })} />
          <div className="grow" />
        </header>
        <main className="content">
          {route.page === 'home' && <HomePage />}
          {route.page === 'settings' && <SettingsPage />}
          {route.page === 'about' && <AboutPage />}
          {Phase && <Phase route={route} projectId={project} />}
          {route.page === 'lessons' && (
            <Suspense fallback={null}>
              <LessonsPage route={route} />
            </Suspense>
          )}
        </main>
      </div>
      {panel && (
        <Suspense fallback={null}>
          <LessonPanel lesson={lesson} route={route} />
        </Suspense>
      )}
    </div>
  );
}

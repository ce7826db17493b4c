import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import type { Route } from '../../navigation';
import { auditReason, auditSentence, type TimelineEvent } from '../../../../shared/audit-sentence';
import { uiLanguage } from '../../format';
import { fmtDay, fmtTime } from './display';
import './audit.css';

const PAGE = 200;
/** Every topic a state change can come from: the trail reloads on any of them. */
const topics = ['project', 'dataset', 'train', 'run', 'eval', 'model', 'job', 'prefs'];

/**
 * The workspace audit trail: every lifecycle event, newest first, filterable by project, action family and
 * date. `tabs` (models / audit trail) sit under the title.
 */
export function AuditTrail({ projectId, tabs }: { route: Route; projectId?: string; tabs?: ReactNode }) {
  const { t } = useTranslation('registry-ui');
  const projects = useQuery('project.list', { includeArchived: true }, ['project']);
  const [project, setProject] = useState(projectId ?? '');
  const [families, setFamilies] = useState<string[]>([]);
  const [since, setSince] = useState('');
  const [search, setSearch] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const trail = useQuery(
    'audit.timeline',
    { project: project || undefined, actions: families.length ? families : undefined, since: since || undefined, search: search.trim() || undefined, limit },
    topics,
  );
  const toggle = (f: string) => setFamilies((cur) => (cur.includes(f) ? cur.filter((x) => x !== f) : [...cur, f]));
  const events = trail.data?.events ?? [];
  const byDay = groupByDay(events);

  return (
    <div className="stack" data-testid="audit-trail">
      <div className="page-head">
        <div className="grow">
          <h1>{t('audit.title')}</h1>
          <p className="subtitle">{t('audit.subtitle')}</p>
        </div>
      </div>
      {tabs}
      <div className="card stack audit-filters">
        <div className="row wrap-gap">
          <label className="row small">
            <span className="muted">{t('audit.project')}</span>
            <select value={project} onChange={(e) => setProject(e.target.value)} data-testid="audit-project">
              <option value="">{t('audit.allProjects')}</option>
              {(projects.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label className="row small">
            <span className="muted">{t('audit.since')}</span>
            <input type="date" value={since} onChange={(e) => setSince(e.target.value)} data-testid="audit-since" />
          </label>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('audit.search')} aria-label={t('audit.search')} className="grow" />
        </div>
        <div className="row small" role="group" aria-label={t('audit.families')}>
          <span className="muted">{t('audit.families')}</span>
          {(trail.data?.families ?? []).map((f) => (
            <button
              key={f}
              type="button"
              className={`chip${families.includes(f) ? ' on' : ''}`}
              aria-pressed={families.includes(f)}
              onClick={() => toggle(f)}
              data-testid={`audit-family-${f}`}
            >
              {t(`audit.family.${f}`, { defaultValue: f })}
            </button>
          ))}
          {families.length > 0 && (
            <button type="button" className="ghost small" onClick={() => setFamilies([])}>
              {t('audit.clear')}
            </button>
          )}
        </div>
      </div>
      <ErrorBox error={trail.error} />
      {!trail.data && !trail.error && <span className="spinner" />}
      {trail.data && events.length === 0 && (
        <div className="card empty-rows muted" data-testid="audit-empty">
          {t('audit.empty')}
        </div>
      )}
      {byDay.map(([day, list]) => (
        <section key={day} className="card audit-day">
          <h3 className="muted">{fmtDay(list[0].at)}</h3>
          <ol className="audit-list">
            {list.map((e) => (
              <AuditItem key={e.id} e={e} showProject={!project} />
            ))}
          </ol>
        </section>
      ))}
      {trail.data?.hasMore && (
        <button type="button" onClick={() => setLimit((l) => Math.min(5000, l + PAGE))} disabled={trail.loading || limit >= 5000} data-testid="audit-more">
          {t('audit.more')}
        </button>
      )}
    </div>
  );
}

function AuditItem({ e, showProject }: { e: TimelineEvent; showProject: boolean }) {
  const { t } = useTranslation('registry-ui');
  const reason = auditReason(e);
  const family = e.action.split('.')[0];
  return (
    <li className="audit-item" data-testid="audit-item" data-action={e.action} title={e.summary}>
      <time className="audit-time mono small" dateTime={e.at} title={e.at}>
        {fmtTime(e.at)}
      </time>
      <span className={`audit-family fam-${family}`}>{t(`audit.family.${family}`, { defaultValue: family })}</span>
      <div className="audit-body">
        <div>
          {auditSentence(t, e, uiLanguage())}
          {e.details?.override === true && (
            <>
              {' '}
              <span className="badge warn" data-testid="audit-override">
                ⚠ {t('history.override')}
              </span>
            </>
          )}
        </div>
        {reason && <blockquote className="reason">{reason}</blockquote>}
      </div>
      <span className="audit-meta small muted">
        {showProject && e.projectName && <span className="badge">{e.projectName}</span>}{' '}
        {e.actor && (
          <span className="audit-actor" data-testid="audit-actor">
            {t('audit.by', { actor: e.actor })} ·
          </span>
        )}{' '}
        {t(`door.${e.door}`, { defaultValue: e.door })}
      </span>
    </li>
  );
}

/** Consecutive events of the same local day, keeping the newest-first order. */
function groupByDay(events: TimelineEvent[]): [string, TimelineEvent[]][] {
  const out: [string, TimelineEvent[]][] = [];
  for (const e of events) {
    const d = new Date(e.at);
    const day = `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
    const last = out[out.length - 1];
    if (last && last[0] === day) last[1].push(e);
    else out.push([day, [e]]);
  }
  return out;
}

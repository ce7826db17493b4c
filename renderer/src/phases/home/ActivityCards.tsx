import { useTranslation } from 'react-i18next';
import { useQuery } from '../../api/client';
import { hrefFor, type Phase } from '../../navigation';
import { formatDate, formatTime, uiLanguage } from '../../format';
import { auditReason, auditSentence } from '../../../../shared/audit-sentence';

/** Which phase shows a job of each kind. */
const jobPhase: Record<string, Phase> = { 'dataset.import': 'data', training: 'train', evaluation: 'evaluate', prediction: 'evaluate' };

/** Jobs running now, in this window or any other process sharing the workspace (the CLI, for one). */
export function RunningJobs() {
  const { t } = useTranslation();
  const jobs = useQuery('job.list', { limit: 50 }, ['job', 'run', 'dataset', 'eval']);
  const running = (jobs.data ?? []).filter((j) => j.status === 'running' || j.status === 'queued');
  if (!running.length) return null;
  return (
    <div className="card" data-testid="home-jobs">
      <h2>{t('home.jobsTitle')}</h2>
      <table className="data">
        <tbody>
          {running.map((j) => (
            <tr key={j.id}>
              <td style={{ width: '30%' }}>
                <a href={hrefFor(jobPhase[j.kind] ?? 'home', [], { project: j.projectId ?? undefined })}>
                  {t(`home.jobKinds.${j.kind.replace('.', '_')}`, { defaultValue: j.kind })}
                </a>
                <div className="small muted">{formatTime(j.startedAt ?? j.createdAt, true)}</div>
              </td>
              <td>
                <div className="progress" role="progressbar" aria-valuenow={Math.round(j.progress * 100)} aria-valuemin={0} aria-valuemax={100}>
                  <div style={{ width: `${Math.round(j.progress * 100)}%` }} />
                </div>
              </td>
              <td className="num" style={{ width: 60 }}>
                {Math.round(j.progress * 100)}%
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The latest changes in the workspace, as sentences (the full trail is in the Registry phase). */
export function RecentActivity() {
  const { t } = useTranslation();
  const rt = useTranslation('registry-ui').t;
  const timeline = useQuery('audit.timeline', { limit: 8 }, ['project', 'dataset', 'run', 'train', 'eval', 'model']);
  const events = timeline.data?.events ?? [];
  if (!events.length) return null;
  return (
    <div className="card" data-testid="home-activity">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2>{t('home.activityTitle')}</h2>
        <a href={hrefFor('registry', ['audit'])} className="small">
          {t('home.activityAll')}
        </a>
      </div>
      <ul className="stack" style={{ listStyle: 'none', padding: 0, margin: 0, gap: 8 }}>
        {events.map((e) => {
          const reason = auditReason(e);
          return (
            <li key={e.id} className="row" style={{ alignItems: 'baseline', flexWrap: 'nowrap' }}>
              <span className="small muted" style={{ minWidth: 120 }}>
                {formatDate(e.at)}
              </span>
              <span>
                {auditSentence(rt, e, uiLanguage())}
                {reason && <span className="muted"> — “{reason}”</span>}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

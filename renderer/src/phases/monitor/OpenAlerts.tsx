import { useTranslation } from 'react-i18next';
import type { Alert } from '../../../../shared/schemas/monitoring';
import { useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor } from '../../navigation';
import { fmtWhen, useSaid } from './text';

/** Open alerts of a project (or the workspace), newest first: on the Monitor page and the Overview. */
export function OpenAlerts({ projectId, model, compact, onRetrain }: { projectId?: string; model?: string; compact?: boolean; onRetrain?: (alert: Alert) => void }) {
  const { t } = useTranslation('monitor');
  const { t: tl } = useTranslation('monitor-loop');
  const said = useSaid();
  const alerts = useQuery('monitor.alerts', { project: projectId, model, status: 'open', limit: 50 }, ['monitor']);
  if (alerts.error) return <ErrorBox error={alerts.error} />;
  const list = alerts.data ?? [];
  if (compact && list.length === 0) return null;
  return (
    <div className="card" data-testid="open-alerts">
      <h3>{compact ? t('home.title') : t('openAlerts')}</h3>
      {list.length === 0 ? (
        <p className="muted">{compact ? t('home.none') : t('noAlerts')}</p>
      ) : (
        <ul className="mon-alerts">
          {list.map((a) => (
            <li key={a.id} className={`mon-alert ${a.severity}`} data-testid={`alert-${a.rule}`}>
              <strong>{a.modelRef}</strong> · {said(a.text)} <span className="muted small">{t('firedAt', { date: fmtWhen(a.firedAt) })}</span>
              {onRetrain && (
                <button type="button" className="small mon-alert-action" onClick={() => onRetrain(a)} data-testid={`alert-retrain-${a.rule}`}>
                  {tl('retrain.fromAlertButton')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {compact && list.length > 0 && <a href={hrefFor('monitor', [], { project: projectId })}>{t('home.more')}</a>}
    </div>
  );
}

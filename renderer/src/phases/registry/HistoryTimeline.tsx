import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelDetail, ModelEvent } from '../../../../shared/schemas/registry';
import { useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { AliasChips } from './AliasChips';
import { GateBadge } from './GateBadge';
import { formatDate, metricDisplayName } from '../../format';

/** Every move of a model, newest first (who, when, from, to, why), and who held what on any day. */
export function HistoryTimeline({ model }: { model: ModelDetail }) {
  const { t } = useTranslation('registry-ui');
  return (
    <div className="stack">
      <HoldersAt model={model} />
      <div className="card">
        <h2>{t('history.title')}</h2>
        {model.history.length === 0 ? (
          <p className="muted">{t('history.empty')}</p>
        ) : (
          <ol className="timeline" data-testid="history">
            {model.history.map((e) => (
              <HistoryItem key={e.id} e={e} />
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}

function HistoryItem({ e }: { e: ModelEvent }) {
  const { t } = useTranslation('registry-ui');
  const v = (n: number | null) => (n === null ? t('history.nobody') : `v${n}`);
  const params = {
    alias: e.alias ?? '',
    from: v(e.fromVersion),
    to: v(e.toVersion),
    fromStage: e.fromStage ? t(`stage.${e.fromStage}`) : '—',
    toStage: e.toStage ? t(`stage.${e.toStage}`) : '—',
  };
  let key: string = e.action;
  if (e.action === 'alias_set' && e.fromVersion === null) key = 'alias_set_new';
  if (e.action === 'rollback' && e.alias) key = 'rollback_alias';
  if (e.action === 'stage_changed' && e.toStage === 'production' && e.fromVersion !== null && e.fromVersion !== e.toVersion) key = 'stage_replaced';
  const kind = e.action === 'rollback' ? 'rollback' : e.override ? 'override' : e.action === 'registered' ? 'registered' : 'move';
  return (
    <li className={`tl-item ${kind}`} data-testid="history-item" data-action={e.action} data-override={e.override ? 'true' : 'false'}>
      <span className="tl-dot" aria-hidden="true" />
      <div className="tl-body">
        <div className="row">
          <span className="tl-text">{t(`history.actions.${key}`, params)}</span>
          {e.action === 'rollback' && <span className="badge accent">↶ {t('history.rollback')}</span>}
          {e.override && <span className="badge bad">⚠ {t('history.override')}</span>}
          {e.gateStatus && <GateBadge gate={{ status: e.gateStatus }} />}
        </div>
        {e.override && e.failedCriteria.length > 0 && <div className="small muted">{t('history.failedAtTime', { list: e.failedCriteria.map(metricDisplayName).join(', ') })}</div>}
        {/* A registration's text is the version's description; every other text is the reason given for the move. */}
        {e.reason && e.action === 'registered' && <div className="muted">{e.reason}</div>}
        {e.reason && e.action !== 'registered' && (
          <blockquote className="reason" data-testid="history-reason">
            {e.reason}
          </blockquote>
        )}
        <div className="small muted">{t('history.meta', { who: e.actor, door: t(`door.${e.door}`, { defaultValue: e.door }), when: formatDate(e.at) })}</div>
      </div>
    </li>
  );
}

/** Replays the history up to a date: which version held each alias and which was in production then. */
function HoldersAt({ model }: { model: ModelDetail }) {
  const { t } = useTranslation('registry-ui');
  const [day, setDay] = useState(() => new Date().toISOString().slice(0, 10));
  const holders = useQuery('model.holders', day ? { model: model.name, at: day } : null, ['model']);
  return (
    <div className="card row holders" data-testid="holders">
      <label className="row small">
        <span className="strong">{t('history.asOf')}</span>
        <input type="date" value={day} onChange={(e) => setDay(e.target.value)} max={new Date().toISOString().slice(0, 10)} />
      </label>
      {holders.error ? (
        <ErrorBox error={holders.error} />
      ) : holders.data ? (
        <>
          <span className="row small">
            <span className="muted">{t('model.aliases')}</span> <AliasChips aliases={holders.data.aliases} />
          </span>
          <span className="row small">
            <span className="muted">{t('model.production')}</span>{' '}
            {holders.data.production !== null ? <span className="badge ok">v{holders.data.production}</span> : <span className="muted">—</span>}
          </span>
        </>
      ) : (
        <span className="spinner" />
      )}
    </div>
  );
}

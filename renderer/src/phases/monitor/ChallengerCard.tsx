import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert, Comparison } from '../../../../shared/schemas/monitoring';
import type { Job } from '../../../../shared/schemas/system';
import { useCommand, useQuery } from '../../api/client';
import { formatCount, formatNumber, formatPercent, metricDisplayName } from '../../format';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor } from '../../navigation';
import { MoveError } from '../registry/MoveError';
import { useSaid } from './text';
import { JobProgress, useJob } from './useJob';

/**
 * The retraining loop for one registered model: retrain (on demand or because of an alert) into a
 * challenger as one job with progress, compare champion and challenger on the same labelled rows, promote
 * the challenger through the registry's gate, and roll the champion back in one click.
 */
export function ChallengerCard({ model, name, projectId, fromAlert }: { model: string; name: string | null; projectId?: string; fromAlert?: Alert }) {
  const { t } = useTranslation('monitor');
  const { t: tl } = useTranslation('monitor-loop');
  const said = useSaid();
  const detail = useQuery('model.get', name ? { model: name } : null, ['model']);
  const compare = useCommand('monitor.compare');
  const retrain = useCommand('monitor.retrain');
  const promote = useCommand('model.promote');
  const rollback = useCommand('model.rollback');
  const [cmp, setCmp] = useState<Comparison>();
  const [reason, setReason] = useState('');
  const [moveReason, setMoveReason] = useState('');
  const [status, setStatus] = useState<string>();
  const [moved, setMoved] = useState<string>();
  const [compareOn, setCompareOn] = useState('');
  const [retrainOn, setRetrainOn] = useState('');
  const aliases = detail.data?.aliases ?? {};
  const championVersion = aliases.champion;
  const challengerVersion = aliases.challenger;
  const back = detail.data?.rollbackTargets.champion ?? null;
  const championRef = name && championVersion !== undefined ? `${name}@champion` : model;
  const runCompare = async () => {
    if (!name) return;
    const r = await compare.run({ champion: `${name}@champion`, challenger: `${name}@challenger`, dataset: compareOn.trim() || undefined });
    setCmp(r);
  };
  const job = useJob((j: Job) => {
    const r = j.result as { model?: string; version?: number; alias?: string } | null;
    setStatus(
      j.status === 'succeeded' && r
        ? t('retrain.done', { model: r.model, version: r.version, alias: r.alias })
        : j.status === 'cancelled'
          ? tl('retrain.cancelled')
          : (j.error?.message ?? j.message),
    );
    detail.reload();
    if (j.status === 'succeeded' && r?.alias === 'challenger' && championVersion !== undefined) void runCompare();
  });
  if (!name) return null;
  const runRetrain = async () => {
    setStatus(undefined);
    setCmp(undefined);
    const why = reason.trim() || (fromAlert ? fromAlert.message : '');
    const started = await retrain.run({ model: championRef, alias: 'challenger', dataset: retrainOn.trim() || undefined, reason: why || undefined, alert: fromAlert?.id });
    if (started) job.follow(started);
  };
  const move = async (kind: 'promote' | 'rollback') => {
    setMoved(undefined);
    const why = moveReason.trim() || undefined;
    const r =
      kind === 'promote'
        ? await promote.run({ model: name, version: challengerVersion, alias: 'champion', reason: why })
        : await rollback.run({ model: name, alias: 'champion', reason: why });
    if (!r) return;
    setMoved(kind === 'promote' ? tl('move.promoted', { model: name, version: challengerVersion }) : tl('move.rolledBack', { model: name, version: back }));
    setCmp(undefined);
    detail.reload();
  };
  const canCompare = championVersion !== undefined && challengerVersion !== undefined && championVersion !== challengerVersion;
  return (
    <div className="card challenger-card" data-testid="challenger-card">
      <h3>{t('compare.title')}</h3>
      <p className="small" data-testid="loop-aliases">
        {championVersion !== undefined ? tl('aliases.champion', { model: name, version: championVersion }) : tl('aliases.noChampion', { model: name })}
        {' · '}
        {challengerVersion !== undefined ? tl('aliases.challenger', { model: name, version: challengerVersion }) : t('compare.none')}
      </p>
      <div className="row">
        <label className="small">
          {tl('compare.dataset')}{' '}
          <input type="text" value={compareOn} onChange={(e) => setCompareOn(e.target.value)} placeholder={tl('compare.datasetHint')} data-testid="compare-dataset" />
        </label>
        <button onClick={() => void runCompare()} disabled={!canCompare || compare.pending} data-testid="compare-run">
          {compare.pending ? tl('compare.running') : t('compare.run')}
        </button>
        <a href={hrefFor('registry', ['model', name, 'versions'], { project: projectId })}>{t('compare.openRegistry')}</a>
      </div>
      <ErrorBox error={compare.error} />
      {cmp && <ComparisonTable cmp={cmp} />}
      {(challengerVersion !== undefined && challengerVersion !== championVersion) || back !== null ? (
        <div className="stack" data-testid="loop-moves">
          <label className="small">
            {tl('move.reason')}{' '}
            <input type="text" value={moveReason} onChange={(e) => setMoveReason(e.target.value)} placeholder={tl('move.reasonHint')} data-testid="move-reason" />
          </label>
          <div className="row">
            {challengerVersion !== undefined && challengerVersion !== championVersion && (
              <button
                className={cmp?.recommendation === 'promote' ? 'primary' : ''}
                onClick={() => void move('promote')}
                disabled={promote.pending}
                data-testid="promote-challenger"
              >
                {tl('move.promote', { version: challengerVersion })}
              </button>
            )}
            {back !== null && (
              <button className="danger" onClick={() => void move('rollback')} disabled={rollback.pending} data-testid="rollback-champion">
                {tl('move.rollback', { version: back })}
              </button>
            )}
          </div>
          <MoveError error={promote.error ?? rollback.error} />
        </div>
      ) : null}
      {moved && (
        <p className="mon-verdict good" data-testid="move-result">
          {moved}
        </p>
      )}
      <h3 id="retrain" className="mon-section">
        {t('retrain.title')}
      </h3>
      <p className="muted small">{t('retrain.hint')}</p>
      {fromAlert && (
        <p className="small" data-testid="retrain-alert">
          {tl('retrain.fromAlert', { alert: said(fromAlert.text) })}
        </p>
      )}
      <div className="row">
        <input
          type="text"
          placeholder={t('retrain.reason')}
          aria-label={t('retrain.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="retrain-reason"
        />
        <input
          type="text"
          placeholder={tl('retrain.datasetHint')}
          aria-label={tl('retrain.datasetHint')}
          value={retrainOn}
          onChange={(e) => setRetrainOn(e.target.value)}
          data-testid="retrain-dataset"
        />
        <button className="primary" onClick={() => void runRetrain()} disabled={retrain.pending || job.running} data-testid="retrain-start">
          {t('retrain.start')}
        </button>
      </div>
      <ErrorBox error={retrain.error} />
      {job.running && job.job && <JobProgress job={job.job} label={t('retrain.running')} onCancel={job.cancel} testId="retrain-progress" />}
      {status && <p data-testid="retrain-status">{status}</p>}
    </div>
  );
}

function ComparisonTable({ cmp }: { cmp: Comparison }) {
  const { t } = useTranslation('monitor');
  const { t: tl } = useTranslation('monitor-loop');
  const said = useSaid();
  return (
    <>
      <p className="muted small">{tl('compare.on', { champion: cmp.champion.ref, challenger: cmp.challenger.ref, rows: cmp.rows })}</p>
      <div className="table-scroll">
        <table className="data" data-testid="compare-table">
          <thead>
            <tr>
              <th>{t('compare.metric')}</th>
              <th className="num">{t('compare.champion')}</th>
              <th className="num">{t('compare.challenger')}</th>
              <th className="num">{t('compare.difference')}</th>
              <th>{t('compare.better')}</th>
            </tr>
          </thead>
          <tbody>
            {cmp.metrics.map((m) => (
              <tr key={m.metric}>
                <td>{metricDisplayName(m.metric)}</td>
                <td className="num">{formatNumber(m.champion)}</td>
                <td className="num">{formatNumber(m.challenger)}</td>
                <td className="num">
                  {formatNumber(m.difference)}
                  {m.differenceInterval && (
                    <span className="muted small">
                      {' '}
                      [{formatNumber(m.differenceInterval.low)}, {formatNumber(m.differenceInterval.high)}]
                    </span>
                  )}
                </td>
                <td>{m.better ? (m.better === 'tie' ? tl('compare.tie') : t(`compare.${m.better}`)) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {cmp.shadow && (
        <p className="small" data-testid="compare-shadow">
          {t('compare.shadow', {
            rows: formatCount(cmp.shadow.rows),
            labelled: formatCount(cmp.shadow.labelled),
            agreement: cmp.shadow.agreement === null ? '—' : formatPercent(cmp.shadow.agreement),
          })}
        </p>
      )}
      {cmp.mcnemar && <p className="small">{t('compare.mcnemar', { b: cmp.mcnemar.b, c: cmp.mcnemar.c, p: formatNumber(cmp.mcnemar.pValue) })}</p>}
      <div className={`mon-verdict ${cmp.recommendation === 'promote' ? 'good' : 'neutral'}`} data-testid="compare-verdict">
        {said(cmp.recommendationText)}
      </div>
    </>
  );
}

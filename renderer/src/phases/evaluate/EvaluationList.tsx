import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvaluationSummary } from '../../../../shared/schemas/evaluation';
import { hrefFor, navigate } from '../../navigation';
import { GateBadge } from './GateBadge';
import { formatCount, formatDate } from '../../format';
import { formatMetric, metricLabel } from './metric-format';

export interface EvaluationListProps {
  projectId: string;
  evaluations: EvaluationSummary[];
  /** Metrics shown as columns (the charter's criteria, or the task's main metric). */
  columns: string[];
}

/** Stored evaluations, newest first: open one, or tick two and compare them. */
export function EvaluationList({ projectId, evaluations, columns }: EvaluationListProps) {
  const { t } = useTranslation('evaluate-ui');
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p.slice(-1), id]));
  const open = (id: string) => navigate('evaluate', ['e', id], { project: projectId });
  return (
    <div className="card" data-testid="eval-list">
      <div className="row" style={{ marginBottom: 8 }}>
        <h2 className="grow" style={{ margin: 0 }}>
          {t('list.title')}
        </h2>
        <span className="small muted">{t('list.pickTwo')}</span>
        <a
          className={`button${picked.length === 2 ? ' primary' : ''}`}
          aria-disabled={picked.length !== 2}
          href={picked.length === 2 ? hrefFor('evaluate', ['compare'], { project: projectId, a: picked[0], b: picked[1] }) : undefined}
          data-testid="eval-compare"
        >
          {t('list.compare')}
        </a>
      </div>
      {evaluations.length === 0 ? (
        <p className="muted" data-testid="eval-list-empty">
          {t('list.empty')}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data">
            <thead>
              <tr>
                <th aria-label={t('list.select')} />
                <th>{t('list.run')}</th>
                <th>{t('list.data')}</th>
                <th className="num">{t('list.rows')}</th>
                {columns.map((m) => (
                  <th key={m} className="num">
                    {metricLabel(m)}
                  </th>
                ))}
                <th>{t('list.gates')}</th>
                <th>{t('list.date')}</th>
              </tr>
            </thead>
            <tbody>
              {evaluations.map((e) => (
                <tr key={e.id} className="clickable" onClick={() => open(e.id)} data-testid="eval-row" data-id={e.id}>
                  <td onClick={(ev) => ev.stopPropagation()}>
                    <input type="checkbox" checked={picked.includes(e.id)} onChange={() => toggle(e.id)} aria-label={t('list.selectOne', { name: e.runName })} />
                  </td>
                  <td>
                    <a href={hrefFor('evaluate', ['e', e.id], { project: projectId })} onClick={(ev) => ev.stopPropagation()}>
                      {e.runName}
                    </a>
                  </td>
                  <td>
                    <span className="mono">{e.datasetRef}</span> <span className="small muted">{t(`subset.${e.subset}`)}</span>
                  </td>
                  <td className="num">{formatCount(e.rows)}</td>
                  {columns.map((m) => (
                    <td key={m} className="num">
                      {formatMetric(m, e.metrics[m])}
                    </td>
                  ))}
                  <td>
                    <GateBadge passed={e.gatePassed} status={e.gateStatus} />
                  </td>
                  <td className="small muted">{formatDate(e.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DriftReport } from '../../../../shared/schemas/monitoring';
import { useCommand } from '../../api/client';
import { formatCount, formatNumber } from '../../format';
import { ErrorBox } from '../../components/ErrorBox';
import { SharesChart } from './SharesChart';
import { useSaid } from './text';

export type WindowChoice = 'all' | 'lastDay' | 'lastWeek' | 'last1000';
export const windowInput = (w: WindowChoice) => (w === 'lastDay' ? { lastDays: 1 } : w === 'lastWeek' ? { lastDays: 7 } : w === 'last1000' ? { last: 1000 } : {});

/** The drift table: per column the test used and why, statistic, p-value, effect size, reliance, explanation, and a reference-vs-current chart. */
export function DriftCard({ model, window }: { model: string; window: WindowChoice }) {
  const { t } = useTranslation('monitor');
  const said = useSaid();
  const drift = useCommand('monitor.drift');
  const [report, setReport] = useState<DriftReport>();
  const [open, setOpen] = useState<string>();
  const [sort, setSort] = useState<'effect' | 'importance'>('effect');
  const run = async () => {
    const r = await drift.run({ model, ...windowInput(window) });
    if (r) {
      setReport(r as DriftReport);
      setOpen((r as DriftReport).columns.find((c) => c.drifted)?.name);
    }
  };
  const columns = report
    ? [...report.columns].sort((a, b) => (sort === 'effect' ? (b.effectSize.value ?? -1) - (a.effectSize.value ?? -1) : (b.importance ?? -1) - (a.importance ?? -1)))
    : [];
  const extra = report ? [report.prediction, report.target].filter((c): c is NonNullable<typeof c> => Boolean(c)) : [];
  return (
    <div className="card" data-testid="drift-card">
      <div className="row between">
        <h3>{t('drift.title')}</h3>
        <button className="primary" onClick={() => void run()} disabled={drift.pending} data-testid="drift-run">
          {drift.pending ? t('drift.running') : t('drift.run')}
        </button>
      </div>
      <ErrorBox error={drift.error} />
      {report && (
        <>
          <div className={`mon-verdict ${report.datasetDrift ? 'bad' : 'good'}`} data-testid="drift-summary">
            {said(report.summary)}
          </div>
          <p className="muted small">
            {t('drift.reference', { dataset: report.reference.datasetRef, subset: t(`drift.subset_${report.reference.subset}`), rows: formatCount(report.reference.rows) })} ·{' '}
            {t('drift.current', { rows: formatCount(report.current.rows), description: report.current.description })} ·{' '}
            {t('drift.durationMs', { ms: formatNumber(report.durationMs, 0) })}
          </p>
          <label className="small">
            {t('drift.sortBy')}{' '}
            <select value={sort} onChange={(e) => setSort(e.target.value as 'effect' | 'importance')} data-testid="drift-sort">
              <option value="effect">{t('drift.sortEffect')}</option>
              <option value="importance">{t('drift.sortImportance')}</option>
            </select>
          </label>
          <div className="table-scroll">
            <table className="data" data-testid="drift-table">
              <thead>
                <tr>
                  <th>{t('drift.column')}</th>
                  <th>{t('drift.method')}</th>
                  <th className="num">{t('drift.statistic')}</th>
                  <th className="num">{t('drift.pValue')}</th>
                  <th className="num">{t('drift.threshold')}</th>
                  <th className="num">{t('drift.effect')}</th>
                  <th className="num">{t('drift.importance')}</th>
                  <th>{t('drift.status')}</th>
                  <th>{t('drift.explanation')}</th>
                </tr>
              </thead>
              <tbody>
                {[...columns, ...extra].map((c) => (
                  <tr key={c.name} className={`clickable ${open === c.name ? 'selected' : ''}`} onClick={() => setOpen(c.name)} data-testid={`drift-row-${c.name}`}>
                    <td className="strong">
                      {/* the row opens the column's chart on a click; this button does it from the keyboard */}
                      <button
                        type="button"
                        className="ghost link"
                        aria-pressed={open === c.name}
                        onClick={(e) => (e.stopPropagation(), setOpen(c.name))}
                        data-testid={`drift-open-${c.name}`}
                      >
                        {c.name === 'prediction' ? t('drift.prediction') : c.name}
                      </button>
                    </td>
                    <td title={t('drift.why', { reason: t(`methodReason.${c.methodReason}`) })}>{t(`methods.${c.method}`)}</td>
                    <td className="num">{formatNumber(c.statistic)}</td>
                    <td className="num">{formatNumber(c.pValue ?? null)}</td>
                    <td className="num">{formatNumber(c.threshold)}</td>
                    <td className="num">{formatNumber(c.effectSize.value)}</td>
                    <td className="num">{formatNumber(c.importance)}</td>
                    <td>
                      <span className={`badge mon-${c.status}`}>{t(`status.${c.status}`)}</span>
                    </td>
                    <td className="small">{said(c.explanationText)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {open && [...columns, ...extra].find((c) => c.name === open) && <SharesChart column={[...columns, ...extra].find((c) => c.name === open)!} />}
          {report.multivariate && (
            <p data-testid="drift-multivariate">
              <strong>{t('drift.multivariate')}:</strong> {said(report.multivariate.explanationText)}
            </p>
          )}
        </>
      )}
    </div>
  );
}

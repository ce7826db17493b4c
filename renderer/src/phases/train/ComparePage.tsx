import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { metricByName } from '../../../../shared/metrics';
import { useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor } from '../../navigation';
import { metricDisplayName, paramDisplayName, paramDisplayValue } from '../../format';
import { fmtNumber } from './run-format';
import { metricBounds } from './RunCharts';
import { SeriesChart } from './SeriesChart';
import { HeldEpoch } from './RunTable';
import { StatusBadge } from './StatusBadge';

/** Which way is better for an epoch metric (loss, val_accuracy, ...); undefined when unknown. */
function better(name: string): 'higher' | 'lower' | undefined {
  const base = name.replace(/^val_/, '');
  return metricByName.get(base)?.better ?? (base === 'loss' ? 'lower' : undefined);
}

const chartOrder = ['batch/loss', 'loss', 'val_loss', 'accuracy', 'val_accuracy', 'mae', 'val_mae', 'rmse', 'val_rmse'];

/** #/train/compare?ids=a,b,...: 2 to 10 runs overlaid, their final metrics and what differs in their parameters. */
export function ComparePage({ projectId, ids }: { projectId: string; ids: string[] }) {
  const { t } = useTranslation('train');
  const cmp = useQuery('run.compare', ids.length >= 2 ? { ids } : null, ['run', 'train']);
  const [onlyDiffs, setOnlyDiffs] = useState(true);
  const back = (
    <a className="button" href={hrefFor('train', [], { project: projectId })}>
      {t('run.allRuns')}
    </a>
  );
  if (ids.length < 2)
    return (
      <div className="card empty">
        <p>{t('compare.pickTwo')}</p>
        {back}
      </div>
    );
  if (cmp.error)
    return (
      <div className="stack">
        <ErrorBox error={cmp.error} />
        <div>{back}</div>
      </div>
    );
  if (!cmp.data) return <span className="spinner" />;
  const { runs, params, metrics, series, baseline } = cmp.data;
  const index = new Map(runs.map((r, i) => [r.id, i]));
  const rank = (k: string) => (chartOrder.includes(k) ? chartOrder.indexOf(k) : chartOrder.length);
  const keys = [...new Set(series.map((s) => s.key))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const rows = onlyDiffs ? params.filter((p) => p.differs) : params;
  const without = (id: string) => hrefFor('train', ['compare'], { project: projectId, ids: ids.filter((x) => x !== id).join(',') });

  return (
    <div data-testid="compare-page">
      <div className="page-head">
        <div className="grow">
          <h1>{t('compare.title', { count: runs.length })}</h1>
          <p className="subtitle">{t('compare.subtitle')}</p>
        </div>
        {back}
      </div>

      <div className="card">
        <table className="data compare-metrics" data-testid="compare-metrics">
          <thead>
            <tr>
              <th>{t('compare.run')}</th>
              {metrics.map((m) => (
                <th key={m.name} className="num" title={m.name}>
                  {metricDisplayName(m.name)}
                </th>
              ))}
              <th />
            </tr>
          </thead>
          <tbody>
            {runs.map((r, i) => (
              <tr key={r.id}>
                <td>
                  <span className={`swatch s${i % 6}`} data-dash={Math.floor(i / 6)} aria-hidden="true" />
                  <a href={hrefFor('train', ['run', r.id], { project: projectId })}>{r.name}</a> <StatusBadge status={r.status} />
                  <div className="small muted">
                    <HeldEpoch run={r} />
                    {baseline && baseline.beats[i] !== null && (
                      <span className={`badge ${baseline.beats[i] ? 'ok' : 'bad'}`} style={{ marginLeft: 6 }} data-testid="baseline-verdict" data-beats={baseline.beats[i]}>
                        {baseline.beats[i] ? t('quality:baseline.beats') : t('quality:baseline.fails')}
                      </span>
                    )}
                  </div>
                </td>
                {metrics.map((m) => {
                  const dir = better(m.name);
                  const vals = m.values.filter((v): v is number => v !== null);
                  const best = dir && vals.length > 1 ? (dir === 'higher' ? Math.max(...vals) : Math.min(...vals)) : undefined;
                  const v = m.values[i];
                  return (
                    <td key={m.name} className={`num${v !== null && v === best ? ' best-value' : ''}`}>
                      {fmtNumber(v, 4)}
                    </td>
                  );
                })}
                <td className="num">
                  {runs.length > 2 && (
                    <a href={without(r.id)} className="small" title={t('compare.remove')} aria-label={t('compare.remove')}>
                      ✕
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="small muted">{t('compare.bestNote')}</p>
        <p className="small" data-testid="compare-baseline">
          <strong>{t('quality:baseline.title')}: </strong>
          {baseline
            ? t('quality:baseline.ref', { name: baseline.run.name, metric: metricDisplayName(baseline.metric), value: fmtNumber(baseline.run.metrics[baseline.metric] ?? null, 4), split: baseline.sameSplit ? '' : t('quality:baseline.otherSplit') })
            : t('quality:baseline.none')}
        </p>
      </div>

      <div className="grid-2 compare-charts">
        {keys.map((key) => (
          <div className="card" key={key}>
            <SeriesChart
              title={key === 'batch/loss' ? t('chart.batchLoss') : metricDisplayName(key)}
              yBounds={metricBounds(key.replace(/^(batch\/|val_)/, ''))}
              xLabel={key.startsWith('batch/') ? t('chart.step') : t('chart.epoch')}
              lines={series.filter((s) => s.key === key).map((s) => ({ series: s, label: runs[index.get(s.runId) ?? 0]?.name ?? s.runId, colorIndex: index.get(s.runId) }))}
              testId={`compare-chart-${key}`}
              height={230}
            />
          </div>
        ))}
      </div>

      <div className="card">
        <div className="row">
          <h2 className="grow">{t('compare.params')}</h2>
          <label className="row small">
            <input type="checkbox" checked={onlyDiffs} onChange={(e) => setOnlyDiffs(e.target.checked)} data-testid="compare-only-diffs" />
            {t('compare.onlyDiffs', { count: params.filter((p) => p.differs).length })}
          </label>
        </div>
        {rows.length === 0 ? (
          <p className="muted">{t('compare.noDiffs')}</p>
        ) : (
          <div className="scroll-x">
            <table className="data compare-params" data-testid="compare-params">
              <thead>
                <tr>
                  <th>{t('compare.parameter')}</th>
                  {runs.map((r) => (
                    <th key={r.id}>{r.name}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((p) => (
                  <tr key={p.name} className={p.differs ? 'differs' : undefined}>
                    <td className="small" title={p.name}>
                      {paramDisplayName(p.name)}
                    </td>
                    {p.values.map((v, i) => (
                      <td key={i} className="small">
                        {paramDisplayValue(p.name, v)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}

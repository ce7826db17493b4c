import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { metricByName } from '../../../../shared/metrics';
import { useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor } from '../../navigation';
import { metricDisplayName, paramDisplayName, paramDisplayValue } from '../../format';
import { fmtNumber } from './run-format';
import { LineSwatch } from '../../charts/canvas/CanvasLineChart';
import { runColour, runDash } from '../../charts/canvas/palette';
import { CompareChart, LEGEND_MAX_RUNS } from './CompareChart';
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
  const root = useRef<HTMLDivElement>(null);
  const plotWidth = usePlotWidth(root);
  const cmp = useQuery('run.compare', ids.length >= 2 && plotWidth.px ? { ids, width: plotWidth.px } : null, ['run', 'train']);
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
  if (!cmp.data)
    return (
      <div ref={root} data-testid="compare-page">
        <span className="spinner" />
      </div>
    );
  const { runs, params, metrics, series, baseline, buckets } = cmp.data;
  const rank = (k: string) => (chartOrder.includes(k) ? chartOrder.indexOf(k) : chartOrder.length);
  const keys = [...new Set(series.map((s) => s.key))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const rows = onlyDiffs ? params.filter((p) => p.differs) : params;
  const without = (id: string) => hrefFor('train', ['compare'], { project: projectId, ids: ids.filter((x) => x !== id).join(',') });

  return (
    <div ref={root} data-testid="compare-page">
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
                  <LineSwatch colour={runColour(i)} dash={runDash(i)} />
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
            ? t('quality:baseline.ref', {
                name: baseline.run.name,
                metric: metricDisplayName(baseline.metric),
                value: fmtNumber(baseline.run.metrics[baseline.metric] ?? null, 4),
                split: baseline.sameSplit ? '' : t('quality:baseline.otherSplit'),
              })
            : t('quality:baseline.none')}
        </p>
      </div>

      {runs.length > LEGEND_MAX_RUNS && <p className="small muted">{t('compare:keyNote')}</p>}
      <div className="grid-2 compare-charts">
        {keys.map((key) => (
          <div className="card" key={key}>
            <CompareChart metricKey={key} runs={runs} series={series.filter((s) => s.key === key)} grid={buckets.find((b) => b.key === key)} onPlotWidth={plotWidth.report} />
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
          <div className="table-scroll">
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

/** Rounds a plot width up to 50 px, so small resizes do not ask the core again. */
const step50 = (px: number) => Math.max(100, Math.ceil(px / 50) * 50);

/**
 * The plot width of the compare charts, in px: estimated from the page's width (the chart grid's columns)
 * until a chart reports its own; the core downsamples to about two points per pixel column of it.
 */
function usePlotWidth(root: React.RefObject<HTMLDivElement | null>) {
  const [px, setPx] = useState(0);
  useLayoutEffect(() => {
    const el = root.current;
    if (!el || px) return;
    const w = el.clientWidth;
    const cols = Math.max(1, Math.floor((w + 14) / 334));
    setPx(step50((w - 14 * (cols - 1)) / cols - 38 - 74));
  }, [root, px]);
  const report = useCallback((plot: number) => setPx((old) => (step50(plot) > old ? step50(plot) : old)), []);
  return { px, report };
}

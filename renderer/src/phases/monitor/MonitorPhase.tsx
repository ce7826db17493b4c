import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommand, useQuery } from '../../api/client';
import { formatCount, formatDay, formatNumber, metricDisplayName } from '../../format';
import { LineSeriesChart } from '../../charts/LineSeriesChart';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor, navigate } from '../../navigation';
import type { PhaseProps } from '../index';
import { DriftCard, windowInput, type WindowChoice } from './DriftCard';
import type { Alert } from '../../../../shared/schemas/monitoring';
import type { Comparator } from '../../../../shared/metrics';
import { ChallengerCard } from './ChallengerCard';
import { ColumnHealth } from './ColumnHealth';
import { DriftTimeline } from './DriftTimeline';
import { FeedbackCard, SimulateCard } from './LoopCards';
import { ReportButton } from './ReportButton';
import { OpenAlerts } from './OpenAlerts';
import { useSaid } from './text';
import { criterionText } from '../evaluate/metric-format';
import './monitor.css';

/** Monitor: #/monitor lists the models with logged predictions; ?model=M@V shows one (timeline, drift, performance, feedback, challenger, simulator). */
export function MonitorPhase({ route, projectId }: PhaseProps) {
  const { t } = useTranslation('monitor');
  const { t: tl } = useTranslation('monitor-loop');
  const models = useQuery('monitor.models', { project: projectId }, ['monitor']);
  const selected = route.params.model ?? models.data?.[0]?.ref;
  return (
    <div className="stack monitor-phase" data-testid="monitor-phase">
      <div className="page-head">
        <div className="grow">
          <h1>{t('title')}</h1>
          <p className="subtitle">{t('intro')}</p>
        </div>
      </div>
      <ErrorBox error={models.error} />
      {!selected && <OpenAlerts projectId={projectId} />}
      {models.data && models.data.length === 0 && (
        <>
          <div className="card" data-testid="monitor-empty">
            <p className="muted">{t('noModels')}</p>
            <a href={hrefFor('deploy', ['serving'], { project: projectId })} data-testid="monitor-empty-serve">
              {tl('empty.serve')}
            </a>
          </div>
          {/* a model chosen in the address (from Registry or Deploy) has its own simulator below: one per page */}
          {!selected && <SimulateCard projectId={projectId} onDone={() => (models.reload(), navigate('monitor', [], { project: projectId }))} />}
        </>
      )}
      {models.data && models.data.length > 0 && (
        <div className="card">
          <h3>{t('models')}</h3>
          <div className="mon-models">
            {models.data.map((m) => (
              <a
                key={m.runId}
                href={hrefFor('monitor', [], { project: projectId, model: m.ref })}
                className={`mon-model ${m.ref === selected ? 'active' : ''}`}
                data-testid={`monitor-model-${m.ref}`}
              >
                <strong>{m.ref}</strong>{' '}
                {m.aliases.map((a) => (
                  <span key={a} className="badge small-badge">
                    {a}
                  </span>
                ))}
                <div className="muted small">
                  {t('rows', { count: m.rows, n: formatCount(m.rows) })} · {t('labelledRows', { n: formatCount(m.labelled) })}
                  {m.openAlerts > 0 && <span className="badge mon-drifted"> {m.openAlerts}</span>}
                </div>
              </a>
            ))}
          </div>
        </div>
      )}
      {selected && <ModelMonitor key={selected} model={selected} name={models.data?.find((m) => m.ref === selected)?.name ?? null} projectId={projectId} reload={models.reload} />}
    </div>
  );
}

function ModelMonitor({ model, name, projectId, reload }: { model: string; name: string | null; projectId?: string; reload: () => void }) {
  const { t } = useTranslation('monitor');
  const said = useSaid();
  const [window, setWindow] = useState<WindowChoice>('lastWeek');
  const timeline = useQuery('monitor.timeline', { model }, ['monitor']);
  const perf = useQuery('monitor.performance', { model, window: '1d', ...windowInput(window) }, ['monitor']);
  const check = useCommand('monitor.check');
  const [checked, setChecked] = useState<string>();
  const [fromAlert, setFromAlert] = useState<Alert>();
  const retrainFrom = (a: Alert) => {
    setFromAlert(a);
    setTimeout(() => document.getElementById('retrain')?.scrollIntoView({ behavior: 'smooth', block: 'center' }), 0);
  };
  const runCheck = async () => {
    const r = await check.run({ model, ...windowInput(window) });
    if (r) setChecked(r.fired ? t('checkFired', { count: r.alerts.length }) : t('checkQuiet'));
  };
  const days = timeline.data ?? [];
  const x = days.map((_, i) => i);
  const metric = perf.data?.criteria[0]?.metric ?? 'accuracy';
  const criterion = perf.data?.criteria[0];
  return (
    <>
      <div className="card">
        <div className="row between">
          <h2>{model}</h2>
          <div className="row">
            <label className="small">
              {t('window.label')}{' '}
              <select value={window} onChange={(e) => setWindow(e.target.value as WindowChoice)} data-testid="monitor-window">
                {(['all', 'lastDay', 'lastWeek', 'last1000'] as const).map((w) => (
                  <option key={w} value={w}>
                    {t(`window.${w}`)}
                  </option>
                ))}
              </select>
            </label>
            <button onClick={() => void runCheck()} disabled={check.pending} data-testid="monitor-check">
              {check.pending ? t('checking') : t('check')}
            </button>
            <ReportButton model={model} window={window} />
          </div>
        </div>
        <ErrorBox error={check.error} />
        {checked && <p data-testid="check-result">{checked}</p>}
        <h3 className="mon-section">{t('timeline.title')}</h3>
        <div className="mon-charts">
          <LineSeriesChart
            testId="timeline-requests"
            height={180}
            integerY
            series={[{ id: 'requests', label: t('timeline.requests'), x, y: days.map((d) => d.requests) }]}
            formatX={(v) => (days[v] ? formatDay(`${days[v].day}T00:00:00`) : '')}
            emptyText={timeline.loading && !timeline.data ? t('common:state.loading') : t('timeline.empty')}
            legend
          />
          <LineSeriesChart
            testId="timeline-performance"
            height={180}
            legend
            formatX={(v) => (perf.data?.windows[v] ? formatDay(perf.data.windows[v].start) : '')}
            emptyText={perf.loading && !perf.data ? t('common:state.loading') : t('timeline.empty')}
            series={[
              {
                id: 'live',
                // the legend says so when no window has ground truth yet (the line is empty until labels arrive)
                label: t(perf.data?.windows.some((w) => w.metrics?.[metric] != null) === false ? 'timeline.liveNone' : 'timeline.live', {
                  metric: metricDisplayName(metric),
                }),
                x: (perf.data?.windows ?? []).flatMap((w, i) => (w.metrics?.[metric] != null ? [i] : [])),
                y: (perf.data?.windows ?? []).flatMap((w) => (w.metrics?.[metric] != null ? [w.metrics[metric]!] : [])),
              },
              {
                id: 'est',
                label: t('timeline.estimated'),
                dashed: true,
                colorIndex: 1,
                x: (perf.data?.windows ?? []).flatMap((w, i) => (w.estimated?.[metric] != null ? [i] : [])),
                y: (perf.data?.windows ?? []).flatMap((w) => (w.estimated?.[metric] != null ? [w.estimated[metric]!] : [])),
              },
            ]}
            thresholds={
              criterion && perf.data?.windows.length
                ? [
                    {
                      y: criterion.threshold,
                      label: t('timeline.criterion', { criterion: criterionText(criterion.metric, criterion.comparator as Comparator, criterion.threshold) }),
                      colorIndex: 3,
                    },
                  ]
                : []
            }
          />
          <DriftTimeline model={model} />
        </div>
      </div>
      <OpenAlerts projectId={projectId} model={model} onRetrain={name ? retrainFrom : undefined} />
      <div className="card" data-testid="performance-card">
        <h3>{t('performance.title')}</h3>
        <ErrorBox error={perf.error} />
        {perf.data && (
          <>
            <p className="muted small" data-testid="cbpe-assumption">
              {said(perf.data.cbpe.assumptionText)}
            </p>
            <div className="table-scroll">
              <table className="data">
                <thead>
                  <tr>
                    <th>{t('performance.start')}</th>
                    <th className="num">{t('performance.requests')}</th>
                    <th className="num">{t('performance.labelled')}</th>
                    <th className="num">
                      {t('performance.realised')} ({metricDisplayName(metric)})
                    </th>
                    <th>{t('performance.interval')}</th>
                    <th className="num">{t('performance.estimated')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {perf.data.windows.map((w) => (
                    <tr key={w.start}>
                      <td>{formatDay(w.start)}</td>
                      <td className="num">{formatCount(w.requests)}</td>
                      <td className="num">{formatCount(w.labelled)}</td>
                      <td className="num">{w.metrics ? formatNumber(w.metrics[metric]) : <span className="muted">{t('performance.noLabels')}</span>}</td>
                      <td className="small">{w.intervals[metric] ? `${formatNumber(w.intervals[metric]!.low)} – ${formatNumber(w.intervals[metric]!.high)}` : ''}</td>
                      <td className="num">{formatNumber(w.estimated?.[metric])}</td>
                      <td>{w.failing.length || w.estimatedFailing.length ? <span className="badge mon-drifted">{t('performance.failing')}</span> : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="small">
              {t('performance.rate')}: {formatNumber(perf.data.operational.ratePerHour)} · {t('performance.errorRate')}: {formatNumber(perf.data.operational.errorRate)} ·{' '}
              {t('performance.latency')}: {formatNumber(perf.data.operational.latency.p50)} / {formatNumber(perf.data.operational.latency.p95)} /{' '}
              {formatNumber(perf.data.operational.latency.p99)}
            </p>
            <ColumnHealth operational={perf.data.operational} />
          </>
        )}
      </div>
      <DriftCard model={model} window={window} />
      <FeedbackCard model={model} />
      <ChallengerCard model={model} name={name} projectId={projectId} fromAlert={fromAlert} />
      <SimulateCard model={model} projectId={projectId} onDone={() => reload()} />
    </>
  );
}

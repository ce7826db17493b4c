import { useTranslation } from 'react-i18next';
import { metricsForTask, type TaskType } from '../../../../shared/metrics';
import type { GateResult, MetricInterval, MetricValues } from '../../../../shared/schemas/evaluation';
import { betterDirection, formatMetric, metricLabel } from './metric-format';

/** The quality metrics of the task (operational ones have their own card), each as a tile. */
export function MetricTiles({
  metrics,
  taskType,
  gate,
  intervals,
  positiveClass,
}: {
  metrics: MetricValues;
  taskType: TaskType;
  gate: GateResult;
  intervals?: Record<string, MetricInterval>;
  positiveClass?: string | null;
}) {
  const { t } = useTranslation('evaluate-ui');
  const names = metricsForTask(taskType)
    .filter((m) => !m.operational && m.name in metrics)
    .map((m) => m.name);
  const gated = new Map(gate.checks.map((c) => [c.metric, c.passed]));
  return (
    <section className="card" aria-labelledby="metrics-title" data-testid="metric-tiles">
      <h2 id="metrics-title">{t('metrics.title')}</h2>
      {positiveClass && (
        <p className="small muted" data-testid="positive-class-note">
          {t('quality:ci.positive', { label: positiveClass })}
        </p>
      )}
      <div className="eval-tiles">
        {names.map((name) => {
          const passed = gated.get(name);
          return (
            <div
              key={name}
              className={`eval-tile${passed === undefined ? '' : passed ? ' pass' : ' fail'}`}
              data-testid={`metric-${name}`}
              title={t(`metrics.${betterDirection(name) ?? 'higher'}`)}
            >
              <div className="small muted">{metricLabel(name)}</div>
              <div className="eval-tile-value">{formatMetric(name, metrics[name])}</div>
              {intervals?.[name] && (
                <div className="small muted" data-testid={`interval-${name}`} title={t('quality:ci.hint')}>
                  {t('quality:ci.range', { lower: formatMetric(name, intervals[name].lower), upper: formatMetric(name, intervals[name].upper) })}
                </div>
              )}
            </div>
          );
        })}
      </div>
    </section>
  );
}

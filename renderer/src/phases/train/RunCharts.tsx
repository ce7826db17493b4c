import { useTranslation } from 'react-i18next';
import type { Series } from '../../../../shared/schemas/training';
import { metricByName } from '../../../../shared/metrics';
import { metricDisplayName, metricFamilyName } from '../../format';
import { overfitRegion } from './overfit';
import { SeriesChart } from './SeriesChart';

/** Epoch metric families: each chart shows the training value and its validation twin. */
function families(keys: string[]): string[] {
  const bases = new Set<string>();
  for (const k of keys) {
    if (k.startsWith('batch/') || k.startsWith('sys/') || k === 'lr') continue;
    bases.add(k.startsWith('val_') ? k.slice(4) : k);
  }
  return [...bases].sort((a, b) => (a === 'loss' ? -1 : b === 'loss' ? 1 : a.localeCompare(b)));
}

/** The range a metric can take, so its axis stays inside it (accuracy never past 1, a loss never below 0). */
export function metricBounds(base: string): { min?: number; max?: number } | undefined {
  if (base === 'loss') return { min: 0 };
  const info = metricByName.get(base);
  if (!info) return undefined;
  return { ...(Number.isFinite(info.min) ? { min: info.min } : {}), ...(Number.isFinite(info.max) ? { max: info.max } : {}) };
}

/**
 * A run's charts: loss per batch, each metric per epoch (train and validation) with the best epoch marked and
 * the epochs where validation loss rises while training loss falls shaded, learning rate, system.
 */
export function RunCharts({ series, bestEpoch = null }: { series: Series[]; bestEpoch?: number | null }) {
  const { t } = useTranslation('train');
  const byKey = new Map(series.map((s) => [s.key, s]));
  const batch = byKey.get('batch/loss');
  const lines = (keys: string[]) =>
    keys.flatMap((k, i) => (byKey.get(k) ? [{ series: byKey.get(k)!, label: k.startsWith('val_') ? t('chart.validation') : t('chart.training'), colorIndex: i }] : []));
  const sys = ['sys/cpu_pct', 'sys/rss_mb', 'sys/samples_per_s'].filter((k) => byKey.has(k));
  const trainLoss = byKey.get('loss');
  const valLoss = byKey.get('val_loss');
  const overfit = trainLoss && valLoss && trainLoss.x.join() === valLoss.x.join() ? overfitRegion(valLoss.x, trainLoss.y, valLoss.y) : null;
  const markers = bestEpoch !== null ? [{ x: bestEpoch, label: t('chart.best', { epoch: bestEpoch }) }] : [];
  const shaded = overfit ? [{ ...overfit, label: t('chart.overfitShort') }] : [];
  return (
    <div className="stack">
      <div className="card">
        <SeriesChart
          title={t('chart.batchLoss')}
          lines={batch ? [{ series: batch, label: metricDisplayName('loss') }] : []}
          xLabel={t('chart.step')}
          testId="chart-batch-loss"
          height={220}
        />
      </div>
      <div className="grid-2">
        {families(series.map((s) => s.key)).map((base) => (
          <div className="card" key={base}>
            <SeriesChart
              title={t('chart.perEpoch', { metric: metricFamilyName(base) })}
              lines={lines([base, `val_${base}`])}
              xLabel={t('chart.epoch')}
              testId={`chart-${base}`}
              height={220}
              yBounds={metricBounds(base)}
              markers={markers}
              shaded={shaded}
              note={overfit && base === 'loss' ? t('chart.overfitNote', { from: overfit.from, to: overfit.to }) : undefined}
            />
          </div>
        ))}
        {byKey.has('lr') && (
          <div className="card">
            <SeriesChart
              title={t('chart.learningRate')}
              lines={[{ series: byKey.get('lr')!, label: t('chart.learningRate'), colorIndex: 3 }]}
              xLabel={t('chart.epoch')}
              height={220}
            />
          </div>
        )}
      </div>
      {sys.length > 0 && (
        <div className="card">
          <h2>{t('run.system')}</h2>
          <div className="grid-3">
            {sys.map((k, i) => (
              <SeriesChart
                key={k}
                title={t(`chart.${k.slice(4)}`)}
                lines={[{ series: byKey.get(k)!, label: t(`chart.${k.slice(4)}`), colorIndex: i + 2 }]}
                xLabel={t('chart.epoch')}
                height={160}
              />
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

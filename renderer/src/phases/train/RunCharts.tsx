import { useTranslation } from 'react-i18next';
import type { Series } from '../../../../shared/schemas/training';
import { CanvasSeriesChart } from './CanvasSeriesChart';
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

/** A run's charts: loss per batch, each metric per epoch (train and validation), learning rate, system. */
export function RunCharts({ series }: { series: Series[] }) {
  const { t } = useTranslation('train');
  const byKey = new Map(series.map((s) => [s.key, s]));
  const batch = byKey.get('batch/loss');
  const lines = (keys: string[]) => keys.flatMap((k, i) => (byKey.get(k) ? [{ series: byKey.get(k)!, label: k.startsWith('val_') ? t('chart.validation') : t('chart.training'), colorIndex: i }] : []));
  const sys = ['sys/cpu_pct', 'sys/rss_mb', 'sys/samples_per_s'].filter((k) => byKey.has(k));
  return (
    <div className="stack">
      <div className="card">
        <CanvasSeriesChart title={t('chart.batchLoss')} lines={batch ? [{ series: batch, label: 'loss' }] : []} xLabel={t('chart.step')} testId="chart-batch-loss" height={220} />
      </div>
      <div className="grid-2">
        {families(series.map((s) => s.key)).map((base) => (
          <div className="card" key={base}>
            <SeriesChart title={t('chart.perEpoch', { metric: base })} lines={lines([base, `val_${base}`])} xLabel={t('chart.epoch')} testId={`chart-${base}`} height={220} />
          </div>
        ))}
        {byKey.has('lr') && (
          <div className="card">
            <SeriesChart title={t('chart.learningRate')} lines={[{ series: byKey.get('lr')!, label: t('chart.learningRate'), colorIndex: 3 }]} xLabel={t('chart.epoch')} height={220} />
          </div>
        )}
      </div>
      {sys.length > 0 && (
        <div className="card">
          <h2>{t('run.system')}</h2>
          <div className="grid-3">
            {sys.map((k, i) => (
              <SeriesChart key={k} title={t(`chart.${k.slice(4)}`)} lines={[{ series: byKey.get(k)!, label: t(`chart.${k.slice(4)}`), colorIndex: i + 2 }]} xLabel={t('chart.epoch')} height={160} />
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

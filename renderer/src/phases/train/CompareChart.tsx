import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunSummary, Series } from '../../../../shared/schemas/training';
import { CanvasLineChart, type CanvasSeries, type ChartMarker } from '../../charts/canvas/CanvasLineChart';
import { runColour, runDash } from '../../charts/canvas/palette';
import { fmtInt, fmtNumber } from './run-format';
import { metricDisplayName } from '../../format';

/** Above this many runs the compare charts carry no legend: the runs table's swatches name the lines. */
export const LEGEND_MAX_RUNS = 5;

interface Props {
  metricKey: string;
  runs: RunSummary[];
  /** This key's series, any order; drawn in the order of `runs` (the table's order). */
  series: Series[];
  /** The shared buckets of this key (from run.compare with width), for the hover window. */
  grid?: { from: number; to: number; count: number };
  onPlotWidth?: (px: number) => void;
}

/**
 * One compared metric: every run's line in its table colour (and dash pattern as a second signal), no
 * dots, each run's best epoch marked on epoch charts, a tooltip that lists every run at the hovered step.
 */
export const CompareChart = memo(function CompareChart({ metricKey, runs, series, grid, onPlotWidth }: Props) {
  const { t, i18n } = useTranslation(['train', 'compare']);
  const batch = metricKey.startsWith('batch/');
  const lines = useMemo((): CanvasSeries[] => {
    const byRun = new Map(series.map((s) => [s.runId, s]));
    return runs.flatMap((r, i) => {
      const s = byRun.get(r.id);
      return s ? [{ id: r.id, label: r.name, x: s.x, y: s.y, colour: runColour(i), dash: runDash(i) }] : [];
    });
  }, [runs, series]);
  const markers = useMemo((): ChartMarker[] => (batch ? [] : runs.flatMap((r) => (r.bestEpoch !== null ? [{ seriesId: r.id, x: r.bestEpoch }] : []))), [batch, runs]);
  const reduced = series.filter((s) => s.downsampled);
  const title = batch ? t('chart.batchLoss') : metricDisplayName(metricKey);
  return (
    <section className="chart-card" data-testid={`compare-chart-${metricKey}`} data-downsampled={reduced.length > 0 || undefined}>
      <h3>{title}</h3>
      <CanvasLineChart
        series={lines}
        height={230}
        xLabel={batch ? t('chart.step') : t('chart.epoch')}
        formatX={fmtInt}
        formatY={(v) => fmtNumber(v, 4)}
        locale={i18n.language}
        legend={runs.length <= LEGEND_MAX_RUNS}
        markers={markers}
        tolerance={grid && grid.count > 0 ? (grid.to - grid.from) / grid.count : 0}
        label={t('compare:chart.label', { metric: title, count: lines.length })}
        emptyText={t('chart.empty')}
        onPlotWidth={onPlotWidth}
        footnote={
          reduced.length > 0 || markers.length > 0 ? (
            <>
              {reduced.length > 0 && (
                <span className="compare-shared-note">
                  {t('compare:chart.shared', { total: fmtInt(Math.max(...reduced.map((s) => s.total))), shown: fmtInt(Math.max(...reduced.map((s) => s.x.length))) })}
                </span>
              )}
              {markers.length > 0 && <span>{t('compare:chart.bestMarked')}</span>}
            </>
          ) : undefined
        }
      />
    </section>
  );
});

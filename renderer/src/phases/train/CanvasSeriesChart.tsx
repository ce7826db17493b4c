import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CanvasLineChart, type CanvasSeries } from '../../charts/canvas/CanvasLineChart';
import { chartColors } from '../../theme';
import { fmtInt, fmtNumber } from './run-format';
import { downsampledNote, type LabelledSeries } from './SeriesChart';

interface Props {
  title: string;
  lines: LabelledSeries[];
  xLabel: string;
  testId?: string;
  height?: number;
}

/**
 * SeriesChart for long series (the loss per batch): the same card, title and downsampling note, the lines
 * drawn on a canvas so that thousands of points (live, four times a second) stay cheap to draw.
 */
export const CanvasSeriesChart = memo(function CanvasSeriesChart({ title, lines, xLabel, testId, height }: Props) {
  const { t, i18n } = useTranslation('train');
  const series = useMemo((): CanvasSeries[] => {
    const colours = chartColors().series;
    const palette = colours.length || 1;
    return lines.map((l, i) => ({
      id: `${l.series.runId}:${l.series.key}`,
      label: l.label,
      x: l.series.x,
      y: l.series.y,
      colour: colours[(l.colorIndex ?? i) % palette] || '#2f6fde',
      dash: l.dashed ? [5, 4] : [],
    }));
  }, [lines]);
  const reduced = lines.filter((l) => l.series.downsampled);
  const footnote = downsampledNote(reduced, t);
  return (
    <section className="chart-card" data-testid={testId} data-downsampled={reduced.length > 0 || undefined}>
      <h3>{title}</h3>
      <CanvasLineChart
        series={series}
        height={height}
        xLabel={xLabel}
        formatX={fmtInt}
        formatY={(v) => fmtNumber(v, 4)}
        locale={i18n.language}
        legend={lines.length > 1}
        label={title}
        emptyText={t('chart.empty')}
        footnote={footnote && <span className="badge warn">{footnote}</span>}
      />
    </section>
  );
});

import type { TFunction } from 'i18next';
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Series } from '../../../../shared/schemas/training';
import { yAxisFor } from '../../charts/axis';
import { CanvasLineChart, type CanvasSeries } from '../../charts/canvas/CanvasLineChart';
import { chartColors } from '../../theme';
import { fmtInt, fmtNumber } from './run-format';

export interface LabelledSeries {
  series: Series;
  label: string;
  colorIndex?: number;
  dashed?: boolean;
}

/** A titled card with a line chart of core series; says when a series is a downsampled view. */
interface Props {
  title: string;
  lines: LabelledSeries[];
  xLabel: string;
  testId?: string;
  height?: number;
  /** Limits of the metric (accuracy: max 1): the axis never goes past them. */
  yBounds?: { min?: number; max?: number };
  markers?: { x: number; label: string }[];
  shaded?: { from: number; to: number; label: string }[];
  /** Shown under the chart (what the shading means). */
  note?: string;
}

/** Series up to this long get a dot at every point (a few epochs); longer ones are lines only. */
const DOTS_MAX = 30;
/** Past the theme's colours, lines get a dash pattern. */
const dashes = [[], [6, 3], [2, 3], [8, 3, 2, 3]];

/** Redraws only when a line's series object (or its label or colour) changed: live snapshots keep unchanged series. */
function same(a: Props, b: Props): boolean {
  return (
    a.title === b.title &&
    a.xLabel === b.xLabel &&
    a.height === b.height &&
    a.note === b.note &&
    JSON.stringify([a.yBounds, a.markers, a.shaded]) === JSON.stringify([b.yBounds, b.markers, b.shaded]) &&
    a.lines.length === b.lines.length &&
    a.lines.every((l, i) => l.series === b.lines[i].series && l.label === b.lines[i].label && l.colorIndex === b.lines[i].colorIndex && l.dashed === b.lines[i].dashed)
  );
}

/** "Showing N of M points (method)" under a chart whose series were downsampled; undefined when none was. */
export function downsampledNote(reduced: LabelledSeries[], t: TFunction): string | undefined {
  if (!reduced.length) return undefined;
  return t('chart.downsampled', {
    shown: fmtInt(Math.max(...reduced.map((l) => l.series.x.length))),
    total: fmtInt(Math.max(...reduced.map((l) => l.series.total))),
    method: reduced[0].series.method === 'minmax' ? t('chart.minmax') : t('chart.lttb'),
  });
}

const formatY = (v: number) => fmtNumber(v, 4);

/**
 * A run's metric over steps or epochs, drawn on a canvas (CanvasLineChart: a 200,000-point series, live four
 * times a second, costs what its pixels cost) with a y axis that stays inside the metric's bounds, the best
 * epoch ruled, the overfitting epochs shaded, a legend when it holds several lines and a table alternative.
 */
export const SeriesChart = memo(function SeriesChart({ title, lines, xLabel, testId, height, yBounds, markers, shaded, note }: Props) {
  const { t, i18n } = useTranslation('train');
  const series = useMemo((): CanvasSeries[] => {
    const colours = chartColors().series;
    const palette = colours.length || 1;
    return lines.map((l, i) => {
      const n = l.colorIndex ?? i;
      return {
        id: `${l.series.runId}:${l.series.key}`,
        label: l.label,
        x: l.series.x,
        y: l.series.y,
        colour: colours[n % palette] || '#2f6fde',
        dash: l.dashed ? [5, 4] : dashes[Math.floor(n / palette) % dashes.length],
        dots: l.series.x.length <= DOTS_MAX,
      };
    });
  }, [lines]);
  const yAxis = useMemo(
    () =>
      yAxisFor(
        lines.flatMap((l) => l.series.y),
        yBounds,
      ),
    [lines, yBounds],
  );
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
        formatY={formatY}
        locale={i18n.language}
        legend={lines.length > 1}
        label={title}
        emptyText={t('chart.empty')}
        yAxis={yAxis}
        rules={markers}
        shaded={shaded}
        footnote={
          (footnote || note) && (
            <>
              {note && <span data-testid="chart-note">{note} </span>}
              {footnote && <span className="badge warn">{footnote}</span>}
            </>
          )
        }
      />
    </section>
  );
}, same);

import type { TFunction } from 'i18next';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Series } from '../../../../shared/schemas/training';
import { LineSeriesChart, type LineSeries } from '../../charts/LineSeriesChart';
import { fmtInt } from './run-format';

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
  yBounds?: { min?: number; max?: number };
  markers?: { x: number; label: string }[];
  shaded?: { from: number; to: number; label: string }[];
  /** Shown under the chart (what the shading means). */
  note?: string;
}

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

export const SeriesChart = memo(function SeriesChart({ title, lines, xLabel, testId, height, yBounds, markers, shaded, note }: Props) {
  const { t } = useTranslation('train');
  const data: LineSeries[] = lines.map((l) => ({ id: `${l.series.runId}:${l.series.key}`, label: l.label, x: l.series.x, y: l.series.y, colorIndex: l.colorIndex, dashed: l.dashed }));
  const reduced = lines.filter((l) => l.series.downsampled);
  const footnote = downsampledNote(reduced, t);
  return (
    <section className="chart-card" data-testid={testId} data-downsampled={reduced.length > 0 || undefined}>
      <h3>{title}</h3>
      <LineSeriesChart
        series={data}
        xLabel={xLabel}
        footnote={(footnote || note) && (
          <>
            {note && <span data-testid="chart-note">{note} </span>}
            {footnote && <span className="badge warn">{footnote}</span>}
          </>
        )}
        emptyText={t('chart.empty')}
        height={height}
        yBounds={yBounds}
        markers={markers}
        shaded={shaded}
      />
    </section>
  );
}, same);

import type { ReactNode } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatFixed, formatNumber } from '../format';
import { chartColors } from '../theme';
import { yAxisFor } from './axis';
import { ChartTable, seriesRows } from './ChartTable';

/** One line: x and y arrays of the same length (already downsampled by the core when long). */
export interface LineSeries {
  id: string;
  label: string;
  x: number[];
  y: number[];
  /** An index into the theme's series colours (wraps; lines past the palette get a dash pattern). */
  colorIndex?: number;
  dashed?: boolean;
}

export interface LineSeriesChartProps {
  series: LineSeries[];
  xLabel?: string;
  height?: number;
  /** Formats y values in the axis and tooltip. */
  formatY?: (v: number) => string;
  formatX?: (v: number) => string;
  /** Shown under the chart, e.g. that a series is downsampled. */
  footnote?: ReactNode;
  /** Shown instead of the chart when no series has a point. */
  emptyText?: string;
  testId?: string;
  legend?: boolean;
  /** Limits of the metric (accuracy: max 1): the axis never goes past them. */
  yBounds?: { min?: number; max?: number };
  /** Vertical markers (the best epoch). */
  markers?: { x: number; label: string }[];
  /** Shaded x ranges (where the run overfits). */
  shaded?: { from: number; to: number; label: string }[];
  /** Horizontal limits (a charter criterion, a drift threshold): drawn across the whole plot and named on the
   * line, whatever the number of points; they are not data, so a chart with only limits shows `emptyText`. */
  thresholds?: { y: number; label: string; colorIndex?: number }[];
  /** The values are counts: whole-number ticks only. */
  integerY?: boolean;
}

const dashes = ['', '6 3', '2 3', '8 3 2 3'];
const compact = (v: number) => formatNumber(v, 3);
const precise = (v: number) => formatNumber(v, 4);

/**
 * Overlaid line series on a numeric x axis (steps, epochs). Animation is off so live updates stay cheap;
 * callers throttle how often they pass new arrays.
 */
export function LineSeriesChart({
  series,
  xLabel,
  height = 240,
  formatY,
  formatX = compact,
  footnote,
  emptyText,
  testId,
  legend,
  yBounds,
  markers = [],
  shaded = [],
  thresholds = [],
  integerY = false,
}: LineSeriesChartProps) {
  const colors = chartColors();
  const points = series.reduce((n, s) => n + s.x.length, 0);
  const showLegend = legend ?? series.length + thresholds.length > 1;
  const limitColor = (l: { colorIndex?: number }) => colors.series[(l.colorIndex ?? 3) % (colors.series.length || 1)];
  const axis = yAxisFor([...series.flatMap((s) => s.y), ...thresholds.map((l) => l.y)], yBounds, 5, integerY);
  // one number of decimals on every tick, in the UI language; the tooltip keeps more
  const tickY = formatY ?? (axis ? (v: number) => (Math.abs(v) !== 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e5) ? compact(v) : formatFixed(v, axis.decimals)) : compact);
  const tipY = formatY ?? precise;
  return (
    <figure
      className="line-chart"
      data-testid={testId}
      data-points={points}
      data-y-domain={axis ? axis.domain.join(' ') : undefined}
      data-marker={markers.map((m) => m.x).join(' ') || undefined}
      data-shaded={shaded.map((r) => `${r.from}-${r.to}`).join(' ') || undefined}
      data-thresholds={thresholds.map((l) => l.y).join(' ') || undefined}
      style={{ margin: 0 }}
    >
      {points === 0 ? (
        <div className="chart-empty muted small" style={{ height }}>
          {emptyText}
        </div>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <LineChart margin={{ top: 8, right: 16, bottom: xLabel ? 18 : 4, left: 4 }}>
            <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" />
            <XAxis
              type="number"
              dataKey="x"
              domain={['dataMin', 'dataMax']}
              allowDuplicatedCategory={false}
              tickFormatter={formatX}
              stroke={colors.text}
              tick={{ fontSize: 11, fill: colors.text }}
              label={xLabel ? { value: xLabel, position: 'insideBottom', offset: -10, fontSize: 11, fill: colors.text } : undefined}
            />
            <YAxis
              type="number"
              domain={axis ? axis.domain : ['auto', 'auto']}
              ticks={axis?.ticks}
              allowDataOverflow={Boolean(yBounds)}
              tickFormatter={tickY}
              stroke={colors.text}
              tick={{ fontSize: 11, fill: colors.text }}
              width={56}
            />
            {shaded.map((r) => (
              <ReferenceArea
                key={`area-${r.from}`}
                x1={r.from}
                x2={r.to}
                fill={colors.series[1 % (colors.series.length || 1)]}
                fillOpacity={0.12}
                ifOverflow="extendDomain"
                label={{ value: r.label, position: 'insideTop', fontSize: 10, fill: colors.text }}
              />
            ))}
            {markers.map((m) => (
              <ReferenceLine
                key={`mark-${m.x}`}
                x={m.x}
                stroke={colors.text}
                strokeDasharray="4 3"
                label={{ value: m.label, position: 'insideTopRight', fontSize: 10, fill: colors.text }}
              />
            ))}
            {thresholds.map((l) => (
              <ReferenceLine
                key={`limit-${l.y}-${l.label}`}
                y={l.y}
                stroke={limitColor(l)}
                strokeDasharray="5 4"
                strokeWidth={1.5}
                ifOverflow="extendDomain"
                label={showLegend ? undefined : { value: l.label, position: 'insideBottomRight', fontSize: 11, fill: limitColor(l) }}
              />
            ))}
            <Tooltip
              formatter={(v) => (typeof v === 'number' ? tipY(v) : String(v))}
              labelFormatter={(v) => (xLabel ? `${xLabel} ${formatX(Number(v))}` : formatX(Number(v)))}
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 12 }}
              labelStyle={{ color: 'var(--muted)' }}
            />
            {showLegend && <Legend verticalAlign="top" align="right" iconType="plainline" wrapperStyle={{ fontSize: 12 }} />}
            {series.map((s, i) => {
              const n = s.colorIndex ?? i;
              const palette = colors.series.length || 1;
              return (
                <Line
                  key={s.id}
                  data={s.x.map((x, j) => ({ x, y: s.y[j] }))}
                  dataKey="y"
                  name={s.label}
                  stroke={colors.series[n % palette]}
                  strokeDasharray={s.dashed ? '5 4' : dashes[Math.floor(n / palette) % dashes.length]}
                  strokeWidth={1.8}
                  dot={s.x.length <= 30 ? { r: 2.5, clipDot: false } : false}
                  isAnimationActive={false}
                  connectNulls
                />
              );
            })}
            {/* a limit is named in the legend (a line without points), where a label on the plot would collide with it */}
            {showLegend &&
              thresholds.map((l) => (
                <Line
                  key={`limit-legend-${l.y}-${l.label}`}
                  data={[]}
                  dataKey="y"
                  name={l.label}
                  stroke={limitColor(l)}
                  strokeDasharray="5 4"
                  legendType="plainline"
                  isAnimationActive={false}
                />
              ))}
          </LineChart>
        </ResponsiveContainer>
      )}
      {footnote && <figcaption className="small muted chart-note">{footnote}</figcaption>}
      {points > 0 && (
        <ChartTable
          label={series.map((s) => s.label).join(', ')}
          columns={[xLabel ?? 'x', ...series.map((s) => s.label)]}
          rows={() => seriesRows(series, formatX, tipY)}
          testId={testId}
        />
      )}
    </figure>
  );
}

import type { ReactNode } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { chartColors } from '../theme';
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
}

const dashes = ['', '6 3', '2 3', '8 3 2 3'];
const big = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const compact = (v: number) => (Math.abs(v) >= 1000 ? big.format(v) : Math.abs(v) < 0.01 && v !== 0 ? v.toPrecision(2) : String(Math.round(v * 1000) / 1000));

/**
 * Overlaid line series on a numeric x axis (steps, epochs). Animation is off so live updates stay cheap;
 * callers throttle how often they pass new arrays.
 */
export function LineSeriesChart({ series, xLabel, height = 240, formatY = compact, formatX = compact, footnote, emptyText, testId, legend }: LineSeriesChartProps) {
  const colors = chartColors();
  const points = series.reduce((n, s) => n + s.x.length, 0);
  const showLegend = legend ?? series.length > 1;
  return (
    <figure className="line-chart" data-testid={testId} data-points={points} style={{ margin: 0 }}>
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
            <YAxis type="number" domain={['auto', 'auto']} tickFormatter={formatY} stroke={colors.text} tick={{ fontSize: 11, fill: colors.text }} width={56} />
            <Tooltip
              formatter={(v) => (typeof v === 'number' ? formatY(v) : String(v))}
              labelFormatter={(v) => (xLabel ? `${xLabel} ${formatX(Number(v))}` : formatX(Number(v)))}
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 12 }}
              labelStyle={{ color: 'var(--muted)' }}
            />
            {showLegend && <Legend verticalAlign="top" align="right" height={24} iconType="plainline" wrapperStyle={{ fontSize: 12 }} />}
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
                  dot={s.x.length <= 30 ? { r: 2.5 } : false}
                  isAnimationActive={false}
                  connectNulls
                />
              );
            })}
          </LineChart>
        </ResponsiveContainer>
      )}
      {footnote && <figcaption className="small muted chart-note">{footnote}</figcaption>}
      {points > 0 && <ChartTable label={series.map((s) => s.label).join(', ')} columns={[xLabel ?? 'x', ...series.map((s) => s.label)]} rows={() => seriesRows(series, formatX, formatY)} testId={testId} />}
    </figure>
  );
}

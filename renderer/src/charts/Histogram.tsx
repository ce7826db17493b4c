import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { chartColors } from '../theme';
import i18next from 'i18next';
import { formatCount, formatNumber } from '../format';
import { ChartTable } from './ChartTable';

export interface HistogramProps {
  /** bin edges: one more than counts */
  edges: number[];
  counts: number[];
  height?: number;
  colorIndex?: number;
  /** formats bin edges (e.g. dates for datetime columns) */
  formatValue?: (v: number) => string;
  /** accessible name of the chart */
  label: string;
  testId?: string;
}

/** Decimals that tell bin edges apart without noise: about three significant digits of the range. */
function edgeDigits(edges: number[]): number {
  const range = Math.abs((edges[edges.length - 1] ?? 0) - (edges[0] ?? 0));
  if (!(range > 0)) return 2;
  return Math.max(0, Math.min(6, 2 - Math.floor(Math.log10(range))));
}

/** A histogram from bins the core already computed: one bar per bin, edges on the x axis. */
export function Histogram({ edges, counts, height = 160, colorIndex = 0, formatValue, label, testId }: HistogramProps) {
  const colors = chartColors();
  const digits = edgeDigits(edges);
  const fmt = formatValue ?? ((v: number) => formatNumber(v, digits));
  const data = counts.map((count, i) => ({ i, from: edges[i], to: edges[i + 1], count }));
  const color = colors.series[colorIndex % Math.max(1, colors.series.length)];
  return (
    <>
      <figure style={{ margin: '6px 0 0' }} role="img" aria-label={label} data-testid={testId} data-bins={counts.length}>
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={data} margin={{ top: 6, right: 8, bottom: 0, left: 0 }} barCategoryGap={1}>
            <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="i"
              tickFormatter={(i: number) => fmt(data[i]?.from ?? 0)}
              stroke={colors.text}
              tick={{ fontSize: 10, fill: colors.text }}
              interval="preserveStartEnd"
              minTickGap={12}
            />
            <YAxis allowDecimals={false} tickFormatter={(v: number) => formatNumber(v)} stroke={colors.text} tick={{ fontSize: 10, fill: colors.text }} width={40} />
            <Tooltip
              cursor={{ fill: 'var(--surface-2)' }}
              formatter={(v) => [formatCount(Number(v)), '']}
              separator=""
              labelFormatter={(i) => {
                const d = data[Number(i)];
                return d ? `${fmt(d.from)} – ${fmt(d.to)}` : '';
              }}
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 12 }}
              labelStyle={{ color: 'var(--muted)' }}
            />
            <Bar dataKey="count" fill={color} isAnimationActive={false} radius={[2, 2, 0, 0]} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <ChartTable
        label={label}
        columns={[i18next.t('chart-table:range'), i18next.t('chart-table:rows')]}
        rows={() => data.map((d) => [`${fmt(d.from)} – ${fmt(d.to)}`, formatCount(d.count)])}
        testId={testId}
      />
    </>
  );
}

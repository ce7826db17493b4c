import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { chartColors } from '../theme';
import i18next from 'i18next';
import { formatNumber, shortenAll } from '../format';
import { ChartTable } from './ChartTable';

export interface BarItem {
  label: string;
  value: number;
  /** an index into the theme's series colours; defaults to the chart's colour */
  colorIndex?: number;
}

export interface BarListProps {
  items: BarItem[];
  /** accessible name of the chart */
  label: string;
  colorIndex?: number;
  formatValue?: (v: number) => string;
  /** fixes the value axis (e.g. [0, 1] for fractions) */
  domain?: [number, number];
  /** width of the label column in pixels */
  labelWidth?: number;
  /** whole numbers only on the value axis (counts) */
  integer?: boolean;
  testId?: string;
}

/** Horizontal bars, one per labelled value (top-k frequencies, class balance, missing values per column). */
export function BarList({ items, label, colorIndex = 0, formatValue = (v) => formatNumber(v), domain, labelWidth = 110, integer, testId }: BarListProps) {
  const colors = chartColors();
  const palette = Math.max(1, colors.series.length);
  const height = Math.max(60, items.length * 24 + 28);
  // distinct short labels (two long names never shorten to the same); the tooltip shows the full one
  const shorts = shortenAll(
    items.map((x) => x.label),
    Math.floor(labelWidth / 7),
  );
  const shortOf = new Map(items.map((it, i) => [it.label, shorts[i]]));
  return (
    <>
      <figure style={{ margin: '6px 0 0' }} role="img" aria-label={label} data-testid={testId} data-bars={items.length}>
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={items} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 0 }} barCategoryGap={4}>
            <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" horizontal={false} />
            <XAxis
              type="number"
              allowDecimals={!integer}
              domain={domain ?? [0, 'auto']}
              tickFormatter={formatValue}
              stroke={colors.text}
              tick={{ fontSize: 10, fill: colors.text }}
            />
            <YAxis
              type="category"
              dataKey="label"
              width={labelWidth}
              tickFormatter={(v: string) => shortOf.get(String(v)) ?? String(v)}
              stroke={colors.text}
              tick={{ fontSize: 11, fill: colors.text }}
              interval={0}
            />
            <Tooltip
              cursor={{ fill: 'var(--surface-2)' }}
              formatter={(v) => [formatValue(Number(v)), '']}
              separator=""
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 12 }}
              labelStyle={{ color: 'var(--muted)' }}
            />
            <Bar dataKey="value" isAnimationActive={false} radius={[0, 3, 3, 0]}>
              {items.map((it, i) => (
                <Cell key={i} fill={colors.series[(it.colorIndex ?? colorIndex) % palette]} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <ChartTable
        label={label}
        columns={[i18next.t('chart-table:item'), i18next.t('chart-table:value')]}
        rows={() => items.map((it) => [it.label, formatValue(it.value)])}
        testId={testId}
      />
    </>
  );
}

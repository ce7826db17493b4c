import { CartesianGrid, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { chartColors } from '../theme';
import { formatNumber } from '../format';
import { ChartTable } from './ChartTable';

export interface ScatterPlotProps {
  x: number[];
  y: number[];
  xLabel: string;
  yLabel: string;
  /** accessible name of the chart */
  label: string;
  /** Draw the line y = x (predicted vs actual: points on it are exact). */
  identity?: boolean;
  height?: number;
  colorIndex?: number;
  testId?: string;
}

/** Round axis bounds and evenly spaced round ticks (1, 2 or 5 times a power of ten) covering [lo, hi]. */
function niceScale(lo: number, hi: number): { domain: [number, number]; ticks: number[] } {
  const raw = (hi - lo) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { domain: [start, end], ticks };
}

/** Points (already thinned by the core) on one shared scale for both axes, with an optional y = x reference line. */
export function ScatterPlot({ x, y, xLabel, yLabel, label, identity, height = 280, colorIndex = 0, testId }: ScatterPlotProps) {
  const colors = chartColors();
  const data = x.map((v, i) => ({ x: v, y: y[i] }));
  let lo = Math.min(...x, ...y);
  let hi = Math.max(...x, ...y);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  const { domain, ticks } = niceScale(lo, hi);
  const fmt = (v: number) => formatNumber(v, 2);
  return (
    <>
      <figure role="img" aria-label={label} data-testid={testId} data-points={data.length} style={{ margin: 0 }}>
        <ResponsiveContainer width="100%" height={height}>
          <ScatterChart margin={{ top: 8, right: 12, bottom: 22, left: 8 }}>
            <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" />
            <XAxis
              type="number"
              dataKey="x"
              name={xLabel}
              domain={domain}
              ticks={ticks}
              tickFormatter={fmt}
              stroke={colors.text}
              tick={{ fontSize: 11, fill: colors.text }}
              label={{ value: xLabel, position: 'insideBottom', offset: -14, fontSize: 11.5, fill: colors.text }}
            />
            <YAxis
              type="number"
              dataKey="y"
              name={yLabel}
              domain={domain}
              ticks={ticks}
              tickFormatter={fmt}
              stroke={colors.text}
              tick={{ fontSize: 11, fill: colors.text }}
              width={52}
              label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: 4, fontSize: 11.5, fill: colors.text, style: { textAnchor: 'middle' } }}
            />
            <Tooltip
              formatter={(v) => (typeof v === 'number' ? fmt(v) : String(v))}
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 12 }}
            />
            {identity && (
              <ReferenceLine
                segment={[
                  { x: domain[0], y: domain[0] },
                  { x: domain[1], y: domain[1] },
                ]}
                stroke={colors.text}
                strokeDasharray="5 4"
                ifOverflow="hidden"
              />
            )}
            <Scatter data={data} fill={colors.series[colorIndex % Math.max(1, colors.series.length)]} fillOpacity={0.6} isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      </figure>
      <ChartTable label={label} columns={[xLabel, yLabel]} rows={() => data.map((d) => [fmt(d.x), fmt(d.y)])} testId={testId} />
    </>
  );
}

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { chartColors } from '../theme';
import { formatNumber } from '../format';
import { ChartTable } from './ChartTable';
import './curve.css';

/** One curve: x and y of the same length (already thinned by the core when long). */
export interface Curve {
  id: string;
  label: string;
  x: number[];
  y: number[];
  colorIndex?: number;
  /** A reference line (chance, perfect calibration, baseline): dashed, in the muted colour. */
  reference?: boolean;
}

export interface CurveChartProps {
  curves: Curve[];
  xLabel: string;
  yLabel: string;
  /** accessible name of the chart */
  label: string;
  height?: number;
  /** Draw a dot on each point (for few points, e.g. calibration bins). */
  dots?: boolean;
  testId?: string;
}

const unit = [0, 1] as [number, number];

/** Curves on the unit square (ROC, precision-recall, calibration), with reference lines and both axis titles. */
export function CurveChart({ curves, xLabel, yLabel, label, height = 260, dots, testId }: CurveChartProps) {
  const colors = chartColors();
  const palette = Math.max(1, colors.series.length);
  const fmt = (v: number) => formatNumber(v, 2);
  const points = curves.filter((c) => !c.reference).reduce((n, c) => n + c.x.length, 0);
  return (
    <>
      <figure className="curve-chart" role="img" aria-label={label} data-testid={testId} data-points={points} style={{ margin: 0 }}>
        <ResponsiveContainer width="100%" height={height}>
          <LineChart margin={{ top: 8, right: 12, bottom: 22, left: 8 }}>
            <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" />
            <XAxis
              type="number"
              dataKey="x"
              domain={unit}
              ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]}
              tickFormatter={fmt}
              stroke={colors.text}
              tick={{ fontSize: 11, fill: colors.text }}
              label={{ value: xLabel, position: 'insideBottom', offset: -14, fontSize: 11.5, fill: colors.text }}
            />
            <YAxis
              type="number"
              dataKey="y"
              domain={unit}
              ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]}
              tickFormatter={fmt}
              stroke={colors.text}
              tick={{ fontSize: 11, fill: colors.text }}
              width={44}
              label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: 4, fontSize: 11.5, fill: colors.text, style: { textAnchor: 'middle' } }}
            />
            <Tooltip
              formatter={(v) => (typeof v === 'number' ? fmt(v) : String(v))}
              labelFormatter={(v) => `${xLabel}: ${fmt(Number(v))}`}
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 12 }}
              labelStyle={{ color: 'var(--muted)' }}
            />
            {curves.map((c, i) => (
              <Line
                key={c.id}
                data={c.x.map((x, j) => ({ x, y: c.y[j] }))}
                dataKey="y"
                name={c.label}
                type="linear"
                stroke={c.reference ? colors.text : colors.series[(c.colorIndex ?? i) % palette]}
                strokeDasharray={c.reference ? '5 4' : undefined}
                strokeWidth={c.reference ? 1.2 : 2}
                dot={dots && !c.reference ? { r: 3 } : false}
                activeDot={c.reference ? false : { r: 4 }}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
        <figcaption>
          <ul className="curve-legend">
            {curves.map((c, i) => (
              <li key={c.id}>
                <svg width="18" height="8" aria-hidden="true">
                  <line
                    x1="0"
                    y1="4"
                    x2="18"
                    y2="4"
                    stroke={c.reference ? colors.text : colors.series[(c.colorIndex ?? i) % palette]}
                    strokeWidth={c.reference ? 1.2 : 2.5}
                    strokeDasharray={c.reference ? '4 3' : undefined}
                  />
                </svg>
                {c.label}
              </li>
            ))}
          </ul>
        </figcaption>
      </figure>
      <ChartTable
        label={label}
        columns={['', xLabel, yLabel]}
        rows={() => curves.filter((c) => !c.reference).flatMap((c) => c.x.map((x, i) => [c.label, fmt(x), fmt(c.y[i])]))}
        testId={testId}
      />
    </>
  );
}

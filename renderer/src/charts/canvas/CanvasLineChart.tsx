import { useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { YAxis } from '../axis';
import { ChartTable, seriesRows } from '../ChartTable';
import { drawLines, toPx, toPy, type CanvasSeries, type Frame } from './draw';
import { extent, nearestIndex, niceTicks, padded, tickFormat, valuesAt } from './scale';
import './canvas-chart.css';

export type { CanvasSeries } from './draw';

/** A marked point of a line, e.g. the epoch whose weights a run keeps. */
export interface ChartMarker {
  seriesId: string;
  x: number;
}

export interface CanvasLineChartProps {
  series: CanvasSeries[];
  height?: number;
  xLabel?: string;
  /** Formats values in the tooltip (tick labels get the decimals their step needs). */
  formatX: (v: number) => string;
  formatY: (v: number) => string;
  /** The language of tick labels. */
  locale?: string;
  /** A legend above the plot, sized to its content (callers leave it out when a table names the lines). */
  legend?: boolean;
  markers?: ChartMarker[];
  /** Half the hover window in x units (the shared bucket width): series with a point this close are listed. */
  tolerance?: number;
  /** A short description for screen readers. */
  label: string;
  emptyText?: string;
  footnote?: ReactNode;
  testId?: string;
  /** Tells the caller the plot area's width in px (to ask the core for about two points per pixel column). */
  onPlotWidth?: (px: number) => void;
  /** A chosen y axis (charts/axis.ts yAxisFor: bounded metrics, round ticks); otherwise the data's range, padded. */
  yAxis?: YAxis | null;
  /** Vertical rules with a label (the best epoch of a run). */
  rules?: { x: number; label: string }[];
  /** Shaded x ranges with a label (where a run overfits). */
  shaded?: { from: number; to: number; label: string }[];
}

const M = { top: 8, right: 16, left: 58 };

/**
 * Overlaid lines on a numeric x axis, drawn on a canvas (a 200,000-point series costs what its pixels
 * cost), with SVG axes and an HTML tooltip that lists every line at the hovered position. After each
 * draw the figure carries data-drawn-at (performance.now()), read by the UI benchmark.
 */
export function CanvasLineChart({
  series,
  height = 240,
  xLabel,
  formatX,
  formatY,
  legend,
  markers = [],
  tolerance = 0,
  label,
  emptyText,
  footnote,
  testId,
  onPlotWidth,
  locale,
  yAxis,
  rules = [],
  shaded = [],
}: CanvasLineChartProps) {
  const figure = useRef<HTMLElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<{ px: number; x: number } | null>(null);
  const bottom = xLabel ? 36 : 22;
  const plotW = Math.max(10, width - M.left - M.right);
  const plotH = Math.max(10, height - M.top - bottom);
  const points = series.reduce((n, s) => n + s.x.length, 0);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    setWidth(Math.round(el.getBoundingClientRect().width));
    // the observer's own size: reading the element's would force another layout after each draw
    const ro = new ResizeObserver((entries) => setWidth(Math.round(entries[entries.length - 1].contentRect.width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  useLayoutEffect(() => {
    if (width && onPlotWidth) onPlotWidth(plotW);
  }, [width, plotW, onPlotWidth]);

  const frame = useMemo((): Frame | null => {
    const x = extent(series.map((s) => s.x));
    const y = extent(series.map((s) => s.y));
    if (!x || !y) return null;
    return { width: plotW, height: plotH, x: x.max > x.min ? x : { min: x.min - 1, max: x.max + 1 }, y: yAxis ? { min: yAxis.domain[0], max: yAxis.domain[1] } : padded(y) };
  }, [series, plotW, plotH, yAxis]);
  const marks = useMemo(() => {
    const out: { series: number; x: number; y: number }[] = [];
    for (const m of markers) {
      const i = series.findIndex((s) => s.id === m.seriesId);
      if (i < 0) continue;
      const j = nearestIndex(series[i].x, m.x);
      if (j >= 0 && series[i].x[j] === m.x) out.push({ series: i, x: m.x, y: series[i].y[j] });
    }
    return out;
  }, [markers, series]);

  useLayoutEffect(() => {
    if (!frame || !canvas.current || !width) return;
    const surface = marks.length ? getComputedStyle(canvas.current).getPropertyValue('--surface').trim() || '#fff' : '';
    drawLines(canvas.current, frame, series, marks, surface);
    const fig = figure.current;
    if (fig) {
      fig.dataset.drawnAt = String(performance.now());
      requestAnimationFrame(() => setTimeout(() => (fig.dataset.paintedAt = String(performance.now())), 0));
    }
  }, [frame, series, marks, width]);

  const xt = frame ? niceTicks(frame.x, Math.max(2, Math.floor(plotW / 90))) : null;
  const yt = frame ? (yAxis ? { ticks: yAxis.ticks, step: 1 } : niceTicks(frame.y, Math.max(2, Math.floor(plotH / 45)))) : null;
  const xf = useMemo(() => tickFormat(xt?.step ?? 1, locale), [xt?.step, locale]);
  const yf = useMemo(() => tickFormat(yt?.step ?? 1, locale, yAxis?.decimals), [yt?.step, locale, yAxis?.decimals]);
  const at = hover && frame ? valuesAt(series, hover.x, tolerance) : null;
  const hx = at?.find((p) => p)?.x;

  const move = (e: React.MouseEvent) => {
    if (!frame || !box.current) return;
    const px = e.clientX - box.current.getBoundingClientRect().left - M.left;
    if (px < 0 || px > plotW) return setHover(null);
    // snap to the nearest point of any line
    const x = frame.x.min + (px / plotW) * (frame.x.max - frame.x.min);
    let best = x;
    let gap = Infinity;
    for (const s of series) {
      const i = nearestIndex(s.x, x);
      if (i >= 0 && Math.abs(s.x[i] - x) < gap) ((gap = Math.abs(s.x[i] - x)), (best = s.x[i]));
    }
    setHover({ px, x: best });
  };

  return (
    <figure
      ref={figure}
      className="canvas-chart"
      data-testid={testId}
      data-points={points}
      data-lines={series.length}
      data-y-domain={frame && yAxis ? yAxis.domain.join(' ') : undefined}
      data-marker={rules.map((r) => r.x).join(' ') || undefined}
      data-shaded={shaded.map((r) => `${r.from}-${r.to}`).join(' ') || undefined}
      style={{ margin: 0 }}
    >
      {legend && series.length > 0 && (
        <ul className="chart-legend" data-testid="chart-legend">
          {series.map((s) => (
            <li key={s.id}>
              <LineSwatch colour={s.colour} dash={s.dash} />
              {s.label}
            </li>
          ))}
        </ul>
      )}
      <div ref={box} className="canvas-chart-box" style={{ height }} onMouseMove={move} onMouseLeave={() => setHover(null)}>
        {!frame ? (
          <div className="chart-empty muted small" style={{ height }}>
            {emptyText}
          </div>
        ) : !width ? null : (
          <>
            <svg className="canvas-chart-axes" width={width} height={height} aria-hidden="true">
              <g transform={`translate(${M.left},${M.top})`}>
                {shaded.map((r) => {
                  const x1 = Math.max(0, toPx(frame, r.from));
                  const x2 = Math.min(plotW, toPx(frame, r.to));
                  return (
                    <g key={`area-${r.from}`} className="shaded">
                      <rect x={x1} width={Math.max(0, x2 - x1)} height={plotH} />
                      <text x={(x1 + x2) / 2} y={12} textAnchor="middle">
                        {r.label}
                      </text>
                    </g>
                  );
                })}
                {yt!.ticks.map((v) => (
                  <g key={`y${v}`} transform={`translate(0,${toPy(frame, v)})`}>
                    <line className="grid" x2={plotW} />
                    <text x={-6} dy="0.32em" textAnchor="end">
                      {yf(v)}
                    </text>
                  </g>
                ))}
                {xt!.ticks.map((v) => (
                  <g key={`x${v}`} transform={`translate(${toPx(frame, v)},0)`}>
                    <line className="grid" y2={plotH} />
                    <text y={plotH + 14} textAnchor="middle">
                      {xf(v)}
                    </text>
                  </g>
                ))}
                {rules.map((r) => {
                  const x = toPx(frame, r.x);
                  const right = x > plotW / 2;
                  return (
                    <g key={`rule-${r.x}`} className="rule">
                      <line x1={x} x2={x} y2={plotH} />
                      <text x={right ? x - 4 : x + 4} y={10} textAnchor={right ? 'end' : 'start'}>
                        {r.label}
                      </text>
                    </g>
                  );
                })}
                <line className="axis" y1={plotH} x2={plotW} y2={plotH} />
                <line className="axis" y2={plotH} />
                {xLabel && (
                  <text className="label" x={plotW / 2} y={plotH + 30} textAnchor="middle">
                    {xLabel}
                  </text>
                )}
                {hx !== undefined && (
                  <g className="hover">
                    <line y2={plotH} x1={toPx(frame, hx)} x2={toPx(frame, hx)} />
                    {at!.map((p, i) => p && <circle key={series[i].id} cx={toPx(frame, p.x)} cy={toPy(frame, p.y)} r={3.5} style={{ fill: series[i].colour }} />)}
                  </g>
                )}
              </g>
            </svg>
            <canvas ref={canvas} role="img" aria-label={label} style={{ left: M.left, top: M.top, width: plotW, height: plotH }} />
            {hx !== undefined && (
              <div
                className="chart-tooltip"
                data-testid="chart-tooltip"
                style={hover!.px > plotW / 2 ? { right: width - M.left - hover!.px + 12 } : { left: M.left + hover!.px + 12 }}
              >
                <div className="muted">{xLabel ? `${xLabel} ${formatX(hx)}` : formatX(hx)}</div>
                <ul>
                  {at!.map(
                    (p, i) =>
                      p && (
                        <li key={series[i].id} data-testid="tooltip-run">
                          <LineSwatch colour={series[i].colour} dash={series[i].dash} />
                          <span className="grow">{series[i].label}</span>
                          <strong>{formatY(p.y)}</strong>
                        </li>
                      ),
                  )}
                </ul>
              </div>
            )}
          </>
        )}
      </div>
      {footnote && <figcaption className="small muted chart-note">{footnote}</figcaption>}
      {points > 0 && (
        <ChartTable
          label={label}
          columns={[xLabel ?? 'x', ...series.map((s) => s.label)]}
          rows={() =>
            seriesRows(
              series.map((s) => ({ x: Array.from(s.x), y: Array.from(s.y) })),
              formatX,
              formatY,
            )
          }
          testId={testId}
        />
      )}
    </figure>
  );
}

/** A short line in a run's colour and dash pattern: the key of a line in legends, tooltips and tables. */
export function LineSwatch({ colour, dash }: { colour: string; dash: number[] }) {
  return (
    <svg className="line-swatch" width="22" height="10" aria-hidden="true">
      <line x1="1" y1="5" x2="21" y2="5" style={{ stroke: colour }} strokeWidth="2.5" strokeDasharray={dash.length ? dash.join(' ') : undefined} />
    </svg>
  );
}

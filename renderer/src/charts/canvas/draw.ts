import { traceLine, type Frame } from './trace.js';

export { toPx, toPy, type Frame } from './trace.js';

/** A line as the canvas layer draws it. */
export interface CanvasSeries {
  id: string;
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  colour: string;
  /** Dash pattern in px (empty: solid). */
  dash: number[];
  /** A dot at every point (short series, e.g. a few epochs). */
  dots?: boolean;
}

const LINE_WIDTH = 1.6;

/**
 * Draws every line on one canvas (device-pixel sharp): per line one stroked polyline and one bar per
 * pixel column that holds several points (see traceLine); lines with `dots` get a dot at every point.
 */
export function drawLines(canvas: HTMLCanvasElement, f: Frame, series: CanvasSeries[], markers: { series: number; x: number; y: number }[], surface: string): void {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(f.width * ratio));
  const h = Math.max(1, Math.round(f.height * ratio));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, f.width, f.height);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  ctx.lineWidth = LINE_WIDTH;
  const half = LINE_WIDTH / 2;
  const sx = f.width / (f.x.max - f.x.min || 1);
  const sy = f.height / (f.y.max - f.y.min || 1);
  for (const s of series) {
    if (!Math.min(s.x.length, s.y.length)) continue;
    const bars: number[] = [];
    ctx.beginPath();
    traceLine(s.x, s.y, f, ratio, { move: (x, y) => ctx.moveTo(x, y), line: (x, y) => ctx.lineTo(x, y), bar: (x, lo, hi) => bars.push(x, lo, hi) }, s.dash);
    ctx.strokeStyle = s.colour;
    ctx.fillStyle = s.colour;
    ctx.setLineDash(s.dash);
    ctx.stroke();
    for (let i = 0; i < bars.length; i += 3) ctx.fillRect(bars[i] - half, bars[i + 1] - half, LINE_WIDTH, bars[i + 2] - bars[i + 1] + LINE_WIDTH);
    if (s.dots) {
      ctx.beginPath();
      for (let i = 0; i < s.x.length; i++) {
        if (s.y[i] !== s.y[i]) continue;
        const px = (s.x[i] - f.x.min) * sx;
        const py = f.height - (s.y[i] - f.y.min) * sy;
        ctx.moveTo(px + 2.5, py);
        ctx.arc(px, py, 2.5, 0, Math.PI * 2);
      }
      ctx.fill();
    }
  }
  ctx.setLineDash([]);
  for (const m of markers) {
    const s = series[m.series];
    if (!s) continue;
    const px = (m.x - f.x.min) * sx;
    const py = f.height - (m.y - f.y.min) * sy;
    ctx.beginPath();
    ctx.arc(px, py, 4.5, 0, Math.PI * 2);
    ctx.fillStyle = surface;
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = s.colour;
    ctx.stroke();
  }
}

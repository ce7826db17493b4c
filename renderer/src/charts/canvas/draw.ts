import type { Domain } from './scale';

/** A line as the canvas layer draws it. */
export interface CanvasSeries {
  id: string;
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  colour: string;
  /** Dash pattern in px (empty: solid). */
  dash: number[];
}

export interface Frame {
  /** Plot area inside the canvas, in CSS px. */
  width: number;
  height: number;
  x: Domain;
  y: Domain;
}

export const toPx = (f: Frame, x: number) => ((x - f.x.min) / (f.x.max - f.x.min || 1)) * f.width;
export const toPy = (f: Frame, y: number) => f.height - ((y - f.y.min) / (f.y.max - f.y.min || 1)) * f.height;

/**
 * Draws every line on one canvas (device-pixel sharp). Consecutive points that land on the same pixel
 * column are merged into one vertical stroke from their lowest to their highest pixel, so the cost follows
 * the plot's width rather than the number of points; nothing is lost to the eye.
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
  const sx = f.width / (f.x.max - f.x.min || 1);
  const sy = f.height / (f.y.max - f.y.min || 1);
  for (const s of series) {
    const n = Math.min(s.x.length, s.y.length);
    if (!n) continue;
    ctx.beginPath();
    ctx.strokeStyle = s.colour;
    ctx.lineWidth = 1.6;
    ctx.setLineDash(s.dash);
    let col = NaN;
    let lo = 0;
    let hi = 0;
    let last = 0;
    let started = false;
    for (let i = 0; i < n; i++) {
      const yv = s.y[i];
      if (yv !== yv) continue; // NaN: skip the point
      const px = (s.x[i] - f.x.min) * sx;
      const py = f.height - (yv - f.y.min) * sy;
      const c = Math.round(px * ratio);
      if (started && c === col) {
        if (py < lo) lo = py;
        if (py > hi) hi = py;
        last = py;
        continue;
      }
      if (started && hi - lo > 0.5) {
        // the previous column: its full vertical extent, ending where its last point was
        ctx.lineTo(col / ratio, lo);
        ctx.lineTo(col / ratio, hi);
        ctx.lineTo(col / ratio, last);
      }
      if (!started) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
      started = true;
      col = c;
      lo = hi = last = py;
    }
    if (started && hi - lo > 0.5) {
      ctx.lineTo(col / ratio, lo);
      ctx.lineTo(col / ratio, hi);
      ctx.lineTo(col / ratio, last);
    }
    ctx.stroke();
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

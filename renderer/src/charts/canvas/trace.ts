/** Geometry of the canvas lines (pure functions, no DOM): the plot frame and how a line becomes a path. */
import type { Domain } from './scale.js';

export interface Frame {
  /** Plot area inside the canvas, in CSS px. */
  width: number;
  height: number;
  x: Domain;
  y: Domain;
}

export const toPx = (f: Frame, x: number) => ((x - f.x.min) / (f.x.max - f.x.min || 1)) * f.width;
export const toPy = (f: Frame, y: number) => f.height - ((y - f.y.min) / (f.y.max - f.y.min || 1)) * f.height;

/** Receives a line as the canvas draws it: a polyline (move, line) and vertical bars (a pixel column's extent). */
export interface Pen {
  move(x: number, y: number): void;
  line(x: number, y: number): void;
  bar(x: number, lo: number, hi: number): void;
}

/** Whether a dash pattern draws at `length` along the line (odd patterns repeat twice, as in canvas). */
export function dashOn(dash: number[], length: number): boolean {
  const pattern = dash.length % 2 ? [...dash, ...dash] : dash;
  const period = pattern.reduce((a, b) => a + b, 0);
  if (!(period > 0)) return true;
  let p = length % period;
  for (let i = 0; i < pattern.length; i++) {
    if (p < pattern[i]) return i % 2 === 0;
    p -= pattern[i];
  }
  return true;
}

/**
 * One line in plot pixels (CSS px; `ratio` device pixels each). Points that land on the same device-pixel
 * column become one vertical bar from their lowest to their highest pixel (every extreme stays visible),
 * and the polyline only enters and leaves the column (its first and last points), so both the path and
 * the raster cost follow the plot's width, not the number of points. Bars of a dashed line are drawn
 * only where the dash pattern is on (and wherever they show a spike), so the pattern stays visible. NaN values
 * are skipped.
 */
export function traceLine(xs: ArrayLike<number>, ys: ArrayLike<number>, f: Frame, ratio: number, pen: Pen, dash: number[] = []): void {
  const n = Math.min(xs.length, ys.length);
  const sx = f.width / (f.x.max - f.x.min || 1);
  const sy = f.height / (f.y.max - f.y.min || 1);
  let started = false;
  let col = NaN;
  let lo = 0;
  let hi = 0;
  let firstX = 0;
  let firstY = 0;
  let lastX = 0;
  let lastY = 0;
  let prevX = 0;
  let prevY = 0;
  let length = 0;
  const vertex = (x: number, y: number) => {
    if (started) {
      length += Math.hypot(x - prevX, y - prevY);
      pen.line(x, y);
    } else pen.move(x, y);
    prevX = x;
    prevY = y;
  };
  const close = () => {
    if (lastX !== firstX || lastY !== firstY) vertex(lastX, lastY);
    // in a dash gap, a bar is still drawn when it reaches past the polyline's own span by more than 3 px (a spike)
    if (hi - lo > 0.5 && (!dash.length || dashOn(dash, length) || hi - lo - Math.abs(lastY - firstY) > 3)) pen.bar(col / ratio, lo, hi);
  };
  for (let i = 0; i < n; i++) {
    const yv = ys[i];
    if (yv !== yv) continue; // NaN: skip the point
    const px = (xs[i] - f.x.min) * sx;
    const py = f.height - (yv - f.y.min) * sy;
    const c = Math.round(px * ratio);
    if (started && c === col) {
      if (py < lo) lo = py;
      if (py > hi) hi = py;
      lastX = px;
      lastY = py;
      continue;
    }
    if (started) close();
    vertex(px, py);
    started = true;
    col = c;
    lo = hi = firstY = lastY = py;
    firstX = lastX = px;
  }
  if (started) close();
}

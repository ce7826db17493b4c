/**
 * Small inline SVG charts for the self-contained HTML report: no scripts, no external assets.
 * Every text that can come from user data is escaped.
 */

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function num(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(1);
  if (a !== 0 && a < 1e-3) return v.toExponential(2);
  return Number(v.toPrecision(digits)).toString();
}

export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#4d7c0f', '#7c3aed', '#b45309'];

const W = 420;
const H = 320;
const M = { left: 56, right: 16, top: 16, bottom: 48 };

interface Axis {
  min: number;
  max: number;
  label: string;
}

function scale(axis: Axis, from: number, to: number) {
  const span = axis.max - axis.min || 1;
  return (v: number) => from + ((v - axis.min) / span) * (to - from);
}

function ticks(axis: Axis, n = 5): number[] {
  return Array.from({ length: n + 1 }, (_, i) => axis.min + ((axis.max - axis.min) * i) / n);
}

function frame(x: Axis, y: Axis, body: string, title: string): string {
  const sx = scale(x, M.left, W - M.right);
  const sy = scale(y, H - M.bottom, M.top);
  const grid = [
    ...ticks(x).map(
      (t) =>
        `<line x1="${sx(t)}" y1="${M.top}" x2="${sx(t)}" y2="${H - M.bottom}" class="grid"/><text x="${sx(t)}" y="${H - M.bottom + 14}" text-anchor="middle">${num(t, 3)}</text>`,
    ),
    ...ticks(y).map(
      (t) => `<line x1="${M.left}" y1="${sy(t)}" x2="${W - M.right}" y2="${sy(t)}" class="grid"/><text x="${M.left - 6}" y="${sy(t) + 4}" text-anchor="end">${num(t, 3)}</text>`,
    ),
  ].join('');
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}" xmlns="http://www.w3.org/2000/svg">
<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" class="plot"/>${grid}${body}
<text x="${(M.left + W - M.right) / 2}" y="${H - 10}" text-anchor="middle" class="axis">${esc(x.label)}</text>
<text x="14" y="${(M.top + H - M.bottom) / 2}" text-anchor="middle" class="axis" transform="rotate(-90 14 ${(M.top + H - M.bottom) / 2})">${esc(y.label)}</text></svg>`;
}

export interface LineSeries {
  name: string;
  x: number[];
  y: number[];
  color?: string;
  dashed?: boolean;
  /** Draw markers at each point (for sparse series such as calibration bins). */
  markers?: boolean;
}

/** Lines (and a legend) over fixed axes. */
export function lineChart(series: LineSeries[], x: Axis, y: Axis, title: string): string {
  const sx = scale(x, M.left, W - M.right);
  const sy = scale(y, H - M.bottom, M.top);
  const body = series
    .map((s, i) => {
      const color = s.color ?? PALETTE[i % PALETTE.length];
      const pts = s.x.map((v, j) => `${sx(v).toFixed(2)},${sy(s.y[j]).toFixed(2)}`).join(' ');
      const marks = s.markers ? s.x.map((v, j) => `<circle cx="${sx(v).toFixed(2)}" cy="${sy(s.y[j]).toFixed(2)}" r="3" fill="${color}"/>`).join('') : '';
      return `<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="${s.dashed ? 1 : 1.8}"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>${marks}`;
    })
    .join('');
  const legend = series
    .map((s, i) => {
      const color = s.color ?? PALETTE[i % PALETTE.length];
      const ly = M.top + 12 + i * 14;
      return `<line x1="${W - M.right - 150}" y1="${ly - 4}" x2="${W - M.right - 134}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/><text x="${W - M.right - 130}" y="${ly}" class="legend">${esc(s.name)}</text>`;
    })
    .join('');
  return frame(x, y, body + legend, title);
}

/** Points with the y = x line (predicted vs actual). */
export function scatterChart(xs: number[], ys: number[], xLabel: string, yLabel: string, title: string): string {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of [...xs, ...ys]) ((lo = Math.min(lo, v)), (hi = Math.max(hi, v)));
  if (!(hi > lo)) ((lo -= 1), (hi += 1));
  const pad = (hi - lo) * 0.05;
  const x = { min: lo - pad, max: hi + pad, label: xLabel };
  const y = { min: lo - pad, max: hi + pad, label: yLabel };
  const sx = scale(x, M.left, W - M.right);
  const sy = scale(y, H - M.bottom, M.top);
  const dots = xs.map((v, i) => `<circle cx="${sx(v).toFixed(1)}" cy="${sy(ys[i]).toFixed(1)}" r="2" class="dot"/>`).join('');
  const diag = `<line x1="${sx(x.min)}" y1="${sy(y.min)}" x2="${sx(x.max)}" y2="${sy(y.max)}" stroke="#64748b" stroke-dasharray="4 3"/>`;
  return frame(x, y, diag + dots, title);
}

/** Bars over bin edges. */
export function histogramChart(edges: number[], counts: number[], xLabel: string, yLabel: string, title: string): string {
  const top = Math.max(1, ...counts);
  const x = { min: edges[0], max: edges[edges.length - 1], label: xLabel };
  const y = { min: 0, max: top, label: yLabel };
  const sx = scale(x, M.left, W - M.right);
  const sy = scale(y, H - M.bottom, M.top);
  const bars = counts
    .map((c, i) => {
      const x0 = sx(edges[i]);
      const x1 = sx(edges[i + 1]);
      return `<rect x="${x0.toFixed(1)}" y="${sy(c).toFixed(1)}" width="${Math.max(0.5, x1 - x0 - 1).toFixed(1)}" height="${(sy(0) - sy(c)).toFixed(1)}" class="bar"><title>${num(edges[i])} … ${num(edges[i + 1])}: ${c}</title></rect>`;
    })
    .join('');
  return frame(x, y, bars, title);
}

/** A heat map of a matrix: colour from `shade` (0..1), text from `counts`. */
export function heatmap(counts: number[][], shade: number[][], labels: string[], rowTitle: string, colTitle: string, title: string): string {
  const n = labels.length;
  const cell = Math.max(18, Math.min(56, Math.floor(440 / Math.max(1, n))));
  const left = 110;
  const top = 28;
  const width = left + n * cell + 10;
  const height = top + n * cell + 90;
  const short = (s: string) => (s.length > 14 ? s.slice(0, 13) + '…' : s);
  const cells: string[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = shade[i][j];
      const light = Math.round(97 - v * 60);
      const fill = `hsl(217, 80%, ${light}%)`;
      const textColor = light < 60 ? '#fff' : '#0f172a';
      cells.push(
        `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${fill}" stroke="#fff"><title>${esc(labels[i])} → ${esc(labels[j])}: ${counts[i][j]} (${num(v * 100, 3)}%)</title></rect>` +
          (cell >= 24
            ? `<text x="${left + j * cell + cell / 2}" y="${top + i * cell + cell / 2 + 4}" text-anchor="middle" style="fill:${textColor}" class="cell">${counts[i][j]}</text>`
            : ''),
      );
    }
  }
  const rowLabels = labels.map((l, i) => `<text x="${left - 6}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end">${esc(short(l))}</text>`).join('');
  const colLabels = labels
    .map((l, j) => {
      const cx = left + j * cell + cell / 2;
      const cy = top + n * cell + 8;
      return `<text x="${cx}" y="${cy}" text-anchor="end" transform="rotate(-45 ${cx} ${cy})">${esc(short(l))}</text>`;
    })
    .join('');
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(title)}" xmlns="http://www.w3.org/2000/svg">
${cells.join('')}${rowLabels}${colLabels}
<text x="${left + (n * cell) / 2}" y="${height - 6}" text-anchor="middle" class="axis">${esc(colTitle)}</text>
<text x="${left + (n * cell) / 2}" y="16" text-anchor="middle" class="axis">${esc(rowTitle)} ↓</text></svg>`;
}

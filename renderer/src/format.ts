import i18next from 'i18next';

/**
 * The renderer's shared formatting, in the UI language (phases add only what is theirs: metric-format.ts,
 * run-format.ts, registry/display.ts).
 */

/** Numbers for axes and tables, in the UI language: compact for large or tiny values, up to `digits` decimals. */
export function formatNumber(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const abs = Math.abs(v);
  const lang = i18next.language || 'en';
  if (abs !== 0 && (abs >= 1e7 || abs < 10 ** -digits)) return v.toExponential(2);
  if (abs >= 10_000) return new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }).format(v);
  return new Intl.NumberFormat(lang, { maximumFractionDigits: abs >= 100 ? Math.min(1, digits) : digits }).format(v);
}

/** Whole counts with thousands separators. */
export function formatCount(n: number): string {
  return new Intl.NumberFormat(i18next.language || 'en').format(n);
}

/** A fraction as a percentage (0.153 -> "15.3 %" in the UI language). */
export function formatPercent(f: number, digits = 1): string {
  return new Intl.NumberFormat(i18next.language || 'en', { style: 'percent', maximumFractionDigits: digits }).format(f);
}

/** A date and time in the UI language, medium date and short time ("1 dic 2026, 15:04"); '—' for none. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(i18next.language || 'en', { dateStyle: 'medium', timeStyle: 'short' });
}

/** Shortens a label for an axis, keeping its start and end. */
export function shorten(text: string, max = 18): string {
  return text.length <= max ? text : `${text.slice(0, max - 7)}…${text.slice(-5)}`;
}

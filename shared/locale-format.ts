import { metricByName, splitMetricKey } from './metrics.js';

/**
 * The one locale-aware formatting of numbers, metric values and dates, for the renderer (in the UI
 * language, through renderer/src/format.ts) and the core (model cards and reports in their language).
 * Everything goes through Intl, so a screen never mixes '0.45' with '0,21' or '12/1/2026' with '1 dic 2026'.
 */

const cache = new Map<string, Intl.NumberFormat>();
function nf(lang: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(lang, options)));
  return f;
}

/** Date formatters too: a table row formats several dates, and building an Intl formatter costs more than using it. */
const dateCache = new Map<string, Intl.DateTimeFormat>();
function df(lang: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = dateCache.get(key);
  if (!f) dateCache.set(key, (f = new Intl.DateTimeFormat(lang, options)));
  return f;
}

const missing = (v: number | null | undefined): v is null | undefined => v === null || v === undefined || Number.isNaN(v);
const infinite = (v: number) => (v > 0 ? '∞' : '−∞');

/** Scientific notation in the language's own decimal mark: 5,53E-5 in Spanish. */
export function formatScientific(lang: string, v: number, digits = 2): string {
  return nf(lang, { notation: 'scientific', maximumFractionDigits: digits }).format(v);
}

/** A number with up to `digits` decimals (compact for large values, scientific for tiny ones); '—' for none. */
export function formatNumberIn(lang: string, v: number | null | undefined, digits = 3): string {
  if (missing(v)) return '—';
  if (!Number.isFinite(v)) return infinite(v);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs >= 1e7 || abs < 10 ** -digits)) return formatScientific(lang, v);
  if (abs >= 10_000) return nf(lang, { notation: 'compact', maximumFractionDigits: 1 }).format(v);
  return nf(lang, { maximumFractionDigits: abs >= 100 ? Math.min(1, digits) : digits }).format(v);
}

/** A number with exactly as many decimals as asked (axis ticks of one axis line up: 0,0010 0,0020). */
export function formatFixedIn(lang: string, v: number, decimals: number): string {
  return nf(lang, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(v);
}

/** Whole counts with thousands separators. */
export function formatCountIn(lang: string, n: number | null | undefined): string {
  if (missing(n)) return '—';
  return nf(lang, { maximumFractionDigits: 0 }).format(n);
}

/** A fraction as a percentage: 0.153 -> "15.3%" / "15,3 %". */
export function formatPercentIn(lang: string, f: number | null | undefined, digits = 1): string {
  if (missing(f)) return '—';
  if (!Number.isFinite(f)) return infinite(f);
  return nf(lang, { style: 'percent', maximumFractionDigits: digits }).format(f);
}

/** Metrics stored as a ratio but read as a percentage (MAPE 0.34 is "34 %"). */
export function isPercentMetric(name: string): boolean {
  return splitMetricKey(name.replace(/^val_/, '')).base === 'mape';
}

/**
 * A metric value: MAPE as a percentage, milliseconds and sizes with 2 decimals, counts whole, bounded
 * scores with 4 fixed decimals (a column of them lines up), anything else with up to 4.
 */
export function formatMetricIn(lang: string, name: string, v: number | null | undefined): string {
  if (missing(v)) return '—';
  if (!Number.isFinite(v)) return infinite(v);
  const base = splitMetricKey(name.replace(/^val_/, '')).base;
  if (base === 'mape') return formatPercentIn(lang, v, 2);
  if (base === 'param_count' || base === 'throughput_rows_s') return nf(lang, { maximumFractionDigits: 0 }).format(v);
  if (base.endsWith('_ms') || base === 'model_size_kb') return nf(lang, { maximumFractionDigits: 2 }).format(v);
  if (v !== 0 && Math.abs(v) < 1e-4) return formatScientific(lang, v);
  const info = metricByName.get(base);
  if (info && info.max <= 2 && info.min >= 0) return formatFixedIn(lang, v, 4);
  return nf(lang, { maximumFractionDigits: 4 }).format(v);
}

/** A date and time: medium date and short time ("1 dic 2026, 15:04"); '—' for none. */
export function formatDateTimeIn(lang: string, iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  return df(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A day: medium date ("1 dic 2026"). */
export function formatDayIn(lang: string, iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  return df(lang, { dateStyle: 'medium' }).format(new Date(iso));
}

/** A time of day ("15:04"; with seconds: "15:04:05"). */
export function formatTimeIn(lang: string, iso: string | number, seconds = false): string {
  return df(lang, seconds ? { timeStyle: 'medium' } : { timeStyle: 'short' }).format(new Date(iso));
}

/** A duration: 0 s, 42 s, 3 min 05 s, 1 h 02 min (seconds with one decimal under 10 s when asked). */
export function formatDurationIn(lang: string, ms: number | null | undefined, precise = false): string {
  if (missing(ms) || !Number.isFinite(ms)) return '—';
  if (precise && ms < 10_000) return `${nf(lang, { maximumFractionDigits: 1 }).format(Math.max(0, ms) / 1000)} s`;
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** A slice value or range bound: whole numbers whole, others with 4 significant digits, in the language's decimal mark. */
function sliceBound(lang: string, v: number): string {
  if (!Number.isFinite(v)) return infinite(v);
  return Number.isInteger(v) ? nf(lang, { maximumFractionDigits: 0 }).format(v) : nf(lang, { maximumSignificantDigits: 4 }).format(v);
}

/** A date slice's bound, as stored (UTC): a day ("1 mar 2024"), or a day and time when it is not midnight. */
function sliceDate(lang: string, v: number): string {
  const day = v % 86_400_000 === 0;
  return df(lang, day ? { dateStyle: 'medium', timeZone: 'UTC' } : { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(v));
}

/**
 * A slice's label in the language: a numeric range "[0.5, 1.2)" ("[0,5; 1,2)" where the decimal mark is a
 * comma, so the bounds stay apart), a date range "[1 mar 2024; 15 jun 2024)" (dates hold commas in some
 * languages, so ';' always), a single value, or the stored label of a category.
 * `missing`/`other` name the core's '(missing)' and '(other)' slices; `kind` is the slice report's.
 */
export function formatSliceLabelIn(
  lang: string,
  s: { label: string; lower: number | null; upper: number | null },
  names: { missing: string; other: string },
  kind: 'categorical' | 'numeric' | 'datetime' = 'numeric',
): string {
  if (s.label === '(missing)') return names.missing;
  if (s.label === '(other)') return names.other;
  if (s.lower === null || s.upper === null) return s.label;
  const bound = kind === 'datetime' ? sliceDate : sliceBound;
  if (s.lower === s.upper) return bound(lang, s.lower);
  const semicolon =
    kind === 'datetime' ||
    nf(lang, {})
      .formatToParts(0.5)
      .some((p) => p.type === 'decimal' && p.value === ',');
  return `[${bound(lang, s.lower)}${semicolon ? ';' : ','} ${bound(lang, s.upper)}${s.label.endsWith(']') ? ']' : ')'}`;
}

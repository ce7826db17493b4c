import i18next from 'i18next';
import {
  formatCountIn,
  formatDateTimeIn,
  formatDayIn,
  formatDurationIn,
  formatFixedIn,
  formatMetricIn,
  formatNumberIn,
  formatPercentIn,
  formatSliceLabelIn,
  formatTimeIn,
} from '../../shared/locale-format';
import { metricBaseName, metricName, paramName, paramValue, valueName, type ValueKind } from '../../shared/names';

/**
 * The renderer's one formatter, in the UI language: every number, date, metric value, metric and parameter
 * name and enum value on screen goes through here (the phases' own format files only re-export or combine
 * these). The rules live in shared/locale-format.ts and shared/names.ts, which the core's model cards use too.
 */

export const uiLanguage = () => i18next.language || 'en';

/** Numbers for axes and tables, in the UI language: compact for large or tiny values, up to `digits` decimals. */
export function formatNumber(v: number | null | undefined, digits = 3): string {
  return formatNumberIn(uiLanguage(), v, digits);
}

/** Exactly `decimals` decimals (axis ticks). */
export function formatFixed(v: number, decimals: number): string {
  return formatFixedIn(uiLanguage(), v, decimals);
}

/** Whole counts with thousands separators. */
export function formatCount(n: number | null | undefined): string {
  return formatCountIn(uiLanguage(), n);
}

/** A fraction as a percentage (0.153 -> "15.3 %" in the UI language). */
export function formatPercent(f: number | null | undefined, digits = 1): string {
  return formatPercentIn(uiLanguage(), f, digits);
}

/** A metric value in its own format (MAPE as a percentage, scores with 4 decimals, counts whole). */
export function formatMetricValue(name: string, v: number | null | undefined): string {
  return formatMetricIn(uiLanguage(), name, v);
}

/** A date and time in the UI language, medium date and short time ("1 dic 2026, 15:04"); '—' for none. */
export function formatDate(iso: string | number | null | undefined): string {
  return formatDateTimeIn(uiLanguage(), iso);
}

/** A day in the UI language ("1 dic 2026"). */
export function formatDay(iso: string | number | null | undefined): string {
  return formatDayIn(uiLanguage(), iso);
}

/** A time of day in the UI language. */
export function formatTime(iso: string | number, seconds = false): string {
  return formatTimeIn(uiLanguage(), iso, seconds);
}

/** 0 s, 42 s, 3 min 05 s, 1 h 02 min. */
export function formatDuration(ms: number | null | undefined, precise = false): string {
  return formatDurationIn(uiLanguage(), ms, precise);
}

/** A metric's display name ("val_accuracy" -> "Exactitud (validación)"). */
export const metricDisplayName = (key: string) => metricName(key, uiLanguage());
/** A metric's name without the validation form (chart titles). */
export const metricFamilyName = (key: string) => metricBaseName(key, uiLanguage());
/** A parameter's display name ("params.learningRate" -> "Tasa de aprendizaje"). */
export const paramDisplayName = (path: string) => paramName(path, uiLanguage());
/** A parameter value as the core reports it, in the UI language. */
export const paramDisplayValue = (path: string, raw: string | number | boolean | null | undefined) => paramValue(path, raw, uiLanguage());
/** An enum value's display name. */
export const valueDisplayName = (kind: ValueKind, value: string | boolean) => valueName(kind, value, uiLanguage());

/** Shortens a label for an axis, keeping its start and end. */
export function shorten(text: string, max = 18): string {
  return text.length <= max ? text : `${text.slice(0, max - 7)}…${text.slice(-5)}`;
}

/**
 * Short labels that stay distinct: labels that shorten to the same text ("Handwritten digit 1…", twice)
 * get their position appended, so two classes never show the same label. Full names go in a title/legend.
 */
export function shortenAll(texts: string[], max = 18): string[] {
  const short = texts.map((t) => shorten(t, max));
  const seen = new Map<string, number>();
  for (const s of short) seen.set(s, (seen.get(s) ?? 0) + 1);
  return short.map((s, i) => ((seen.get(s) ?? 0) > 1 ? `${shorten(texts[i], Math.max(6, max - 4))} #${i + 1}` : s));
}

/** A slice's label: a numeric range in the UI language's decimal mark ("[0,5; 1,2)" in Spanish). */
export function formatSliceLabel(
  s: { label: string; lower: number | null; upper: number | null },
  names: { missing: string; other: string },
  kind?: 'categorical' | 'numeric' | 'datetime',
): string {
  return formatSliceLabelIn(uiLanguage(), s, names, kind);
}

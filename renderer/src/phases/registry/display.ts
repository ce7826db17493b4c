import { formatDate, formatNumber, formatTime, uiLanguage } from '../../format';

/** Display helpers of the Registry phase: dates and numbers in the UI language. */

export function fmtDay(iso: string): string {
  return new Date(iso).toLocaleDateString(uiLanguage(), { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
}

export function fmtTime(iso: string): string {
  return formatTime(iso);
}

export function fmtMetric(v: number | null | undefined): string {
  return formatNumber(v, 4);
}

export { formatDate as fmtDateTime };

/** The first 12 characters of a content hash. */
export const shortHash = (hash: string) => hash.slice(0, 12);

import i18next from 'i18next';

/** Display helpers of the Registry phase: dates and numbers in the UI language. */

const locale = () => i18next.language || 'en';

export function fmtDay(iso: string): string {
  return new Date(iso).toLocaleDateString(locale(), { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
}

export function fmtTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
}

export function fmtMetric(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(2);
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 4 }).format(v);
}

/** The first 12 characters of a content hash. */
export const shortHash = (hash: string) => hash.slice(0, 12);


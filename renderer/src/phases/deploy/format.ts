import { formatDate, formatNumber, uiLanguage } from '../../format';

const locale = uiLanguage;

export function fmtBytes(n: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return new Intl.NumberFormat(locale(), { style: 'unit', unit: units[u], unitDisplay: 'short', maximumFractionDigits: u === 0 ? 0 : 1 }).format(v);
}

export function fmtDateTime(iso: string): string {
  return formatDate(iso);
}

export function fmtMetric(v: number): string {
  return formatNumber(v, 4);
}

/** Hands bytes the core produced to the user as a file download. */

export function fmtSci(v: number): string {
  return new Intl.NumberFormat(locale(), { notation: 'scientific', maximumFractionDigits: 1 }).format(v);
}

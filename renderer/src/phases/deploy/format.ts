import i18n from '../../i18n';

const locale = () => (i18n.language === 'es' ? 'es-ES' : 'en-GB');

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
  return new Date(iso).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });
}

export function fmtMetric(v: number): string {
  return new Intl.NumberFormat(locale(), { maximumSignificantDigits: 4 }).format(v);
}

/** Hands bytes the core produced to the user as a file download. */

export function fmtSci(v: number): string {
  return new Intl.NumberFormat(locale(), { notation: 'scientific', maximumFractionDigits: 1 }).format(v);
}

import i18next from 'i18next';
import type { RunStatus } from '../../../../shared/schemas/training';

/** Display formatting for the Train phase (numbers in the user's language, durations, status colours). */

const locale = () => i18next.language || 'en';

/** Intl formatters are costly to build (a table row formats several values): one per language and options. */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(kind: string, options: object, make: (l: string) => T): T {
  const key = `${locale()}|${kind}|${JSON.stringify(options)}`;
  let f = formatters.get(key) as T | undefined;
  if (!f) formatters.set(key, (f = make(locale())));
  return f;
}
const numbers = (o: Intl.NumberFormatOptions) => cached('n', o, (l) => new Intl.NumberFormat(l, o));

export function fmtNumber(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(2);
  return numbers({ maximumFractionDigits: digits }).format(v);
}

export function fmtInt(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return numbers({ maximumFractionDigits: 0 }).format(v);
}

export function fmtPercent(fraction: number): string {
  return numbers({ style: 'percent', maximumFractionDigits: 0 }).format(fraction);
}

/** 0 s, 42 s, 3 min 05 s, 1 h 02 min. */
export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function fmtDay(iso: string): string {
  return new Date(iso).toLocaleDateString(locale(), { dateStyle: 'medium' });
}

export function fmtShortDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return cached('d', { s: 1 }, (l) => new Intl.DateTimeFormat(l, { dateStyle: 'short', timeStyle: 'short' })).format(new Date(iso));
}

export function fmtShape(shape: number[]): string {
  return shape.length ? `[${shape.join(' × ')}]` : '—';
}

export const statusTone: Record<RunStatus, string> = {
  queued: '',
  running: 'accent',
  succeeded: 'ok',
  failed: 'bad',
  cancelled: 'warn',
  interrupted: 'warn',
};

/** The validation metric a run table and summary lead with, by task. */
export function primaryMetric(taskType: string): string {
  return taskType === 'regression' ? 'val_mae' : 'val_accuracy';
}

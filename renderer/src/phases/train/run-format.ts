import i18next from 'i18next';
import type { RunStatus } from '../../../../shared/schemas/training';

/** Display formatting for the Train phase (numbers in the user's language, durations, status colours). */

const locale = () => i18next.language || 'en';

export function fmtNumber(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(2);
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(v);
}

export function fmtInt(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(v);
}

export function fmtPercent(fraction: number): string {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
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
  return new Date(iso).toLocaleString(locale(), { dateStyle: 'short', timeStyle: 'short' });
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

import { formatCount, formatDate, formatDay, formatDuration, formatNumber, formatPercent } from '../../format';
import type { RunStatus } from '../../../../shared/schemas/training';

/** Display formatting for the Train phase: names kept for its components, all through renderer/src/format.ts. */

export function fmtNumber(v: number | null | undefined, digits = 4): string {
  return formatNumber(v, digits);
}

export function fmtInt(v: number | null | undefined): string {
  return formatCount(v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v));
}

export function fmtPercent(fraction: number): string {
  return formatPercent(fraction, 0);
}

/** 0 s, 42 s, 3 min 05 s, 1 h 02 min. */
export function fmtDuration(ms: number | null | undefined): string {
  return formatDuration(ms);
}

export function fmtDay(iso: string): string {
  return formatDay(iso);
}

export function fmtShortDate(iso: string | null | undefined): string {
  return formatDate(iso);
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

/** Which logged rows a monitoring call looks at: explicit dates, the newest N rows, or the last hours/days. */
import type { Db } from '../store/db.js';
import { monitorError } from './context.js';
import { newestLogTs, type LogFilter } from '../store/prediction-log-store.js';

export interface WindowInput {
  since?: string;
  until?: string;
  last?: number;
  lastHours?: number;
  lastDays?: number;
}

function iso(text: string, what: string): string {
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw monitorError('invalid_input', 'error.bad_date', { what, value: text }, `${what} "${text}" is not a date (use 2026-05-01 or 2026-05-01T12:00:00Z).`);
  return new Date(t).toISOString();
}

/**
 * The log filter for a model and window. Hours and days count back from the model's newest logged row
 * (not from now), so simulated streams with past or future timestamps work the same.
 */
export function logFilter(db: Db, base: { runId?: string; modelName?: string }, w: WindowInput): LogFilter {
  const f: LogFilter = { ...base };
  if (w.since) f.since = iso(w.since, 'since');
  if (w.until) f.until = iso(w.until, 'until');
  if (f.since && f.until && f.since >= f.until)
    throw monitorError('invalid_input', 'error.empty_window', { since: f.since, until: f.until }, `"since" (${f.since}) must come before "until" (${f.until}).`);
  if (w.lastHours || w.lastDays) {
    const col = base.runId ? 'run_id' : 'model_name';
    const ts = newestLogTs(db, col, base.runId ?? base.modelName);
    if (ts) {
      const end = Date.parse(ts) + 1;
      f.since = new Date(end - (w.lastHours ?? 0) * 3600e3 - (w.lastDays ?? 0) * 86400e3).toISOString();
    }
  }
  if (w.last) f.last = w.last;
  return f;
}

export function describeWindow(w: WindowInput): string {
  if (w.last) return `last ${w.last} rows`;
  if (w.lastHours) return `last ${w.lastHours} h`;
  if (w.lastDays) return `last ${w.lastDays} d`;
  if (w.since || w.until) return `${w.since ?? '…'} – ${w.until ?? '…'}`;
  return 'all logged rows';
}

/**
 * The one place that knows what "the database is busy" means and how to wait for it.
 *
 * Another process holding the workspace's write lock past the busy timeout makes a write throw
 * SQLITE_BUSY (or SQLITE_LOCKED, or an extended code such as SQLITE_BUSY_SNAPSHOT). Code that runs from
 * a timer, an event or a signal must not let that escape (it would end the process), and work that took
 * minutes should not be lost to it: retry, or keep it for later.
 */
import type { Db } from './db.js';

/**
 * How long a statement waits for another connection's write lock before it throws SQLITE_BUSY; every
 * connection to a workspace database is opened with it (db.ts).
 */
export const BUSY_TIMEOUT_MS = 10_000;

/** Runs `fn` with the connection's busy timeout set to `ms`, then back to BUSY_TIMEOUT_MS. */
export function withBusyTimeout<T>(db: Db, ms: number, fn: () => T): T {
  db.pragma(`busy_timeout = ${ms}`);
  try {
    return fn();
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

/** The store is locked by another process (past the busy timeout): the write can be tried again later. */
export function isBusy(err: unknown): boolean {
  const code = err && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : '';
  return /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
}

export interface RetryOptions {
  /** How many tries in all (each try already waited the connection's busy timeout). */
  tries?: number;
  /** Pause before the next try; with `growing`, multiplied by the try number. */
  delayMs?: number;
  growing?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a write, trying again after a pause while the database is busy; other errors (and the last busy one) are thrown. */
export async function retryBusy<T>(write: () => T, options: RetryOptions = {}): Promise<T> {
  const tries = options.tries ?? 5;
  const delay = options.delayMs ?? 250;
  for (let i = 1; ; i++) {
    try {
      return write();
    } catch (err) {
      if (!isBusy(err) || i >= tries) throw err;
      await sleep(options.growing === false ? delay : delay * i);
    }
  }
}

/** As retryBusy, but says false (instead of throwing) when the database stayed busy through every try. */
export async function whileBusy(write: () => unknown, options: RetryOptions = {}): Promise<boolean> {
  try {
    await retryBusy(write, options);
    return true;
  } catch (err) {
    if (isBusy(err)) return false;
    throw err;
  }
}

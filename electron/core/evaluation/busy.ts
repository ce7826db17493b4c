/**
 * Another process holding the workspace's write lock past the busy timeout makes a write throw
 * SQLITE_BUSY. Code that runs from a timer, an event or a signal must not let that escape (it would end
 * the process), and work that took minutes should not be lost to it: retry, or fall back.
 */

export function isBusy(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a write, trying again after a pause while the database is busy; other errors (and the last busy one) are thrown. */
export async function retryBusy<T>(write: () => T, options: { tries?: number; delayMs?: number } = {}): Promise<T> {
  const tries = options.tries ?? 5;
  for (let i = 1; ; i++) {
    try {
      return write();
    } catch (err) {
      if (!isBusy(err) || i >= tries) throw err;
      await sleep((options.delayMs ?? 250) * i);
    }
  }
}

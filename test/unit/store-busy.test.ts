/** A busy workspace database (another process holding the write lock) is waited out rather than failing the work. */
import { describe, expect, it } from 'vitest';
import { isBusy, retryBusy, whileBusy } from '../../electron/core/store/busy.js';

const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

describe('busy database', () => {
  it('retries a write until the lock is gone, and gives up with the error after the last try', async () => {
    let calls = 0;
    expect(
      await retryBusy(
        () =>
          ++calls < 3
            ? (() => {
                throw busy();
              })()
            : 'written',
        { delayMs: 1 },
      ),
    ).toBe('written');
    expect(calls).toBe(3);
    await expect(
      retryBusy(
        () => {
          throw busy();
        },
        { tries: 2, delayMs: 1 },
      ),
    ).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    let other = 0;
    await expect(
      retryBusy(
        () => {
          other++;
          throw new Error('disk full');
        },
        { delayMs: 1 },
      ),
    ).rejects.toThrow('disk full');
    expect(other).toBe(1); // only a busy database is worth waiting for
    expect([isBusy(busy()), isBusy(Object.assign(new Error('x'), { code: 'SQLITE_LOCKED' })), isBusy(new Error('x')), isBusy(null)]).toEqual([true, true, false, false]);
  });

  it('one rule for every caller: extended codes count as busy, and whileBusy says false instead of throwing', async () => {
    expect(isBusy(Object.assign(new Error('x'), { code: 'SQLITE_BUSY_SNAPSHOT' }))).toBe(true);
    expect(isBusy(Object.assign(new Error('x'), { code: 'SQLITE_BUSYNESS' }))).toBe(false);
    expect(
      await whileBusy(
        () => {
          throw busy();
        },
        { tries: 2, delayMs: 1 },
      ),
    ).toBe(false);
    expect(await whileBusy(() => 'ok', { delayMs: 1 })).toBe(true);
    await expect(
      whileBusy(
        () => {
          throw new Error('disk full');
        },
        { delayMs: 1 },
      ),
    ).rejects.toThrow('disk full');
  });
});

/**
 * A job that ends while another process holds the workspace's write lock: the runner waits for the lock
 * to write the job's end instead of an unhandled rejection ending the process.
 */
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import type { Services } from '../../electron/core/services.js';
import { tempDir, testServices } from '../helpers/workspace.js';

let s: Services;
afterAll(async () => s?.close());

it('writes the end of a job once the lock is released', async () => {
  s = testServices(tempDir());
  s.db.pragma('busy_timeout = 20');
  const other = new Database(s.db.name);
  try {
    const job = s.jobs.start({
      kind: 'test',
      run: async () => {
        other.prepare('BEGIN IMMEDIATE').run();
        setTimeout(() => other.prepare('COMMIT').run(), 500);
        return { answer: 42 };
      },
    });
    const done = await s.jobs.wait(job.id);
    expect(done).toMatchObject({ status: 'succeeded', result: { answer: 42 }, progress: 1 });
  } finally {
    if (other.inTransaction) other.prepare('ROLLBACK').run();
    other.close();
  }
});

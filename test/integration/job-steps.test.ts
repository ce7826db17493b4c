/**
 * A job's step: what it is doing now as a translatable key with params, stored with the job (so another
 * window or process reads it through job.get) and kept in step with the English message.
 */
import { afterAll, expect, it } from 'vitest';
import type { Services } from '../../electron/core/services.js';
import type { Job } from '../../shared/schemas/system.js';
import { tempDir, testServices } from '../helpers/workspace.js';

let s: Services;
afterAll(async () => s?.close());

it('stores the first step from the start and each reported step with its message', async () => {
  s = testServices(tempDir());
  const seen: (Job['step'] | undefined)[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const job = s.jobs.start({
    kind: 'test',
    step: { key: 'test:step.waiting', params: { run: 'run_1' } },
    run: async (ctx) => {
      await gate;
      ctx.progress(0.5, 'Scoring 3 rows', { key: 'test:step.scoring', params: { rows: 3 } });
      seen.push(s.jobs.get(ctx.jobId).step);
      await new Promise((r) => setTimeout(r, 250)); // past the write throttle
      ctx.progress(0.6, 'Something without a key');
      await new Promise((r) => setTimeout(r, 250));
      seen.push(s.jobs.get(ctx.jobId).step);
      ctx.progress(0.7); // no message: the step stays
      await new Promise((r) => setTimeout(r, 250));
      return { ok: true };
    },
  });
  expect(job.step).toEqual({ key: 'test:step.waiting', params: { run: 'run_1' } });
  expect(((await s.call('job.get', { id: job.id }, { door: 'test' })) as Job).step).toEqual({ key: 'test:step.waiting', params: { run: 'run_1' } });
  release();
  const done = await s.jobs.wait(job.id);
  expect(seen).toEqual([{ key: 'test:step.scoring', params: { rows: 3 } }, null]);
  expect(done.status).toBe('succeeded');
});

import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Services } from '../../electron/core/services.js';
import { testServices } from '../helpers/workspace.js';

// Encoding the rows (the long part of data preparation) is made to fail on request, to show
// where it runs: inside the training job, after train.start has returned the run and its job.
const encoding = vi.hoisted(() => ({ fail: null as string | null, calls: 0, fits: 0 }));
vi.mock('../../electron/core/training/preprocess.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../electron/core/training/preprocess.js')>();
  return {
    ...real,
    fitTablePreprocessing: (...args: Parameters<typeof real.fitTablePreprocessing>) => {
      encoding.fits++;
      return real.fitTablePreprocessing(...args);
    },
    encodeTable: (...args: Parameters<typeof real.encodeTable>) => {
      encoding.calls++;
      if (encoding.fail) throw new Error(encoding.fail);
      return real.encodeTable(...args);
    },
  };
});

describe('train.start prepares the data inside the job', () => {
  let s: Services;
  let projectId: string;
  const call = <T = any>(method: string, input: unknown) => s.call(method, input, { door: 'test' }) as Promise<T>;

  beforeAll(async () => {
    s = testServices();
    projectId = (await call('dataset.createSample', { sample: 'iris' })).projectId;
  });
  afterAll(async () => {
    await s.close();
    fs.rmSync(s.dataDir, { recursive: true, force: true });
  });

  it('returns the run and its job before any row is encoded; a failure while preparing ends the run as failed, with the error', async () => {
    encoding.fail = 'the data set file could not be read';
    encoding.calls = 0;
    const run = await call('train.start', { project: projectId, dataset: 'iris', params: { epochs: 2 } });
    expect(run).toMatchObject({ status: 'running', jobId: expect.any(String), inputShape: [4], classes: ['setosa', 'versicolor', 'virginica'] });
    const ended = await s.training.wait(run.id);
    expect(encoding.calls, JSON.stringify(ended)).toBeGreaterThan(0);
    expect(ended.status).toBe('failed');
    expect(ended.error).toMatchObject({ code: 'internal', message: 'the data set file could not be read' });
    expect((await call('job.get', { id: run.jobId })).status).toBe('failed');
  });

  it('after the Train phase has checked the design against the data, train.start does not learn the preprocessing again', async () => {
    const other = (await call('dataset.createSample', { sample: 'iris', projectName: 'Iris again' })).projectId;
    encoding.fail = 'stop before training';
    encoding.fits = 0;
    const templates = await call('train.templates', { project: other, dataset: 'iris' });
    const check = await call('train.designCheck', { project: other, dataset: 'iris', design: templates[0].design });
    expect(check.ok).toBe(true);
    expect(encoding.fits).toBe(1);
    const run = await call('train.start', { project: other, dataset: 'iris', params: { epochs: 1 } });
    expect(encoding.fits).toBe(1);
    expect((await s.training.wait(run.id)).status).toBe('failed');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { viewOf } from '../../electron/core/datasets/cells.js';
import { readSource } from '../../electron/core/datasets/importer.js';
import { profileTableWith } from '../../electron/core/datasets/profile.js';
import { numberTask, numberTaskCount, type NumberStatsJob, type NumberTaskResult } from '../../electron/core/datasets/profile-numbers.js';
import { correlator } from '../../electron/core/datasets/correlate.js';
import { mulberry32 } from '../../electron/core/stats/random.js';
import { tempDir } from '../helpers/workspace.js';

/**
 * The profile's work on numbers is shared between the import's threads through one counter: whichever thread
 * does a task, and whether the helper thread gives its results back, dies, or never starts, the profile is
 * the one a single thread computes.
 */

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function sample() {
  const r = mulberry32(11);
  const lines = ['x,y,n,flag,colour,day,label'];
  for (let i = 0; i < 3000; i++) {
    const x = r() * 10;
    lines.push(
      `${r() < 0.05 ? '' : x.toFixed(3)},${(x * 2 + r()).toFixed(2)},${Math.floor(r() * 7)},${r() < 0.3 ? 'true' : 'false'},${['red', 'green', 'blue'][i % 3]},2024-02-${String(1 + (i % 28)).padStart(2, '0')},${x + r() * 3 > 6 ? 'yes' : 'no'}`,
    );
  }
  const file = path.join(dir, 'numbers.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const read = await readSource(file, { taskType: 'binary', target: 'label' }, {});
  if (read.kind !== 'table') throw new Error('not a table');
  return { table: viewOf(read.table, read.columns), columns: read.columns, target: read.target, profile: read.profile };
}

/** A helper that takes `take` tasks from the counter as a second thread would, and answers with `answer`. */
function helper(take: number, answer: 'results' | 'null') {
  return (job: NumberStatsJob, counter: Int32Array): Promise<Map<number, NumberTaskResult> | null> => {
    Atomics.store(counter, 1, 1);
    const pearson = correlator(job.step);
    const mine = new Map<number, NumberTaskResult>();
    for (let k = 0; k < take; k++) {
      const t = Atomics.add(counter, 0, 1);
      if (t < numberTaskCount(job)) mine.set(t, numberTask(job, t, pearson));
    }
    return Promise.resolve(answer === 'results' ? mine : null);
  };
}

describe('profile numbers on two threads', () => {
  it('gives the one-thread profile whichever tasks the helper takes, and when it gives nothing back', async () => {
    const s = await sample();
    for (const take of [0, 1, 3, 100]) {
      for (const answer of ['results', 'null'] as const) {
        const p = await profileTableWith(s.table, s.columns, s.target, helper(take, answer));
        expect(p, `${take} ${answer}`).toEqual(s.profile);
      }
    }
  });

  it('does not wait for a helper that never started', async () => {
    const s = await sample();
    const p = await profileTableWith(s.table, s.columns, s.target, () => new Promise(() => {}));
    expect(p).toEqual(s.profile);
  });
});

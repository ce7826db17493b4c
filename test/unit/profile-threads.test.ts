import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { viewOf } from '../../electron/core/datasets/cells.js';
import { readSource } from '../../electron/core/datasets/importer.js';
import { profileTableWith } from '../../electron/core/datasets/profile.js';
import { numberTask, numberTaskCount, type NumberStatsJob, type NumberTaskResult } from '../../electron/core/datasets/profile-numbers.js';
import { encodeSummary, numericSummary, SUMMARY_SLOT } from '../../electron/core/datasets/numeric-summary.js';
import { ImportThread } from '../../electron/core/datasets/import-thread.js';
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

  it('takes the summaries made ahead, makes those not made, being made or failed: the same profile to the byte', async () => {
    const s = await sample();
    for (const states of [
      [2, 2, 2, 2, 2, 2],
      [2, 0, 1, 3, 2, 0],
      [0, 0, 0, 0, 0, 0],
    ]) {
      const ready = (columns: Float64Array[]) => {
        const status = new Int32Array(new SharedArrayBuffer(4 * columns.length));
        const out = new Float64Array(new SharedArrayBuffer(8 * SUMMARY_SLOT * columns.length)).fill(-1);
        columns.forEach((c, k) => {
          status[k] = states[k % states.length];
          if (status[k] === 2) encodeSummary(numericSummary(c), out, k * SUMMARY_SLOT);
        });
        return { status, out, slots: columns.map((_c, k) => k) };
      };
      for (const take of [0, 2, 100]) {
        const p = await profileTableWith(s.table, s.columns, s.target, helper(take, 'results'), ready);
        expect(JSON.stringify(p), `${states} ${take}`).toBe(JSON.stringify(s.profile));
      }
    }
  });

  it('the import thread summarises the columns sent ahead, and the profile uses those summaries', async () => {
    const s = await sample();
    const thread = ImportThread.start();
    try {
      const columns = s.table.columns
        .filter((c) => c.storage === 'f64')
        .map((c) => {
          const shared = new Float64Array(new SharedArrayBuffer(c.values.byteLength));
          shared.set(c.values);
          return shared;
        });
      const table = { ...s.table, columns: s.table.columns.map((c) => (c.storage === 'f64' ? { ...c, values: columns.shift()! } : c)) };
      const sent = table.columns.filter((c) => c.storage === 'f64').map((c) => c.values);
      let ready = thread.readySummaries(sent);
      for (let i = 0; i < 200 && !ready; i++) {
        thread.summariseAhead(sent);
        ready = thread.readySummaries(sent);
        if (!ready) await new Promise((r) => setTimeout(r, 20));
      }
      expect(ready).not.toBeNull();
      for (let i = 0; i < 200 && ready!.slots.some((k) => k >= 0 && Atomics.load(ready!.status, k) !== 2); i++) await new Promise((r) => setTimeout(r, 20));
      expect([...ready!.status]).toEqual(sent.map(() => 2));
      const p = await profileTableWith(
        table,
        s.columns,
        s.target,
        (job, counter) => thread.numberStats(job, counter),
        (c) => thread.readySummaries(c),
      );
      expect(JSON.stringify(p)).toBe(JSON.stringify(s.profile));
    } finally {
      thread.close();
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { Services } from '../../electron/core/services.js';
import { tempDir, testServices } from '../helpers/workspace.js';

const open: Services[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});
function services(dir = tempDir()) {
  const s = testServices(dir);
  open.push(s);
  return s;
}

describe('jobs', () => {
  it('runs to success with progress events and a stored result', async () => {
    const s = services();
    const seen: string[] = [];
    s.events.subscribe((event, payload) => event === 'job.updated' && seen.push((payload as { status: string }).status));
    const job = s.jobs.start({
      kind: 'test',
      run: async (ctx) => {
        ctx.progress(0.5, 'half way');
        return { answer: 42 };
      },
    });
    expect(job.status).toBe('running');
    const done = await s.jobs.wait(job.id);
    expect(done.status).toBe('succeeded');
    expect(done.progress).toBe(1);
    expect(done.result).toEqual({ answer: 42 });
    expect(seen[0]).toBe('running');
    expect(seen.at(-1)).toBe('succeeded');
  });

  it('records a failure with its message', async () => {
    const s = services();
    const job = s.jobs.start({
      kind: 'test',
      run: async () => {
        throw new Error('disk full');
      },
    });
    const done = await s.jobs.wait(job.id);
    expect(done.status).toBe('failed');
    expect(done.error).toEqual({ code: 'internal', message: 'disk full' });
  });

  it('cancels a running job through the API and refuses to cancel a finished one', async () => {
    const s = services();
    const job = s.jobs.start({
      kind: 'test',
      run: (ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve('stopped'))),
    });
    await s.call('job.cancel', { id: job.id }, { door: 'test' });
    const done = await s.jobs.wait(job.id);
    expect(done.status).toBe('cancelled');
    await expect(s.call('job.cancel', { id: job.id }, { door: 'test' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('a cancel asked by another process reaches the job through the store', async () => {
    const dir = tempDir();
    const owner = services(dir);
    const other = services(dir);
    const job = owner.jobs.start({
      kind: 'test',
      run: (ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve('stopped'))),
    });
    other.jobs.cancel(job.id);
    const done = await owner.jobs.wait(job.id);
    expect(done.status).toBe('cancelled');
  });

  it('marks a job whose process died as interrupted when the workspace is opened again', async () => {
    const dir = tempDir();
    const s = services(dir);
    s.db
      .prepare(`INSERT INTO jobs (id, kind, status, pid, host, heartbeat_at, created_at, started_at) VALUES ('job_dead', 'train', 'running', 999999, ?, ?, ?, ?)`)
      .run(require('node:os').hostname(), new Date().toISOString(), new Date().toISOString(), new Date().toISOString());
    const interrupted: string[] = [];
    const again = services(dir);
    again.jobs.onInterrupted((j) => interrupted.push(j.id));
    again.jobs.recover();
    expect(again.jobs.get('job_dead').status).toBe('interrupted');
    // The first open already recovered nothing else; a running job of a live process is left alone.
    const live = again.jobs.start({ kind: 'test', run: (ctx) => new Promise((r) => ctx.signal.addEventListener('abort', () => r(null))) });
    services(dir).jobs.recover();
    expect(again.jobs.get(live.id).status).toBe('running');
    again.jobs.cancel(live.id);
    await again.jobs.wait(live.id);
  });
  it('a database error in the heartbeat fails the job with that error instead of crashing the process', async () => {
    const s = services();
    const prepare = s.db.prepare.bind(s.db);
    let thrown = 0;
    (s.db as any).prepare = (sql: string) => {
      if (sql.startsWith('UPDATE jobs SET heartbeat_at') && thrown++ === 0) {
        throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
      }
      return prepare(sql);
    };
    const job = s.jobs.start({ kind: 'test', run: (ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve('stopped'))) });
    const done = await s.jobs.wait(job.id);
    (s.db as any).prepare = prepare;
    expect(done.status).toBe('failed');
    expect(done.error?.message).toBe('disk I/O error');
  });
});

import { AppError, errorCodes, type ErrorCode } from '../../shared/contract/errors.js';
import type { Job } from '../../shared/schemas/system.js';
import type { CliContext } from './context.js';

/** Waits for a job of this process, printing its progress on stderr; a failed job becomes its error. */
export async function waitJob(ctx: CliContext, job: Job, quiet: boolean, cancelled = 'Cancelled; nothing was stored.'): Promise<Job> {
  let last = '';
  const stop = ctx.events.subscribe((event, payload) => {
    const j = payload as Job;
    if (quiet || event !== 'job.updated' || j.id !== job.id || !j.message || j.message === last) return;
    last = j.message;
    if (j.status === 'running') process.stderr.write(`${j.message}\n`);
  });
  const onSigint = () => {
    process.stderr.write('Cancelling...\n');
    // The core stops a job of this process even when a busy database cannot take the cancel flag; any
    // error here means the job has already ended (and a signal handler must not throw).
    ctx.call('job.cancel', { id: job.id }).catch(() => undefined);
  };
  process.once('SIGINT', onSigint);
  try {
    const done = await ctx.call('job.wait', { id: job.id });
    if (done.status === 'succeeded') return done;
    if (done.status === 'cancelled') throw new AppError('cancelled', cancelled);
    const code = (errorCodes as readonly string[]).includes(done.error?.code ?? '') ? (done.error!.code as ErrorCode) : 'internal';
    throw new AppError(code, done.error?.message ?? `The job ended ${done.status}.`);
  } finally {
    process.off('SIGINT', onSigint);
    stop();
  }
}

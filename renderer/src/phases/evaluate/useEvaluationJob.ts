import { useCallback, useEffect, useRef, useState } from 'react';
import { evaluateResultSchema } from '../../../../shared/contract/evaluation';
import type { MethodInput } from '../../../../shared/contract/api';
import type { Job } from '../../../../shared/schemas/system';
import { client } from '../../api/client';

export type EvaluationStage = 'idle' | 'starting' | 'running' | 'done' | 'failed';

export interface ErrorLike {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface EvaluationJobState {
  stage: EvaluationStage;
  job: Job | null;
  evaluationId: string | null;
  error: ErrorLike | null;
}

const idle: EvaluationJobState = { stage: 'idle', job: null, evaluationId: null, error: null };
const finished = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

/**
 * Starts an evaluation job and follows it through its job.updated events (with a slow poll as a safety
 * net) until it finishes; `onDone` gets the new evaluation's id. An evaluation of the project still
 * running when the page opens (started before navigating away, or from another window) is followed too,
 * without opening its result when it ends (the list shows it).
 */
export function useEvaluationJob(projectId: string, onDone?: (evaluationId: string) => void) {
  const [state, setState] = useState<EvaluationJobState>(idle);
  const jobId = useRef<string | null>(null);
  const seen = useRef(new Map<string, Job>());
  /** Whether the followed job was started here (only then does its end open the new evaluation). */
  const mine = useRef(false);
  const doneRef = useRef(onDone);
  doneRef.current = onDone;

  const apply = useCallback((job: Job) => {
    if (job.id !== jobId.current) return;
    if (!finished.has(job.status)) return setState((s) => ({ ...s, stage: 'running', job }));
    jobId.current = null;
    if (job.status === 'succeeded') {
      const parsed = evaluateResultSchema.safeParse(job.result);
      if (!parsed.success)
        return setState({ stage: 'failed', job, evaluationId: null, error: { code: 'internal', message: 'The evaluation finished but its result could not be read.' } });
      setState({ stage: 'done', job, evaluationId: parsed.data.evaluationId, error: null });
      if (mine.current) doneRef.current?.(parsed.data.evaluationId);
    } else {
      setState({ stage: 'failed', job, evaluationId: null, error: job.error ?? { code: job.status === 'cancelled' ? 'cancelled' : 'internal', message: job.message } });
    }
  }, []);

  // Events may arrive before eval.start returns the job id: keep the latest of each job.
  useEffect(
    () =>
      client.on('job.updated', (job) => {
        if (job.kind !== 'evaluation') return;
        seen.current.set(job.id, job);
        apply(job);
      }),
    [apply],
  );

  useEffect(() => {
    let live = true;
    client.call('job.list', { projectId, kind: 'evaluation', limit: 20 }).then(
      (jobs) => {
        const running = jobs.find((j) => !finished.has(j.status));
        if (!live || !running || jobId.current) return;
        mine.current = false;
        jobId.current = running.id;
        apply(seen.current.get(running.id) ?? running);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [projectId, apply]);

  useEffect(() => {
    if (state.stage !== 'running') return;
    const timer = setInterval(() => {
      const id = jobId.current;
      if (id) client.call('job.get', { id }).then(apply, () => undefined);
    }, 2000);
    return () => clearInterval(timer);
  }, [state.stage, apply]);

  const start = useCallback(
    async (input: MethodInput<'eval.start'>) => {
      setState({ ...idle, stage: 'starting' });
      try {
        const job = await client.call('eval.start', input);
        mine.current = true;
        jobId.current = job.id;
        apply(seen.current.get(job.id) ?? job);
      } catch (err) {
        setState({ ...idle, stage: 'failed', error: err as ErrorLike });
      }
    },
    [apply],
  );

  const cancel = useCallback(() => {
    const id = jobId.current;
    if (id) client.call('job.cancel', { id }).catch(() => undefined);
  }, []);

  const reset = useCallback(() => {
    jobId.current = null;
    setState(idle);
  }, []);

  return { state, start, cancel, reset };
}

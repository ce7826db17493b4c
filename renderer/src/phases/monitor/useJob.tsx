import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Job } from '../../../../shared/schemas/system';
import { client } from '../../api/client';
import { formatPercent } from '../../format';
import { useSaid } from './text';

const finished = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

/**
 * Follows one job the page started (retrain, simulation) through its job.updated events, with a slow poll
 * as a safety net, until it finishes; `onDone` gets the finished job. `cancel` asks the core to stop it.
 */
export function useJob(onDone: (job: Job) => void) {
  const [job, setJob] = useState<Job | null>(null);
  const id = useRef<string | null>(null);
  const done = useRef(onDone);
  done.current = onDone;
  const apply = useCallback((j: Job) => {
    if (j.id !== id.current) return;
    setJob(j);
    if (finished.has(j.status)) {
      id.current = null;
      done.current(j);
    }
  }, []);
  useEffect(() => client.on('job.updated', apply), [apply]);
  const running = job !== null && !finished.has(job.status);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (id.current) client.call('job.get', { id: id.current }).then(apply, () => undefined);
    }, 1500);
    return () => clearInterval(timer);
  }, [running, apply]);
  const follow = useCallback(
    (j: Job) => {
      id.current = j.id;
      apply(j);
    },
    [apply],
  );
  const cancel = useCallback(() => {
    if (id.current) client.call('job.cancel', { id: id.current }).catch(() => undefined);
  }, []);
  return { job, running, follow, cancel };
}

/** A running job's step, progress bar and cancel button. */
export function JobProgress({ job, label, onCancel, testId }: { job: Job; label: string; onCancel: () => void; testId: string }) {
  const { t } = useTranslation('monitor-loop');
  const said = useSaid();
  return (
    <div className="stack" aria-live="polite" data-testid={testId}>
      <div className="row small">
        <span className="spinner" />
        <span className="grow">
          {label}
          {job.step && <span className="muted"> · {said({ ...job.step, message: job.message })}</span>}
        </span>
        <span className="muted">{formatPercent(job.progress, 0)}</span>
        <button type="button" className="ghost" onClick={onCancel} data-testid={`${testId}-cancel`}>
          {t('job.cancel')}
        </button>
      </div>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(job.progress * 100)} aria-label={label}>
        <div style={{ width: `${Math.round(job.progress * 100)}%` }} />
      </div>
    </div>
  );
}

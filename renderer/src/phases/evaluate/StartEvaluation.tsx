import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunSummary } from '../../../../shared/schemas/training';
import { useQuery } from '../../api/client';
import { ErrorBox, useIssueText } from '../../components/ErrorBox';
import { formatCount, formatDate, formatPercent } from '../../format';
import { useSaid } from './said';
import { useEvaluationJob } from './useEvaluationJob';

export interface StartEvaluationProps {
  projectId: string;
  /** Finished runs of the project, newest first. */
  runs: RunSummary[];
  initialRun?: string;
  onDone: (evaluationId: string) => void;
}

/**
 * Pick a finished run and where to evaluate it: its own held-out test rows, or every row of another data
 * set version (the core checks that its schema fits the model). Progress comes from the job's events.
 */
export function StartEvaluation({ projectId, runs, initialRun, onDone }: StartEvaluationProps) {
  const { t } = useTranslation('evaluate-ui');
  const issueText = useIssueText();
  const said = useSaid();
  const [runId, setRunId] = useState(runs.some((r) => r.id === initialRun) ? initialRun! : (runs[0]?.id ?? ''));
  const [source, setSource] = useState<'test' | 'other'>('test');
  const [versionId, setVersionId] = useState('');
  /** The run this form started (null when following an evaluation started elsewhere). */
  const [startedName, setStartedName] = useState<string | null>(null);
  const { state, start, cancel } = useEvaluationJob(projectId, onDone);
  // versions of the project with whether this run can be evaluated on them (the core checks the columns)
  const candidates = useQuery('eval.candidates', source === 'other' && runId ? { run: runId, includeIncompatible: true } : null, ['dataset']);
  const usable = (candidates.data ?? []).filter((c) => c.compatible);
  const unusable = (candidates.data ?? []).filter((c) => !c.compatible);
  const chosenVersion = usable.some((c) => c.version.id === versionId) ? versionId : (usable[0]?.version.id ?? '');
  const run = runs.find((r) => r.id === runId);
  const busy = state.stage === 'starting' || state.stage === 'running';
  const ready = Boolean(run) && (source === 'test' || Boolean(chosenVersion));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!run || !ready) return;
    setStartedName(run.name);
    // every row of the chosen version, also when it is the run's own (its test rows are the other choice)
    void start(source === 'test' ? { run: run.id } : { run: run.id, dataset: chosenVersion, subset: 'all' });
  };

  const progress = state.job?.progress ?? 0;
  // an evaluation started elsewhere names its run in the params of its steps
  const runningName = startedName ?? (typeof state.job?.step?.params.runName === 'string' ? state.job.step.params.runName : null);
  const runningText = runningName ? t('start.running', { name: runningName }) : t('start.runningOther');
  return (
    <form className="card eval-start" onSubmit={submit} data-testid="eval-start">
      <h2>{t('start.title')}</h2>
      <div className="eval-start-grid">
        <label className="field">
          <span>{t('start.run')}</span>
          <select value={runId} onChange={(e) => setRunId(e.target.value)} disabled={busy} data-testid="eval-run">
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                {t('start.runOption', { name: r.name, dataset: r.datasetRef, date: formatDate(r.finishedAt ?? r.createdAt) })}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="field eval-source" disabled={busy}>
          <legend>{t('start.on')}</legend>
          <label className="row">
            <input type="radio" name="eval-source" checked={source === 'test'} onChange={() => setSource('test')} data-testid="eval-source-test" />
            <span>{t('start.testRows', { dataset: run?.datasetRef ?? '' })}</span>
          </label>
          <label className="row">
            <input type="radio" name="eval-source" checked={source === 'other'} onChange={() => setSource('other')} data-testid="eval-source-other" />
            <span>{t('start.otherVersion')}</span>
          </label>
          {source === 'other' && (
            <div className="row eval-version-pick">
              {candidates.error ? (
                <ErrorBox error={candidates.error} />
              ) : !candidates.data ? (
                <span className="spinner" />
              ) : usable.length === 0 ? (
                <p className="small" data-testid="eval-no-version">
                  {t('start.noCompatible')}
                </p>
              ) : (
                <select aria-label={t('start.version')} value={chosenVersion} onChange={(e) => setVersionId(e.target.value)} data-testid="eval-version">
                  {usable.map((c) => (
                    <option key={c.version.id} value={c.version.id}>
                      {t('start.candidateOption', { dataset: c.datasetRef, rows: formatCount(c.version.rows) })}
                      {c.trainedOn ? ` · ${t('start.trainedOn')}` : ''}
                    </option>
                  ))}
                </select>
              )}
              {unusable.length > 0 && (
                <details className="small eval-unusable" style={{ flexBasis: '100%' }} data-testid="eval-unusable">
                  <summary>{t('start.unusable', { count: unusable.length })}</summary>
                  <ul>
                    {unusable.map((c) => (
                      <li key={c.version.id}>
                        <span className="mono">{c.datasetRef}</span>: {c.reasons.map((r) => issueText(r)).join(' ')}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
              <p className="small muted" style={{ flexBasis: '100%', margin: 0 }}>
                {t('start.otherHint')}
              </p>
            </div>
          )}
        </fieldset>
      </div>
      <div className="row" style={{ marginTop: 12 }}>
        <button type="submit" className="primary" disabled={!ready || busy} data-testid="eval-submit">
          {t('start.submit')}
        </button>
        {busy && (
          <button type="button" className="ghost" onClick={cancel} data-testid="eval-cancel">
            {t('common:actions.cancel')}
          </button>
        )}
      </div>
      {busy && (
        <div className="stack eval-progress" aria-live="polite" data-testid="eval-progress">
          <div className="row small">
            <span className="spinner" />
            <span className="grow">
              {runningText}
              {state.job?.step && (
                <span className="muted" data-testid="eval-step">
                  {' · '}
                  {said({ ...state.job.step, message: state.job.message })}
                </span>
              )}
            </span>
            <span className="muted">{formatPercent(progress, 0)}</span>
          </div>
          <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress * 100)} aria-label={runningText}>
            <div style={{ width: `${Math.round(progress * 100)}%` }} />
          </div>
        </div>
      )}
      {state.stage === 'failed' && state.error && (
        <div className="eval-failed" style={{ marginTop: 10 }} data-testid="eval-failed">
          <ErrorBox error={state.error} />
        </div>
      )}
    </form>
  );
}

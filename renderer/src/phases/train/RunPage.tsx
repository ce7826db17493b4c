import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, useCommand, useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor } from '../../navigation';
import { metricDisplayName } from '../../format';
import { fmtDuration, fmtInt, fmtNumber, fmtPercent, primaryMetric } from './run-format';
import { RunCharts } from './RunCharts';
import { RunDetails } from './RunDetails';
import { StatusBadge } from './StatusBadge';
import { runState, useNow, type RunState } from './run-state';
import { useLiveRun, type LiveProgress, type StatusMessage } from './useLiveRun';
import { useDialogFocus } from '../../components/useDialogFocus';

const resumable = ['interrupted', 'cancelled', 'failed'];

/** #/train/run/ID: one run, live while it trains; its record once it has finished. */
export function RunPage({ projectId, runId }: { projectId: string; runId: string }) {
  const { t } = useTranslation('train');
  const run = useQuery('run.get', { id: runId }, ['run', 'train']);
  const live = useLiveRun(runId);
  const cancel = useCommand('run.cancel');
  const resume = useCommand('run.resume');
  const [asking, setAsking] = useState(false);
  const askFocus = useDialogFocus<HTMLDivElement>(asking, () => setAsking(false));
  const { reload } = run;
  const now = useNow(run.data?.status === 'running' || run.data?.status === 'queued');
  useEffect(() => client.on('training.status', (p) => (p.runId === runId ? reload() : undefined)), [runId, reload]);
  // Epoch metrics in the tiles: reload the run at most once a second while epochs stream in.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = client.on('training.epoch', (p) => {
      if (p.runId !== runId || timer) return;
      timer = setTimeout(() => ((timer = undefined), reload()), 1000);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [runId, reload]);

  if (run.error) return <ErrorBox error={run.error} />;
  if (!run.data) return <span className="spinner" />;
  const r = run.data;
  const running = r.status === 'running' || r.status === 'queued';
  const metric = primaryMetric(r.taskType);
  const state = runState(r, live.lastEpoch, now);
  const shown = r.bestMetrics && r.status === 'succeeded' ? r.bestMetrics : state.running ? state.lastMetrics : r.metrics;
  const backend = r.backend ?? r.backendRequested;
  // the note is one sentence that already names the backend used (older runs stored only the core's text)
  const backendNote = r.backendNoteKey ? t(`run.backendNotes.${r.backendNoteKey}`, { backend }) : r.backendNote;
  const stoppedEarly = r.status === 'succeeded' && r.params.earlyStopping.enabled && r.epochsDone < r.epochs;
  const keptEpoch = r.params.earlyStopping.restoreBestWeights && r.bestEpoch !== null ? r.bestEpoch : r.epochsDone;
  const confirmCancel = () => void cancel.run({ id: r.id }).then(() => (setAsking(false), reload()));
  const tiles = [metric, 'val_loss', r.taskType === 'regression' ? 'mae' : 'accuracy', 'loss'].filter((k) => k in shown);

  return (
    <div data-testid="run-page" data-status={r.status}>
      <div className="page-head">
        <div className="grow">
          <h1>
            {r.name} <StatusBadge status={r.status} />
          </h1>
          <p className="subtitle">
            <span className="mono">{r.datasetRef}</span> · {t(`template.${r.template}.name`, { defaultValue: r.template })} · {t('run.backend')}{' '}
            <span className="badge accent mono" data-testid="run-backend" title={backendNote || undefined}>
              {r.backend ?? t('run.backendPending')}
            </span>
          </p>
        </div>
        <a className="button" href={hrefFor('train', [], { project: projectId })}>
          {t('run.allRuns')}
        </a>
        {r.status === 'succeeded' && (
          <a className="button" href={hrefFor('registry', ['register'], { project: projectId, run: r.id })} data-testid="run-register">
            {t('run.register')}
          </a>
        )}
        {running && (
          <button type="button" className="danger" disabled={cancel.pending} onClick={() => setAsking(true)} aria-expanded={asking} data-testid="run-cancel">
            {cancel.pending ? <span className="spinner" /> : '■'} {t('run.cancel')}
          </button>
        )}
        {resumable.includes(r.status) && (
          <button type="button" className="primary" disabled={resume.pending} onClick={() => void resume.run({ id: r.id }).then(() => reload())} data-testid="run-resume">
            ↻ {r.checkpointEpoch ? t('run.resumeFrom', { epoch: r.checkpointEpoch }) : t('run.restart')}
          </button>
        )}
      </div>
      <ErrorBox error={cancel.error ?? resume.error} />
      {running && asking && (
        <div className="alert warn row" role="alertdialog" aria-labelledby="cancel-question" data-testid="run-cancel-ask" ref={askFocus.ref} onKeyDown={askFocus.onKeyDown}>
          <span className="grow" id="cancel-question">
            {t('run.cancelConfirm')}
          </span>
          <button type="button" onClick={() => setAsking(false)} data-testid="run-cancel-keep">
            {t('run.cancelKeep')}
          </button>
          <button type="button" className="danger" disabled={cancel.pending} onClick={confirmCancel} data-testid="run-cancel-confirm" data-autofocus>
            {t('run.cancelYes')}
          </button>
        </div>
      )}
      {stoppedEarly && (
        <div className="alert info" role="status" data-testid="run-stopped-early">
          {t('run.stoppedEarly', { epoch: r.epochsDone, epochs: r.epochs, best: keptEpoch })}
        </div>
      )}
      {backendNote && !running && (
        <div className="alert info small" data-testid="run-backend-note">
          {backendNote}
        </div>
      )}
      {r.error && (
        <div className={`alert ${r.status === 'failed' ? 'error' : 'warn'}`} role="alert" data-testid="run-error">
          <strong>{t(`run.errorTitle.${r.status}`, { defaultValue: t('run.errorTitle.failed') })}</strong> {r.error.message}
        </div>
      )}

      {running && <ProgressCard progress={live.progress} message={live.statusMessage} state={state} />}

      <div className="metric-tiles">
        {tiles.map((k) => (
          <div key={k} className="card tile" data-testid={`metric-${k}`}>
            <div className="small muted">{metricDisplayName(k)}</div>
            <div className="tile-value">{fmtNumber(shown[k], 4)}</div>
          </div>
        ))}
        <div className="card tile">
          <div className="small muted">{t('run.epochs')}</div>
          <div className="tile-value">
            <span data-testid="run-epochs-done">{fmtInt(state.epochsDone)}</span>
            <span className="muted small"> / {fmtInt(state.epochs)}</span>
          </div>
          {state.bestEpoch !== null && <div className="small muted">{t('run.bestEpoch', { epoch: state.bestEpoch })}</div>}
        </div>
        <div className="card tile">
          <div className="small muted">{t('run.duration')}</div>
          <div className="tile-value" data-testid="run-duration">
            {fmtDuration(state.durationMs)}
          </div>
          <div className="small muted">{t('run.paramCount', { count: r.paramCount, total: fmtInt(r.paramCount) })}</div>
        </div>
      </div>
      {r.status === 'succeeded' && r.bestMetrics && r.bestEpoch !== null && r.bestEpoch !== r.epochsDone && (
        <p className="small muted">{t('run.bestShown', { epoch: r.bestEpoch })}</p>
      )}

      {live.loaded ? <RunCharts series={live.series} bestEpoch={state.bestEpoch} /> : <span className="spinner" />}
      <RunDetails run={r} series={live.series} durationMs={state.durationMs} />
    </div>
  );
}

function ProgressCard({ progress, message, state }: { progress: LiveProgress | null; message: StatusMessage | null; state: RunState }) {
  const { t } = useTranslation('train');
  const fraction = progress?.fraction ?? state.epochsDone / Math.max(1, state.epochs);
  return (
    <div className="card live" data-testid="run-progress">
      <div className="row">
        <strong className="grow">
          {progress ? (
            <span data-testid="run-epoch-in-progress">{t('run.epochOf', { epoch: state.epochInProgress ?? state.epochsDone, epochs: state.epochs })}</span>
          ) : (
            t('run.starting')
          )}
          {progress && <span className="muted small"> · {t('run.stepOf', { step: fmtInt(progress.step), total: fmtInt(progress.totalSteps) })}</span>}
        </strong>
        <span className="mono">{fmtPercent(fraction)}</span>
      </div>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
        <div style={{ width: `${fraction * 100}%` }} />
      </div>
      <div className="row small muted">
        <span className="grow" data-testid="run-status-message">
          {message?.key ? t(`run.statusMessages.${message.key}`, { ...message.params, defaultValue: message.text }) : message?.text}
        </span>
        {progress && <span>{t('run.speed', { rate: fmtInt(progress.samplesPerSecond) })}</span>}
        {progress && <span data-testid="run-eta">{progress.etaSeconds === null ? t('run.etaUnknown') : t('run.eta', { time: fmtDuration(progress.etaSeconds * 1000) })}</span>}
      </div>
    </div>
  );
}

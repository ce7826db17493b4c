import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { predictResultSchema, type PredictResult } from '../../../../../shared/contract/evaluation';
import type { Job } from '../../../../../shared/schemas/system';
import { client, useQuery } from '../../../api/client';
import { isDesktop } from '../../../api/transport';
import { uploadFile } from '../../../api/upload';
import { ErrorBox } from '../../../components/ErrorBox';
import { downloadText } from '../../../download';
import { formatCount, formatPercent } from '../../../format';
import { DeployTabs } from '../DeployTabs';
import { isVersionTarget, targetsOf } from '../serving/targets';
import { rowProblemText } from './rowProblem';
import '../serving/serving.css';

type Stage = 'idle' | 'uploading' | 'scoring' | 'done' | 'failed' | 'cancelled';
type ErrorLike = { code: string; message: string; details?: Record<string, unknown> };
const finished = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);
const SHOWN_ERRORS = 50;

/**
 * Batch prediction: a CSV scored by a model version or alias as a job (the same code as `ciclo predict
 * --log`), with the upload's and the scoring's progress, cancel, the rows that could not be scored by line,
 * and the scored CSV to download. Every scored row is logged (source batch) for the Monitor phase.
 */
export function BatchPanel({ projectId }: { projectId?: string }) {
  const { t } = useTranslation('batch');
  const models = useQuery('model.list', projectId ? { project: projectId } : {}, ['model']);
  const [model, setModel] = useState('');
  const [target, setTarget] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [stage, setStage] = useState<Stage>('idle');
  const [fraction, setFraction] = useState(0);
  const [job, setJob] = useState<Job | null>(null);
  const [result, setResult] = useState<PredictResult | null>(null);
  const [error, setError] = useState<ErrorLike | null>(null);
  const [downloadError, setDownloadError] = useState<ErrorLike | null>(null);
  const jobId = useRef<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const list = models.data?.filter((m) => !m.archived && m.versionCount > 0) ?? [];
  const chosen = list.find((m) => m.name === model) ?? list[0];
  const targets = targetsOf(chosen);
  const pick = targets.includes(target) ? target : targets[0];
  const fileName = file?.name ?? picked?.split(/[\\/]/).pop() ?? '';
  const running = stage === 'uploading' || stage === 'scoring';

  const apply = (j: Job) => {
    if (j.id !== jobId.current) return;
    setJob(j);
    if (!finished.has(j.status)) return;
    jobId.current = null;
    if (j.status === 'succeeded') {
      const parsed = predictResultSchema.safeParse(j.result);
      if (parsed.success) {
        setResult(parsed.data);
        setStage('done');
      } else {
        setError({ code: 'internal', message: t('unreadable') });
        setStage('failed');
      }
    } else if (j.status === 'cancelled') setStage('cancelled');
    else {
      setError(j.error ?? { code: 'internal', message: j.message });
      setStage('failed');
    }
  };
  const applyRef = useRef(apply);
  applyRef.current = apply;

  useEffect(() => client.on('job.updated', (j) => applyRef.current(j)), []);
  // a slow safety net in case an event is lost
  useEffect(() => {
    if (stage !== 'scoring') return;
    const timer = setInterval(() => {
      const id = jobId.current;
      if (id)
        client.call('job.get', { id }).then(
          (j) => applyRef.current(j),
          () => undefined,
        );
    }, 2000);
    return () => clearInterval(timer);
  }, [stage]);

  const pickDesktop = async () => {
    try {
      const r = await client.call('dialog.openFile', { title: t('pickTitle'), filters: [{ name: 'CSV', extensions: ['csv', 'tsv', 'txt'] }], multiple: false });
      if (r.paths[0]) {
        setPicked(r.paths[0]);
        setFile(null);
      }
    } catch (err) {
      setError(err as ErrorLike);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen || !pick || (!file && !picked)) return;
    setError(null);
    setDownloadError(null);
    setResult(null);
    setJob(null);
    setFraction(0);
    const controller = new AbortController();
    abort.current = controller;
    try {
      let path = picked;
      if (file) {
        setStage('uploading');
        path = (await uploadFile(file, setFraction, controller.signal)).path;
      }
      setStage('scoring');
      const started = await client.call('serving.batchPredict', { model: `${chosen.name}${pick}`, input: path! });
      jobId.current = started.id;
      apply(started);
    } catch (err) {
      const e = err as ErrorLike;
      setStage(e.code === 'cancelled' ? 'cancelled' : 'failed');
      if (e.code !== 'cancelled') setError(e);
    }
  };

  const cancel = () => {
    if (stage === 'uploading') abort.current?.abort();
    else if (jobId.current) void client.call('job.cancel', { id: jobId.current }).catch((err) => setError(err as ErrorLike));
  };

  const download = async () => {
    if (!result) return;
    setDownloadError(null);
    try {
      const name = result.output.split(/[\\/]/).pop()!;
      const f = await client.call('serving.batchDownload', { file: name });
      downloadText(f.fileName, f.content, f.mimeType);
    } catch (err) {
      setDownloadError(err as ErrorLike);
    }
  };

  const progress = stage === 'uploading' ? fraction : (job?.progress ?? 0);
  return (
    <div className="stack" data-testid="batch-panel">
      <div className="page-head">
        <div className="grow">
          <h1>{t('title')}</h1>
          <p className="subtitle">{t('subtitle')}</p>
        </div>
      </div>
      <DeployTabs current="batch" projectId={projectId} />
      <ErrorBox error={models.error} />
      <form className="card" onSubmit={(e) => void submit(e)} data-testid="batch-form">
        {models.data && list.length === 0 ? (
          <p className="muted">{t('noModels')}</p>
        ) : (
          <div className="row serving-form">
            <label className="field">
              <span>{t('model')}</span>
              <select value={chosen?.name ?? ''} onChange={(e) => setModel(e.target.value)} disabled={running} data-testid="batch-model">
                {list.map((m) => (
                  <option key={m.id} value={m.name}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('target')}</span>
              <select value={pick ?? ''} onChange={(e) => setTarget(e.target.value)} disabled={running} data-testid="batch-target">
                {targets.map((x) => (
                  <option key={x} value={x}>
                    {isVersionTarget(x) ? t('version', { version: x.slice(1) }) : t('alias', { alias: x.slice(1) })}
                  </option>
                ))}
              </select>
            </label>
            <div className="field">
              <span>{t('file')}</span>
              <div className="row">
                <button type="button" onClick={() => (isDesktop() ? void pickDesktop() : input.current?.click())} disabled={running} data-testid="batch-pick">
                  {t('pick')}
                </button>
                <span className="small" data-testid="batch-file-name">
                  {fileName || t('noFile')}
                </span>
              </div>
              <input
                ref={input}
                type="file"
                accept=".csv,.tsv,.txt,text/csv"
                hidden
                data-testid="batch-file"
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  setPicked(null);
                  e.target.value = '';
                }}
              />
            </div>
            <button type="submit" className="primary" disabled={!pick || !fileName || running} data-testid="batch-submit">
              {t('submit')}
            </button>
          </div>
        )}
        <p className="small muted">{t('hint')}</p>
      </form>
      {stage !== 'idle' && (
        <section className="card" data-testid="batch-status" data-stage={stage} aria-live="polite">
          <div className="row">
            <strong className="grow">{fileName}</strong>
            {running && (
              <button type="button" className="ghost" onClick={cancel} data-testid="batch-cancel">
                {t('cancel')}
              </button>
            )}
          </div>
          {running && (
            <div className="stack" style={{ gap: 4, marginTop: 8 }}>
              <div className="row small">
                <span className="spinner" />
                <span className="grow">{stage === 'uploading' ? t('uploading') : t('scoring')}</span>
                <span className="muted">{formatPercent(progress, 0)}</span>
              </div>
              <div
                className="progress"
                role="progressbar"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.round(progress * 100)}
                aria-label={stage === 'uploading' ? t('uploading') : t('scoring')}
              >
                <div style={{ width: `${Math.round(progress * 100)}%` }} />
              </div>
            </div>
          )}
          {stage === 'cancelled' && (
            <p className="muted" data-testid="batch-cancelled">
              {t('cancelled')}
            </p>
          )}
          {stage === 'failed' && <ErrorBox error={error ?? undefined} />}
          {stage === 'done' && result && (
            <>
              <div className={`alert ${result.failed ? 'warn' : 'info'}`} data-testid="batch-done">
                {t('done', { rows: formatCount(result.rows), scored: formatCount(result.scored), failed: formatCount(result.failed) })}
              </div>
              <div className="row" style={{ marginTop: 8 }}>
                <button type="button" className="primary" onClick={() => void download()} data-testid="batch-download">
                  {t('download')}
                </button>
                <span className="small muted">{t('logged')}</span>
              </div>
              <ErrorBox error={downloadError ?? undefined} />
              {result.errors.length > 0 && (
                <details open={result.errors.length <= 10} data-testid="batch-errors">
                  <summary>{t('badRows', { count: result.failed })}</summary>
                  <ul className="small">
                    {result.errors.slice(0, SHOWN_ERRORS).map((e) => (
                      <li key={e.line} data-line={e.line} data-code={e.code}>
                        {t('badRow', { line: formatCount(e.line), message: rowProblemText(t, e) })}
                      </li>
                    ))}
                  </ul>
                  {result.failed > SHOWN_ERRORS && <p className="small muted">{t('moreBadRows', { count: result.failed - SHOWN_ERRORS })}</p>}
                </details>
              )}
            </>
          )}
        </section>
      )}
    </div>
  );
}

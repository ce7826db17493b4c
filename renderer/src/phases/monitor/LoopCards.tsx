import { useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { FeedbackResult } from '../../../../shared/schemas/monitoring';
import type { Job } from '../../../../shared/schemas/system';
import { useCommand, useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { useSaid } from './text';
import { JobProgress, useJob } from './useJob';

/** Ground truth upload: a CSV of request_id,label read in the page and sent as text. */
export function FeedbackCard({ model }: { model: string }) {
  const { t } = useTranslation('monitor');
  const said = useSaid();
  const feedback = useCommand('monitor.feedback');
  const [result, setResult] = useState<FeedbackResult>();
  const [file, setFile] = useState<File>();
  const fileInput = useRef<HTMLInputElement>(null);
  const upload = async () => {
    if (!file) return;
    const r = await feedback.run({ model, content: await file.text() });
    if (r) setResult(r as FeedbackResult);
  };
  return (
    <div className="card" data-testid="feedback-card">
      <h3>{t('feedback.title')}</h3>
      <p className="muted small">{t('feedback.hint')}</p>
      <div className="row">
        {/* the browser's own file field speaks the browser's language ("No file chosen"): a button and a name in the app's */}
        <button type="button" onClick={() => fileInput.current?.click()} data-testid="feedback-pick">
          {t('feedback.choose')}
        </button>
        <span className="small muted" data-testid="feedback-file-name">
          {file?.name ?? t('feedback.noFile')}
        </span>
        <input ref={fileInput} type="file" accept=".csv,text/csv" hidden onChange={(e) => setFile(e.target.files?.[0])} data-testid="feedback-file" />
        <button onClick={() => void upload()} disabled={!file || feedback.pending} data-testid="feedback-upload">
          {t('feedback.upload')}
        </button>
      </div>
      <ErrorBox error={feedback.error} />
      {result && (
        <ul data-testid="feedback-result">
          {result.messages.map((m) => (
            <li key={m.key}>{said(m)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The drift simulator form (teaching): for the monitored model, or a registered model picked here when nothing is logged yet. */
export function SimulateCard({ model, projectId, onDone }: { model?: string; projectId?: string; onDone: (model: string) => void }) {
  const { t } = useTranslation('monitor');
  const { t: tl } = useTranslation('monitor-loop');
  const simulate = useCommand('monitor.simulate');
  const registered = useQuery('model.list', model ? null : projectId ? { project: projectId } : {}, ['model']);
  const choices = (registered.data ?? [])
    .filter((m) => !m.archived && m.versionCount > 0)
    .map((m) => (m.aliases.champion !== undefined ? `${m.name}@champion` : `${m.name}@${m.latestVersion}`));
  const [picked, setPicked] = useState('');
  const target = model ?? (choices.includes(picked) ? picked : choices[0]);
  const resolved = useQuery('model.resolve', target ? { model: target } : null, ['model']);
  const run = useQuery('run.get', resolved.data ? { id: resolved.data.runId } : target && !target.includes('@') ? { id: target } : null, ['training']);
  const [dataset, setDataset] = useState<string>();
  const [shifts, setShifts] = useState('');
  const [noise, setNoise] = useState('');
  const [rows, setRows] = useState(500);
  const [days, setDays] = useState(7);
  const [delay, setDelay] = useState('1d');
  const [status, setStatus] = useState<string>();
  const lines = (text: string) =>
    text
      .split('\n')
      .map((x) => x.trim())
      .filter(Boolean);
  const datasetRef = dataset ?? run.data?.datasetRef ?? '';
  const job = useJob((j: Job) => {
    const r = j.result as { logged?: number; labelled?: number } | null;
    setStatus(
      j.status === 'succeeded' && r
        ? t('simulate.done', { logged: r.logged, labelled: r.labelled })
        : j.status === 'cancelled'
          ? tl('simulate.cancelled')
          : (j.error?.message ?? j.message),
    );
    if (j.status === 'succeeded' && target) onDone(target);
  });
  const start = async () => {
    if (!target) return;
    setStatus(undefined);
    const started = await simulate.run({ dataset: datasetRef, model: target, shifts: lines(shifts), noise: lines(noise), rows, days, labelDelay: delay.trim() || undefined });
    if (started) job.follow(started);
  };
  return (
    <div className="card" data-testid="simulate-card">
      <h3>{t('simulate.title')}</h3>
      <p className="muted small">{t('simulate.hint')}</p>
      <div className="mon-form">
        {!model && (
          <label>
            {tl('simulate.model')}
            <select value={target ?? ''} onChange={(e) => setPicked(e.target.value)} data-testid="simulate-model">
              {choices.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('simulate.dataset')}
          <input value={datasetRef} onChange={(e) => setDataset(e.target.value)} placeholder="iris@1" data-testid="simulate-dataset" />
        </label>
        <label>
          {/* the input's syntax (decimal point included) as code */}
          <span>
            <Trans t={t} i18nKey="simulate.shift" components={{ c: <code /> }} />
          </span>
          <textarea rows={2} value={shifts} onChange={(e) => setShifts(e.target.value)} placeholder={tl('simulate.shiftExample')} data-testid="simulate-shifts" />
        </label>
        <label>
          <span>
            <Trans t={tl} i18nKey="simulate.noise" components={{ c: <code /> }} />
          </span>
          <textarea rows={2} value={noise} onChange={(e) => setNoise(e.target.value)} placeholder={tl('simulate.noiseExample')} data-testid="simulate-noise" />
        </label>
        <label>
          {t('simulate.rows')}
          <input type="number" min={1} value={rows} onChange={(e) => setRows(Number(e.target.value))} data-testid="simulate-rows" />
        </label>
        <label>
          {t('simulate.days')}
          <input type="number" min={1} value={days} onChange={(e) => setDays(Number(e.target.value))} data-testid="simulate-days" />
        </label>
        <label>
          {t('simulate.labelDelay')}
          <input value={delay} onChange={(e) => setDelay(e.target.value)} data-testid="simulate-delay" />
        </label>
      </div>
      {run.data && <p className="muted small">{tl('simulate.columns', { columns: run.data.features.join(', ') })}</p>}
      <button onClick={() => void start()} disabled={!target || !datasetRef || simulate.pending || job.running} data-testid="simulate-start">
        {t('simulate.start')}
      </button>
      <ErrorBox error={simulate.error ?? registered.error} />
      {job.running && job.job && <JobProgress job={job.job} label={t('simulate.running')} onCancel={job.cancel} testId="simulate-progress" />}
      {status && <p data-testid="simulate-status">{status}</p>}
    </div>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Comparison, FeedbackResult } from '../../../../shared/schemas/monitoring';
import type { Job } from '../../../../shared/schemas/system';
import { client, useCommand } from '../../api/client';
import { formatCount, formatNumber, formatPercent } from '../../format';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor } from '../../navigation';
import { useSaid } from './text';

async function waitJob(id: string): Promise<Job> {
  for (;;) {
    const j = (await client.call('job.get', { id })) as Job;
    if (!['queued', 'running'].includes(j.status)) return j;
    await new Promise((r) => setTimeout(r, 800));
  }
}

/** Ground truth upload: a CSV of request_id,label read in the page and sent as text. */
export function FeedbackCard({ model }: { model: string }) {
  const { t } = useTranslation('monitor');
  const said = useSaid();
  const feedback = useCommand('monitor.feedback');
  const [result, setResult] = useState<FeedbackResult>();
  const [file, setFile] = useState<File>();
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
        <input type="file" accept=".csv,text/csv" aria-label={t('feedback.choose')} onChange={(e) => setFile(e.target.files?.[0])} data-testid="feedback-file" />
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

/** Champion vs challenger on recent labelled rows, and the retrain action that makes a challenger. */
export function ChallengerCard({ name, projectId }: { name: string | null; projectId?: string }) {
  const { t } = useTranslation('monitor');
  const said = useSaid();
  const compare = useCommand('monitor.compare');
  const retrain = useCommand('monitor.retrain');
  const [cmp, setCmp] = useState<Comparison>();
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState<string>();
  if (!name) return null;
  const runCompare = async () => {
    const r = await compare.run({ champion: `${name}@champion`, challenger: `${name}@challenger` });
    if (r) setCmp(r as Comparison);
  };
  const runRetrain = async () => {
    setStatus(t('retrain.running'));
    const job = (await retrain.run({ model: `${name}@champion`, alias: 'challenger', reason: reason || undefined })) as Job | undefined;
    if (!job) return setStatus(undefined);
    const done = await waitJob(job.id);
    const r = done.result as { model?: string; version?: number; alias?: string } | null;
    setStatus(done.status === 'succeeded' && r ? t('retrain.done', { model: r.model, version: r.version, alias: r.alias }) : done.error?.message);
  };
  return (
    <div className="card" data-testid="challenger-card">
      <h3>{t('compare.title')}</h3>
      <div className="row">
        <button onClick={() => void runCompare()} disabled={compare.pending} data-testid="compare-run">
          {t('compare.run')}
        </button>
        <a href={hrefFor('registry', ['model', name, 'versions'], { project: projectId })}>{t('compare.openRegistry')}</a>
      </div>
      <ErrorBox error={compare.error} />
      {cmp && (
        <>
          <table className="data" data-testid="compare-table">
            <thead>
              <tr>
                <th>{t('compare.metric')}</th>
                <th className="num">{t('compare.champion')}</th>
                <th className="num">{t('compare.challenger')}</th>
                <th className="num">{t('compare.difference')}</th>
                <th>{t('compare.better')}</th>
              </tr>
            </thead>
            <tbody>
              {cmp.metrics.map((m) => (
                <tr key={m.metric}>
                  <td>{m.metric}</td>
                  <td className="num">{formatNumber(m.champion)}</td>
                  <td className="num">{formatNumber(m.challenger)}</td>
                  <td className="num">
                    {formatNumber(m.difference)}
                    {m.differenceInterval && <span className="muted small"> [{formatNumber(m.differenceInterval.low)}, {formatNumber(m.differenceInterval.high)}]</span>}
                  </td>
                  <td>{m.better ? t(`compare.${m.better === 'tie' ? 'metric' : m.better}`) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {cmp.shadow && (
            <p className="small" data-testid="compare-shadow">
              {t('compare.shadow', { rows: formatCount(cmp.shadow.rows), labelled: formatCount(cmp.shadow.labelled), agreement: cmp.shadow.agreement === null ? '—' : formatPercent(cmp.shadow.agreement) })}
            </p>
          )}
          {cmp.mcnemar && <p className="small">{t('compare.mcnemar', { b: cmp.mcnemar.b, c: cmp.mcnemar.c, p: formatNumber(cmp.mcnemar.pValue) })}</p>}
          <div className={`mon-verdict ${cmp.recommendation === 'promote' ? 'good' : 'neutral'}`}>{said(cmp.recommendationText)}</div>
        </>
      )}
      <h3>{t('retrain.title')}</h3>
      <p className="muted small">{t('retrain.hint')}</p>
      <div className="row">
        <input type="text" placeholder={t('retrain.reason')} aria-label={t('retrain.reason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="retrain-reason" />
        <button className="primary" onClick={() => void runRetrain()} disabled={retrain.pending || status === t('retrain.running')} data-testid="retrain-start">
          {t('retrain.start')}
        </button>
      </div>
      <ErrorBox error={retrain.error} />
      {status && <p data-testid="retrain-status">{status}</p>}
    </div>
  );
}

/** The drift simulator form (teaching). */
export function SimulateCard({ model, onDone }: { model: string; onDone: () => void }) {
  const { t } = useTranslation('monitor');
  const simulate = useCommand('monitor.simulate');
  const [dataset, setDataset] = useState('');
  const [shifts, setShifts] = useState('');
  const [rows, setRows] = useState(500);
  const [days, setDays] = useState(7);
  const [delay, setDelay] = useState('1d');
  const [status, setStatus] = useState<string>();
  const start = async () => {
    setStatus(t('simulate.running'));
    const job = (await simulate.run({ dataset, model, shifts: shifts.split('\n').map((s) => s.trim()).filter(Boolean), rows, days, labelDelay: delay || undefined })) as Job | undefined;
    if (!job) return setStatus(undefined);
    const done = await waitJob(job.id);
    const r = done.result as { logged?: number; labelled?: number } | null;
    setStatus(done.status === 'succeeded' && r ? t('simulate.done', { logged: r.logged, labelled: r.labelled }) : done.error?.message);
    onDone();
  };
  return (
    <div className="card" data-testid="simulate-card">
      <h3>{t('simulate.title')}</h3>
      <p className="muted small">{t('simulate.hint')}</p>
      <div className="mon-form">
        <label>
          {t('simulate.dataset')}
          <input value={dataset} onChange={(e) => setDataset(e.target.value)} placeholder="iris@1" data-testid="simulate-dataset" />
        </label>
        <label>
          {t('simulate.shift')}
          <textarea rows={2} value={shifts} onChange={(e) => setShifts(e.target.value)} data-testid="simulate-shifts" />
        </label>
        <label>
          {t('simulate.rows')}
          <input type="number" min={1} value={rows} onChange={(e) => setRows(Number(e.target.value))} />
        </label>
        <label>
          {t('simulate.days')}
          <input type="number" min={1} value={days} onChange={(e) => setDays(Number(e.target.value))} />
        </label>
        <label>
          {t('simulate.labelDelay')}
          <input value={delay} onChange={(e) => setDelay(e.target.value)} />
        </label>
      </div>
      <button onClick={() => void start()} disabled={!dataset || simulate.pending} data-testid="simulate-start">
        {t('simulate.start')}
      </button>
      <ErrorBox error={simulate.error} />
      {status && <p data-testid="simulate-status">{status}</p>}
    </div>
  );
}

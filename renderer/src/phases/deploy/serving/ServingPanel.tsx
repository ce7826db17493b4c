import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommand, useQuery } from '../../../api/client';
import { formatCount, formatDate, formatNumber } from '../../../format';
import { ErrorBox } from '../../../components/ErrorBox';
import { DeployTabs } from '../DeployTabs';
import { ServerCard } from './ServerCard';
import { isVersionTarget, targetsOf } from './targets';
import './serving.css';

/**
 * The Deploy phase's serving panel: start a prediction server for a model version or alias (it runs in the
 * core process, not in this window), watch it live, copy example requests, stop it; deployment history.
 */
export function ServingPanel({ projectId }: { projectId?: string }) {
  const { t } = useTranslation('serving');
  const models = useQuery('model.list', projectId ? { project: projectId } : {}, ['model']);
  const servers = useQuery('serving.servers', {}, ['serving']);
  const history = useQuery('deployments.list', { limit: 50 }, ['serving', 'deployments']);
  const start = useCommand('serving.start');
  const [model, setModel] = useState('');
  const [target, setTarget] = useState('');
  const [runtime, setRuntime] = useState<'auto' | 'tfjs' | 'onnx'>('auto');
  const [batching, setBatching] = useState(true);
  const [port, setPort] = useState('0');
  const [shadow, setShadow] = useState('');
  const submitButton = useRef<HTMLButtonElement>(null);
  const { reload } = servers;
  const reloadHistory = history.reload;
  const running = servers.data?.length ?? 0;
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => {
      reload();
      reloadHistory();
    }, 1000);
    return () => clearInterval(id);
  }, [running, reload, reloadHistory]);
  const list = models.data?.filter((m) => !m.archived && m.versionCount > 0) ?? [];
  const chosen = list.find((m) => m.name === model) ?? list[0];
  const targets = targetsOf(chosen);
  const pick = targets.includes(target) ? target : targets[0];
  const shadowTargets = targets.filter((x) => x !== pick);
  const shadowPick = shadowTargets.includes(shadow) ? shadow : '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen || !pick) return;
    const res = await start.run({
      refs: [`${chosen.name}${pick}`],
      shadows: shadowPick ? [`${chosen.name}${shadowPick}`] : undefined,
      port: Number(port) || 0,
      runtime,
      maxDelayMs: batching ? 2 : 0,
    });
    if (res) {
      reload();
      reloadHistory();
    }
  };
  const error = models.error ?? servers.error ?? history.error;
  return (
    <div className="stack serving-panel" data-testid="serving-panel">
      <div className="page-head">
        <div className="grow">
          <h1>{t('title')}</h1>
          <p className="subtitle">{t('subtitle')}</p>
        </div>
      </div>
      <DeployTabs current="serving" projectId={projectId} />
      {error && <ErrorBox error={error} />}
      <form className="card" onSubmit={(e) => void submit(e)} data-testid="serving-start">
        <h2>{t('start.title')}</h2>
        {models.data && list.length === 0 ? (
          <p className="muted">{t('start.noModels')}</p>
        ) : (
          <div className="row serving-form">
            <label className="field">
              <span>{t('start.model')}</span>
              <select value={chosen?.name ?? ''} onChange={(e) => setModel(e.target.value)} data-testid="serving-model">
                {list.map((m) => (
                  <option key={m.id} value={m.name}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('start.target')}</span>
              <select value={pick ?? ''} onChange={(e) => setTarget(e.target.value)} data-testid="serving-target">
                {targets.map((x) => (
                  <option key={x} value={x}>
                    {isVersionTarget(x) ? t('start.version', { version: x.slice(1) }) : t('start.alias', { alias: x.slice(1) })}
                  </option>
                ))}
              </select>
            </label>
            <label className="field" title={t('start.shadowHint')}>
              <span>{t('start.shadow')}</span>
              <select value={shadowPick} onChange={(e) => setShadow(e.target.value)} data-testid="serving-shadow">
                <option value="">{t('start.shadowNone')}</option>
                {shadowTargets.map((x) => (
                  <option key={x} value={x}>
                    {isVersionTarget(x) ? t('start.version', { version: x.slice(1) }) : t('start.alias', { alias: x.slice(1) })}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('start.runtime')}</span>
              <select value={runtime} onChange={(e) => setRuntime(e.target.value as typeof runtime)} data-testid="serving-runtime">
                <option value="auto">{t('start.runtimeAuto')}</option>
                <option value="onnx">ONNX Runtime</option>
                <option value="tfjs">TensorFlow.js</option>
              </select>
            </label>
            <label className="field">
              <span>{t('start.port')}</span>
              <input type="number" min={0} max={65535} value={port} onChange={(e) => setPort(e.target.value)} data-testid="serving-port" />
            </label>
            <label className="row small">
              <input type="checkbox" checked={batching} onChange={(e) => setBatching(e.target.checked)} />
              <span>{t('start.batching')}</span>
            </label>
            <button ref={submitButton} type="submit" className="primary" disabled={!pick || start.pending} data-testid="serving-submit">
              {start.pending ? t('start.starting') : t('start.submit')}
            </button>
          </div>
        )}
        <p className="small muted">{t('start.hint')}</p>
        {shadowPick && <p className="small muted">{t('start.shadowHint')}</p>}
        {start.error && <ErrorBox error={start.error} />}
      </form>
      {servers.data?.map((s) => (
        <ServerCard key={s.id} server={s} projectId={projectId} onStopped={() => (submitButton.current?.focus(), reload(), reloadHistory())} />
      ))}
      <section className="card">
        <h2>{t('history.title')}</h2>
        {history.data && history.data.length === 0 ? (
          <p className="muted">{t('history.empty')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data" data-testid="serving-history">
              <thead>
                <tr>
                  <th>{t('history.model')}</th>
                  <th className="num">{t('history.version')}</th>
                  <th>{t('history.address')}</th>
                  <th>{t('history.runtime')}</th>
                  <th>{t('history.status')}</th>
                  <th className="num">{t('history.requests')}</th>
                  <th className="num">p50 / p99</th>
                  <th className="num">{t('history.swaps')}</th>
                  <th>{t('history.started')}</th>
                </tr>
              </thead>
              <tbody>
                {history.data?.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <span className="nowrap">{d.modelName}</span>
                      {d.alias && <div className="small muted nowrap">@{d.alias}</div>}
                    </td>
                    <td className="num">{d.version ?? '—'}</td>
                    <td className="mono">{d.port ? `${d.host}:${d.port}` : '—'}</td>
                    <td>{d.runtime ?? '—'}</td>
                    <td>{t(`history.${d.status}`)}</td>
                    <td className="num">{formatCount(d.requests)}</td>
                    <td className="num nowrap">{d.p50Ms === null ? '—' : `${formatNumber(d.p50Ms, 2)} / ${formatNumber(d.p99Ms, 2)} ms`}</td>
                    <td className="num">{formatCount(d.swaps.length)}</td>
                    <td>{formatDate(d.startedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import type { ServerStatus } from '../../../../../shared/schemas/serving';
import { useCommand } from '../../../api/client';
import { formatCount, formatNumber, formatPercent, formatTime } from '../../../format';
import { LineSeriesChart } from '../../../charts/LineSeriesChart';
import { ErrorBox } from '../../../components/ErrorBox';
import { hrefFor } from '../../../navigation';
import { ExampleRequests } from './ExampleRequests';

const time = (ms: number) => formatTime(ms, true);

/** One running prediction server: address, what it serves, live figures and charts, swaps, example requests. */
export function ServerCard({ server, onStopped, projectId }: { server: ServerStatus; onStopped: () => void; projectId?: string }) {
  const { t } = useTranslation('serving');
  const { t: tl } = useTranslation('monitor-loop');
  const stop = useCommand('serving.stop');
  const ticks = server.ticks.slice(-120);
  const last = ticks.slice(-5);
  const sum = (k: 'requests' | 'errors' | 'rows') => last.reduce((a, x) => a + x[k], 0);
  const rate = last.length ? sum('requests') / last.length : 0;
  const errRate = sum('requests') ? sum('errors') / sum('requests') : 0;
  const latest = [...ticks].reverse().find((x) => x.p50Ms !== null);
  const x = ticks.map((k) => k.t);
  const line = (id: string, label: string, y: (number | null)[], colorIndex: number) => ({
    id,
    label,
    x: x.filter((_, i) => y[i] !== null),
    y: y.filter((v): v is number => v !== null),
    colorIndex,
  });
  return (
    <section className="card serving-server" data-testid="serving-server">
      <div className="row">
        <h2 className="grow">
          <a href={server.url + '/'} target="_blank" rel="noreferrer" className="mono" data-testid="serving-url">
            {server.url}
          </a>
        </h2>
        <button
          type="button"
          className="danger"
          disabled={stop.pending}
          onClick={() => void stop.run({ id: server.id }).then((ok) => ok && onStopped())}
          data-testid="serving-stop"
        >
          {t('server.stop')}
        </button>
      </div>
      {stop.error && <ErrorBox error={stop.error} />}
      {server.token && (
        <p className="small">
          {t('server.token')} <span className="mono">{server.token}</span>
        </p>
      )}
      <ul className="serving-models">
        {server.models.map((m) => (
          <li key={m.name} data-testid={`serving-model-${m.name}`}>
            <strong>{m.name}</strong> {t('server.version', { version: m.version })}
            {m.alias ? ` · ${t('server.follows', { alias: m.alias })}` : ''} · {t('server.runtime', { runtime: m.runtime })} ·{' '}
            <a href={hrefFor('monitor', [], { project: projectId, model: `${m.name}@${m.version}` })} data-testid={`serving-monitor-${m.name}`}>
              {tl('serving.monitor')}
            </a>
            {m.lastError && <div className="alert warn small">{t('server.followError', { message: m.lastError })}</div>}
            {m.shadow && (
              <div className="small" data-testid={`serving-shadow-${m.name}`}>
                {t('server.shadow', {
                  ref: m.shadow.ref,
                  version: m.shadow.version,
                  runtime: m.shadow.runtime,
                  scored: formatCount(m.shadow.scored),
                  failed: formatCount(m.shadow.failed),
                  dropped: formatCount(m.shadow.dropped),
                })}
                {m.shadow.lastError && <div className="alert warn small">{t('server.shadowError', { message: m.shadow.lastError })}</div>}
              </div>
            )}
            {m.swaps.length > 0 && (
              <details className="small" data-testid="serving-swaps">
                <summary>{t('server.swaps', { count: m.swaps.length })}</summary>
                <ul>
                  {m.swaps.map((s) => (
                    <li key={s.at}>{t('server.swap', { time: time(Date.parse(s.at)), from: s.from ?? '—', to: s.to, ms: formatCount(s.ms) })}</li>
                  ))}
                </ul>
              </details>
            )}
            <ExampleRequests baseUrl={server.url} model={m} token={server.token} />
          </li>
        ))}
      </ul>
      <div className="serving-tiles row">
        <div className="tile" data-testid="serving-rate">
          <span className="muted small">{t('live.rate')}</span>
          <strong>{formatNumber(rate, 1)}</strong>
        </div>
        <div className="tile">
          <span className="muted small">p50</span>
          <strong>{latest ? `${formatNumber(latest.p50Ms, 2)} ms` : '—'}</strong>
        </div>
        <div className="tile">
          <span className="muted small">p95</span>
          <strong>{latest ? `${formatNumber(latest.p95Ms, 2)} ms` : '—'}</strong>
        </div>
        <div className="tile">
          <span className="muted small">p99</span>
          <strong>{latest ? `${formatNumber(latest.p99Ms, 2)} ms` : '—'}</strong>
        </div>
        <div className="tile">
          <span className="muted small">{t('live.errors')}</span>
          <strong>{formatPercent(errRate)}</strong>
        </div>
        <div className="tile" data-testid="serving-total">
          <span className="muted small">{t('live.total')}</span>
          <strong>{formatCount(server.totals.requests)}</strong>
        </div>
      </div>
      <div className="serving-charts">
        <LineSeriesChart
          height={160}
          formatX={time}
          emptyText={t('live.noTraffic')}
          series={[
            line(
              'rps',
              t('live.rate'),
              ticks.map((k) => k.requests),
              0,
            ),
            line(
              'err',
              t('live.errors'),
              ticks.map((k) => k.errors),
              3,
            ),
          ]}
          testId="serving-chart-rate"
        />
        <LineSeriesChart
          height={160}
          formatX={time}
          emptyText={t('live.noTraffic')}
          series={[
            line(
              'p50',
              'p50 ms',
              ticks.map((k) => k.p50Ms),
              0,
            ),
            line(
              'p95',
              'p95 ms',
              ticks.map((k) => k.p95Ms),
              1,
            ),
            line(
              'p99',
              'p99 ms',
              ticks.map((k) => k.p99Ms),
              2,
            ),
          ]}
        />
        <LineSeriesChart
          height={160}
          formatX={time}
          emptyText={t('live.noTraffic')}
          series={[
            line(
              'batch',
              t('live.batch'),
              ticks.map((k) => k.meanBatch),
              4,
            ),
          ]}
        />
      </div>
    </section>
  );
}

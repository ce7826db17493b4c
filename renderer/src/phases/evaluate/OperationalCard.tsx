import { useTranslation } from 'react-i18next';
import type { Operational } from '../../../../shared/schemas/evaluation';
import { formatCount } from '../../format';
import { formatMetric } from './metric-format';

/** How the packaged model behaves in use: single-row latency, batch throughput, size and parameters. */
export function OperationalCard({ operational: o }: { operational: Operational }) {
  const { t } = useTranslation('evaluate');
  const ms = (v: number) => `${formatMetric('latency_p50_ms', v)} ms`;
  const items: [string, string, string, string?][] = [
    ['latency-mean', t('operational.latencyMean'), ms(o.latency.meanMs), t('operational.samples', { n: formatCount(o.latency.samples) })],
    ['latency-p50', t('operational.latencyP50'), ms(o.latency.p50Ms)],
    ['latency-p95', t('operational.latencyP95'), ms(o.latency.p95Ms)],
    [
      'throughput',
      t('operational.throughput'),
      `${formatMetric('throughput_rows_s', o.throughputRowsPerS)} ${t('evaluate-ui:operational.rowsPerS')}`,
      t('evaluate-ui:operational.overRows', { rows: formatCount(o.batchRows) }),
    ],
    ['size', t('operational.modelSize'), `${formatMetric('model_size_kb', o.modelSizeKb)} kB`],
    ['params', t('operational.params'), formatMetric('param_count', o.paramCount)],
  ];
  return (
    <section className="card" aria-labelledby="operational-title" data-testid="operational">
      <div className="row" style={{ marginBottom: 8 }}>
        <h2 id="operational-title" className="grow" style={{ margin: 0 }}>
          {t('operational.title')}
        </h2>
        <span className="small muted">
          {t('operational.backend')}: <span className="mono">{o.backend}</span>
        </span>
      </div>
      <div className="eval-tiles op">
        {items.map(([id, label, value, note]) => (
          <div key={id} className="eval-tile" data-testid={`op-${id}`}>
            <div className="small muted">{label}</div>
            <div className="eval-tile-value">{value}</div>
            {note && <div className="small muted">{note}</div>}
          </div>
        ))}
      </div>
    </section>
  );
}

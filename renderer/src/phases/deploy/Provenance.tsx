import { useTranslation } from 'react-i18next';
import { useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { formatMetricValue, metricDisplayName } from '../../format';
import { fmtDateTime } from './format';

/** Where an imported version came from, and what its exporter reported (kept apart from local results). */
export function Provenance({ refText }: { refText: string }) {
  const { t } = useTranslation('deploy');
  const p = useQuery('bundle.provenance', { model: refText }, ['bundle', 'model']);
  if (p.error) return <ErrorBox error={p.error} />;
  if (!p.data) return null;
  const d = p.data;
  return (
    <div className="card stack" data-testid="bundle-provenance">
      <h2>{t('provenance.title', { ref: refText })}</h2>
      <p>
        {t('provenance.text', {
          hash: d.manifestHash.slice(0, 16) + '…',
          fingerprint: d.signer.fingerprint,
          name: d.signer.name ? ` (${d.signer.name})` : '',
          original: `${d.originalModel}@${d.originalVersion}`,
        })}
      </p>
      <p className="muted small">{t('provenance.importedAt', { date: fmtDateTime(d.importedAt), user: d.importedBy })}</p>
      <h4>{t('provenance.reported')}</h4>
      {d.reported ? (
        <p data-testid="bundle-reported">
          {Object.entries(d.reported.metrics)
            .slice(0, 6)
            .map(([k, v]) => `${metricDisplayName(k)} ${formatMetricValue(k, v)}`)
            .join(' · ')}{' '}
          <span className="muted">
            {t('provenance.reportedOn', { dataset: d.reported.datasetRef ?? '—', gate: d.reported.gate ? t(`versions.gateStatus.${d.reported.gate}`) : '—' })}
          </span>
        </p>
      ) : (
        <p className="muted">{t('provenance.noReport')}</p>
      )}
      <p className="muted small">{t('provenance.localGate')}</p>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import type { PerformanceReport } from '../../../../shared/schemas/monitoring';
import { formatPercent } from '../../format';

/** Per column of the model: the share of logged rows with a missing value, and (categories) with a value the reference never had. */
export function ColumnHealth({ operational }: { operational: PerformanceReport['operational'] }) {
  const { t } = useTranslation('monitor');
  const { t: tl } = useTranslation('monitor-loop');
  const names = Object.keys(operational.missingRate);
  if (!names.length || !operational.requests) return null;
  return (
    <details className="small" data-testid="column-health">
      <summary>{tl('health.title')}</summary>
      <table className="data">
        <thead>
          <tr>
            <th>{t('drift.column')}</th>
            <th className="num">{t('performance.missing')}</th>
            <th className="num">{t('performance.unknown')}</th>
          </tr>
        </thead>
        <tbody>
          {names.map((n) => (
            <tr key={n}>
              <td>{n}</td>
              <td className="num">{formatPercent(operational.missingRate[n])}</td>
              <td className="num">{operational.unknownCategoryRate[n] === undefined ? '—' : formatPercent(operational.unknownCategoryRate[n])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

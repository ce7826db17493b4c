import { useTranslation } from 'react-i18next';
import type { MetricValues, PerClass } from '../../../../shared/schemas/evaluation';
import { formatCount } from '../../format';
import { formatMetric } from './metric-format';

/** Precision, recall, F1, support and ROC AUC per class, with the macro and weighted averages (per-class AP is in the PR chart's legend). */
export interface PerClassTableProps {
  perClass: PerClass[];
  metrics: MetricValues;
  rows: number;
  /** Multiclass: ROC AUC and average precision are one-vs-rest macro averages (binary: the positive class's row). */
  multiclass: boolean;
}

export function PerClassTable({ perClass, metrics, rows, multiclass }: PerClassTableProps) {
  const { t } = useTranslation('evaluate');
  const f = (v: number | null | undefined) => formatMetric('f1', v);
  return (
    <section className="card" aria-labelledby="perclass-title" data-testid="per-class">
      <h2 id="perclass-title">{t('perClass.title')}</h2>
      <div className="table-scroll">
        <table className="data compact">
          <thead>
            <tr>
              <th>{t('perClass.class')}</th>
              <th className="num">{t('perClass.precision')}</th>
              <th className="num">{t('perClass.recall')}</th>
              <th className="num">{t('perClass.f1')}</th>
              <th className="num">{t('perClass.support')}</th>
              <th className="num" title={t('perClass.auc')}>
                {t('evaluate-ui:perClass.auc')}
              </th>
            </tr>
          </thead>
          <tbody>
            {perClass.map((c) => (
              <tr key={c.label}>
                <td>{c.label}</td>
                <td className="num">{f(c.precision)}</td>
                <td className="num">{f(c.recall)}</td>
                <td className="num">{f(c.f1)}</td>
                <td className="num">{formatCount(c.support)}</td>
                <td className="num">{f(c.rocAuc)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('perClass.macro')}</th>
              <td className="num">{f(metrics.precision_macro)}</td>
              <td className="num">{f(metrics.recall_macro)}</td>
              <td className="num">{f(metrics.f1_macro)}</td>
              <td className="num">{formatCount(rows)}</td>
              <td className="num">{multiclass ? f(metrics.roc_auc) : '—'}</td>
            </tr>
            <tr>
              <th scope="row">{t('perClass.weighted')}</th>
              <td className="num">—</td>
              <td className="num">—</td>
              <td className="num">{f(metrics.f1_weighted)}</td>
              <td className="num">{formatCount(rows)}</td>
              <td className="num">—</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

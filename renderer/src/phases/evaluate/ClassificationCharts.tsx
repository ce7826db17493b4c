import { useTranslation } from 'react-i18next';
import type { EvaluationDetails } from '../../../../shared/schemas/evaluation';
import { CurveChart, type Curve } from '../../charts/CurveChart';
import { formatCount } from '../../format';
import { formatMetric } from './metric-format';

type Classification = Extract<EvaluationDetails, { kind: 'classification' }>;

const diagonal = (id: string, label: string): Curve => ({ id, label, x: [0, 1], y: [0, 1], reference: true });

/** ROC, precision-recall and calibration curves: one per class (one-vs-rest), or the positive class of a binary task. */
export function ClassificationCharts({ details: d }: { details: Classification }) {
  const { t } = useTranslation('evaluate-ui');
  const ev = (k: string, o: Record<string, unknown> = {}) => t(`evaluate:${k}`, o);
  const colorOf = (label: string) => Math.max(0, d.classes.indexOf(label));
  const roc: Curve[] = [
    ...d.roc.map((c) => ({ id: c.label, label: t('charts.withAuc', { label: c.label, value: formatMetric('roc_auc', c.auc) }), x: c.fpr, y: c.tpr, colorIndex: colorOf(c.label) })),
    diagonal('chance', ev('roc.chance')),
  ];
  const pr: Curve[] = d.pr.map((c) => ({
    id: c.label,
    label: t('charts.withAp', { label: c.label, value: formatMetric('average_precision', c.averagePrecision) }),
    x: c.recall,
    y: c.precision,
    colorIndex: colorOf(c.label),
  }));
  if (d.pr.length === 1) pr.push({ id: 'baseline', label: ev('pr.baseline'), x: [0, 1], y: [d.pr[0].baseline, d.pr[0].baseline], reference: true });
  const calibration: Curve[] = [
    ...d.calibration.map((c) => ({ id: c.label, label: c.label, x: c.bins.map((b) => b.meanPredicted), y: c.bins.map((b) => b.fractionPositive), colorIndex: colorOf(c.label) })),
    diagonal('perfect', ev('calibration.perfect')),
  ];
  const thinned = [...d.roc, ...d.pr].filter((c) => c.downsampled);
  return (
    <section className="card" aria-labelledby="curves-title" data-testid="curves">
      <h2 id="curves-title">{t('charts.title')}</h2>
      <div className="grid-3 eval-curves">
        <div>
          <h3>{ev('roc.title')}</h3>
          <CurveChart curves={roc} xLabel={ev('roc.x')} yLabel={ev('roc.y')} label={ev('roc.title')} testId="chart-roc" />
        </div>
        <div>
          <h3>{ev('pr.title')}</h3>
          <CurveChart curves={pr} xLabel={ev('pr.x')} yLabel={ev('pr.y')} label={ev('pr.title')} testId="chart-pr" />
        </div>
        <div>
          <h3>{ev('calibration.title')}</h3>
          <CurveChart curves={calibration} xLabel={ev('calibration.x')} yLabel={ev('calibration.y')} label={ev('calibration.title')} dots testId="chart-calibration" />
        </div>
      </div>
      <p className="small muted" style={{ margin: '8px 0 0' }}>
        {d.positiveClass ? t('charts.binaryNote', { positive: d.positiveClass }) : t('charts.oneVsRest')}
        {thinned.length > 0 && ` ${t('charts.thinned', { total: formatCount(Math.max(...thinned.map((c) => c.points))) })}`}
      </p>
    </section>
  );
}

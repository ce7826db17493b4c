import { useTranslation } from 'react-i18next';
import type { EvaluationDetails } from '../../../../shared/schemas/evaluation';
import { Histogram } from '../../charts/Histogram';
import { ScatterPlot } from '../../charts/ScatterPlot';
import { formatCount } from '../../format';
import { formatMetric } from './metric-format';

type Regression = Extract<EvaluationDetails, { kind: 'regression' }>;

/** Predicted against actual values (points on the diagonal are exact) and the distribution of residuals. */
export function RegressionCharts({ details: d }: { details: Regression }) {
  const { t } = useTranslation('evaluate-ui');
  const ev = (k: string, o: Record<string, unknown> = {}) => t(`evaluate:${k}`, o);
  return (
    <section className="card" aria-labelledby="regression-title" data-testid="regression-charts">
      <h2 id="regression-title">{t('charts.title')}</h2>
      <div className="grid-2">
        <div>
          <h3>{ev('residuals.scatterTitle')}</h3>
          <ScatterPlot
            x={d.points.actual}
            y={d.points.predicted}
            xLabel={ev('residuals.actual')}
            yLabel={ev('residuals.predicted')}
            label={ev('residuals.scatterTitle')}
            identity
            testId="chart-predicted-actual"
          />
          {d.points.downsampled && <p className="small muted">{t('charts.pointsThinned', { shown: formatCount(d.points.actual.length), total: formatCount(d.points.total) })}</p>}
        </div>
        <div>
          <h3>{ev('residuals.histogramTitle')}</h3>
          <Histogram
            edges={d.residualHistogram.edges}
            counts={d.residualHistogram.counts}
            height={280}
            colorIndex={1}
            label={ev('residuals.histogramTitle')}
            testId="chart-residuals"
          />
          <p className="small muted">{ev('residuals.meanStd', { mean: formatMetric('mae', d.residualMean), std: formatMetric('mae', d.residualStd) })}</p>
        </div>
      </div>
      {d.mapeExcluded > 0 && <p className="small muted">{ev('residuals.mapeExcluded', { n: formatCount(d.mapeExcluded) })}</p>}
    </section>
  );
}

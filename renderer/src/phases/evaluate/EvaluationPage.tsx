import { useTranslation } from 'react-i18next';
import { useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor } from '../../navigation';
import { ClassificationCharts } from './ClassificationCharts';
import { ConfusionCard } from './ConfusionCard';
import { ExportButtons } from './ExportButtons';
import { GateBadge } from './GateBadge';
import { GateChecklist } from './GateChecklist';
import { MetricTiles } from './MetricTiles';
import { Notes } from './Notes';
import { OperationalCard } from './OperationalCard';
import { PerClassTable } from './PerClassTable';
import { RegressionCharts } from './RegressionCharts';
import { SlicesCard } from './SlicesCard';
import { formatCount, formatDate } from '../../format';

/** One evaluation: the verdict and gates first, then metrics, charts, slices and operational figures. */
export function EvaluationPage({ projectId, evaluationId }: { projectId: string; evaluationId: string }) {
  const { t } = useTranslation('evaluate-ui');
  const evaluation = useQuery('eval.get', { id: evaluationId }, ['eval']);
  if (evaluation.error) return <ErrorBox error={evaluation.error} />;
  const e = evaluation.data;
  if (!e) return <span className="spinner" />;
  const d = e.details;
  return (
    <div className="stack eval-page" data-testid="eval-page" data-gate={e.gateStatus}>
      <a className="small" href={hrefFor('evaluate', [], { project: projectId })}>
        ← {t('page.back')}
      </a>
      <div className="page-head">
        <div className="grow">
          <h1>{t('page.title', { run: e.runName })}</h1>
          <p className="subtitle" data-testid="eval-subtitle">
            <span className="mono">{e.datasetRef}</span> · {t(`subset.${e.subset}`)} · {t('page.rows', { count: e.rows, rows: formatCount(e.rows) })} · {formatDate(e.createdAt)}
          </p>
        </div>
        <div className="stack eval-head-side">
          <GateBadge passed={e.gatePassed} status={e.gateStatus} failed={e.gate.failed} large />
          <ExportButtons evaluationId={e.id} />
        </div>
      </div>
      <Notes evaluation={e} />
      <GateChecklist gate={e.gate} />
      <MetricTiles
        metrics={e.metrics}
        taskType={e.taskType}
        gate={e.gate}
        intervals={e.intervals}
        positiveClass={e.details.kind === 'classification' ? e.details.positiveClass : null}
      />
      {d.kind === 'classification' ? (
        <>
          <div className="eval-cls">
            <ConfusionCard classes={d.classes} confusion={d.confusion} />
            <PerClassTable perClass={d.perClass} metrics={e.metrics} rows={e.rows} multiclass={d.positiveClass === null} />
          </div>
          <ClassificationCharts details={d} />
        </>
      ) : (
        <RegressionCharts details={d} />
      )}
      <SlicesCard evaluation={e} />
      <OperationalCard operational={e.operational} />
    </div>
  );
}

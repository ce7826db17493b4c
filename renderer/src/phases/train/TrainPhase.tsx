import { useTranslation } from 'react-i18next';
import { useQuery } from '../../api/client';
import { EmptyPhase } from '../../components/EmptyPhase';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor } from '../../navigation';
import type { PhaseProps } from '../index';
import { ComparePage } from './ComparePage';
import { DesignPage } from './DesignPage';
import { RunPage } from './RunPage';
import { RunTable } from './RunTable';
import './train.css';

/**
 * Train: #/train lists the runs, #/train/new designs and starts one, #/train/run/ID shows a run (live
 * while it trains), #/train/compare?ids=a,b compares runs. Without a data set the phase says what it needs.
 */
export function TrainPhase(props: PhaseProps) {
  return (
    <div className="train-phase">
      <TrainView {...props} />
    </div>
  );
}

function TrainView({ route, projectId }: PhaseProps) {
  const { t } = useTranslation('train');
  const project = useQuery('project.get', projectId ? { project: projectId } : null, ['project']);
  const datasets = useQuery('dataset.list', projectId ? { project: projectId } : null, ['dataset']);
  if (!projectId) return <EmptyPhase phase="train" needs="design" />;
  if (project.error || datasets.error) return <ErrorBox error={project.error ?? datasets.error} />;
  if (!project.data || !datasets.data) return <span className="spinner" />;
  const [mode, id] = route.rest;
  if (mode === 'run' && id) return <RunPage projectId={projectId} runId={id} />;
  if (mode === 'compare') return <ComparePage projectId={projectId} ids={(route.params.ids ?? '').split(',').filter(Boolean)} />;
  if (datasets.data.length === 0) return <EmptyPhase phase="train" needs="data" project={projectId} />;
  if (mode === 'new') return <DesignPage project={project.data} />;
  return (
    <div data-testid="train-home">
      <div className="page-head">
        <div className="grow">
          <h1>{t('home.title')}</h1>
          <p className="subtitle">{t('home.subtitle', { project: project.data.name })}</p>
        </div>
        <a className="button primary" href={hrefFor('train', ['new'], { project: projectId })} data-testid="train-new">
          + {t('home.newRun')}
        </a>
      </div>
      <RunTable projectId={projectId} taskType={project.data.taskType} />
    </div>
  );
}

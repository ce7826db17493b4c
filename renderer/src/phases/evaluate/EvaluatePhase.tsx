import { useTranslation } from 'react-i18next';
import { metricsForTask } from '../../../../shared/metrics';
import { useQuery } from '../../api/client';
import { EmptyPhase } from '../../components/EmptyPhase';
import { ErrorBox } from '../../components/ErrorBox';
import { navigate } from '../../navigation';
import type { PhaseProps } from '../index';
import { ComparePage } from './ComparePage';
import { EvaluationList } from './EvaluationList';
import { EvaluationPage } from './EvaluationPage';
import { StartEvaluation } from './StartEvaluation';
import './evaluate.css';

/**
 * Evaluate: #/evaluate starts an evaluation and lists the stored ones, #/evaluate/e/ID shows one,
 * #/evaluate/compare?a=ID&b=ID compares two. Without a finished run the phase says what it needs.
 */
export function EvaluatePhase(props: PhaseProps) {
  return (
    <div className="evaluate-phase">
      <EvaluateView {...props} />
    </div>
  );
}

function EvaluateView({ route, projectId }: PhaseProps) {
  const [mode, id] = route.rest;
  if (!projectId) return <EmptyPhase phase="evaluate" needs="design" />;
  if (mode === 'e' && id) return <EvaluationPage projectId={projectId} evaluationId={id} />;
  if (mode === 'compare') return <ComparePage projectId={projectId} a={route.params.a} b={route.params.b} />;
  return <EvaluateHome projectId={projectId} initialRun={route.params.run} />;
}

function EvaluateHome({ projectId, initialRun }: { projectId: string; initialRun?: string }) {
  const { t } = useTranslation('evaluate-ui');
  const project = useQuery('project.get', { project: projectId }, ['project']);
  const runs = useQuery('run.list', { project: projectId, status: ['succeeded'], limit: 200 }, ['run', 'train']);
  const evaluations = useQuery('eval.list', { project: projectId, limit: 200 }, ['eval']);
  const error = project.error ?? runs.error ?? evaluations.error;
  if (error) return <ErrorBox error={error} />;
  if (!project.data || !runs.data || !evaluations.data) return <span className="spinner" />;
  if (runs.data.items.length === 0 && evaluations.data.length === 0) return <EmptyPhase phase="evaluate" needs="train" project={projectId} />;
  const criteria = [...new Set(project.data.criteria.map((c) => c.metric))];
  const columns = criteria.length
    ? criteria.slice(0, 4)
    : metricsForTask(project.data.taskType)
        .slice(0, 1)
        .map((m) => m.name);
  return (
    <div className="stack" data-testid="evaluate-home">
      <div className="page-head">
        <div className="grow">
          <h1>{t('home.title')}</h1>
          <p className="subtitle">{t('home.subtitle', { project: project.data.name })}</p>
        </div>
      </div>
      {runs.data.items.length > 0 ? (
        <StartEvaluation projectId={projectId} runs={runs.data.items} initialRun={initialRun} onDone={(id) => navigate('evaluate', ['e', id], { project: projectId })} />
      ) : (
        <div className="alert info">{t('home.noFinishedRun')}</div>
      )}
      <EvaluationList projectId={projectId} evaluations={evaluations.data} columns={columns} />
    </div>
  );
}

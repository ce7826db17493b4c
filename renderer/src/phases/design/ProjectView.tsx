import { useTranslation } from 'react-i18next';
import { metricByName, splitMetricKey } from '../../../../shared/metrics';
import { lifecycleStages } from '../../../../shared/schemas/project';
import { useCommand, useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { formatDate, metricDisplayName } from '../../format';
import { ruleText } from '../evaluate/metric-format';
import { hrefFor, phases } from '../../navigation';

/** One project's charter: what it is for, who owns it, and the criteria a model must meet. */
export function ProjectView({ id }: { id: string }) {
  const { t } = useTranslation('design');
  const project = useQuery('project.get', { project: id }, ['project', 'dataset', 'run', 'eval', 'model']);
  const archive = useCommand('project.archive');
  if (project.error) return <ErrorBox error={project.error} />;
  if (!project.data) return <p className="muted">{t('common:state.loading')}</p>;
  const p = project.data;
  const next = phases[Math.min(lifecycleStages.indexOf(p.stage) + 1, phases.length - 1)];
  return (
    <div data-testid="project-view">
      <div className="page-head">
        <div className="grow">
          <h1>
            {p.name} {p.archived && <span className="badge">{t('list.archived')}</span>}
          </h1>
          <p className="subtitle">
            {t(`common:task.${p.taskType}`)} · {t('view.stage')}: <span className="badge accent">{t(`common:stage.${p.stage}`)}</span>
          </p>
        </div>
        <a className="button" href={hrefFor('design', ['edit'], { project: p.id })} data-testid="project-edit">
          {t('common:actions.edit')}
        </a>
        <button type="button" onClick={() => void archive.run({ project: p.id, archived: !p.archived })}>
          {p.archived ? t('view.restore') : t('view.archive')}
        </button>
        {!p.archived && (
          <a className="button primary" href={hrefFor(next, [], { project: p.id })}>
            {t('view.continue', { phase: t(`common:phases.${next}.title`) })}
          </a>
        )}
      </div>
      <ErrorBox error={archive.error} />
      <div className="grid-2">
        <div className="card stack">
          <h2>{t('view.charter')}</h2>
          <Field label={t('form.description')} value={p.description} />
          <Field label={t('form.intendedUse')} value={p.intendedUse} />
          <Field label={t('form.owner')} value={p.owner} />
          {p.taskType === 'binary' && (
            <div data-testid="project-positive-class">
              <div className="small muted">{t('quality:positive.show')}</div>
              <div>{p.positiveClass ?? <span className="muted">{t('quality:positive.notChosen')}</span>}</div>
            </div>
          )}
          <div className="small muted">
            {t('view.created', { date: formatDate(p.createdAt) })} · {t('view.updated', { date: formatDate(p.updatedAt) })}
          </div>
        </div>
        <div className="card">
          <h2>{t('criteria.title')}</h2>
          {p.criteria.length === 0 ? (
            <p className="muted">{t('view.noCriteria')}</p>
          ) : (
            <table className="data" data-testid="criteria-table">
              <thead>
                <tr>
                  <th>{t('criteria.metric')}</th>
                  <th>{t('criteria.rule')}</th>
                  <th>{t('criteria.meaning')}</th>
                </tr>
              </thead>
              <tbody>
                {p.criteria.map((c) => (
                  <tr key={c.metric}>
                    <td title={c.metric}>{metricDisplayName(c.metric)}</td>
                    <td className="nowrap">{ruleText(c.metric, c.comparator, c.threshold)}</td>
                    <td className="small muted">
                      {t(`metrics.${splitMetricKey(c.metric).base}`)}
                      {splitMetricKey(c.metric).classLabel !== null ? ` (${splitMetricKey(c.metric).classLabel})` : ''} ·{' '}
                      {metricByName.get(c.metric)?.better === 'lower' ? t('view.lowerBetter') : t('view.higherBetter')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </div>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation('design');
  return (
    <div>
      <div className="small muted">{label}</div>
      <div style={{ whiteSpace: 'pre-wrap' }}>{value || <span className="muted">{t('view.notSet')}</span>}</div>
    </div>
  );
}

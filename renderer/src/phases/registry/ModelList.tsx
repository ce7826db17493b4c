import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../../api/client';
import { EmptyPhase } from '../../components/EmptyPhase';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor, navigate } from '../../navigation';
import { AliasChips } from './AliasChips';
import { formatDate } from '../../format';

/**
 * The registered models of the selected project (or of every project), most recently changed first.
 * `tabs` (models / audit trail) sit under the title, as in Deploy.
 */
export function ModelList({ projectId, tabs }: { projectId?: string; tabs?: ReactNode }) {
  const { t } = useTranslation('registry-ui');
  const models = useQuery('model.list', projectId ? { project: projectId, includeArchived: true } : { includeArchived: true }, ['model']);
  const project = useQuery('project.get', projectId ? { project: projectId } : null, ['project']);
  const evaluations = useQuery('eval.list', projectId ? { project: projectId, limit: 1 } : null, ['eval']);
  const error = models.error ?? project.error ?? evaluations.error;
  if (error)
    return (
      <>
        {tabs}
        <ErrorBox error={error} />
      </>
    );
  if (!models.data || (projectId && (!project.data || !evaluations.data))) return <span className="spinner" />;
  const list = models.data;
  if (projectId && list.length === 0 && evaluations.data?.length === 0)
    return (
      <>
        <EmptyPhase phase="registry" needs="evaluate" project={projectId} />
        {tabs}
      </>
    );

  return (
    <div className="stack" data-testid="model-list">
      <div className="page-head">
        <div className="grow">
          <h1>{t('list.title')}</h1>
          <p className="subtitle">{project.data ? t('list.subtitleProject', { project: project.data.name }) : t('list.subtitleAll')}</p>
        </div>
        {projectId && (
          <a className="button primary" href={hrefFor('registry', ['register'], { project: projectId })} data-testid="register-open">
            + {t('list.register')}
          </a>
        )}
      </div>
      {tabs}
      {list.length === 0 ? (
        <div className="card empty-rows" data-testid="no-models">
          <h3>{t('list.emptyTitle')}</h3>
          <p className="muted">{projectId ? t('list.emptyProject') : t('list.emptyAll')}</p>
        </div>
      ) : (
        <div className="card flush">
          <table className="data">
            <thead>
              <tr>
                <th>{t('list.name')}</th>
                {!projectId && <th>{t('list.project')}</th>}
                <th className="num">{t('list.versions')}</th>
                <th>{t('list.aliases')}</th>
                <th>{t('list.production')}</th>
                <th>{t('list.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((m) => (
                <tr
                  key={m.id}
                  className="clickable"
                  onClick={() => navigate('registry', ['model', m.name, 'versions'], { project: m.projectId })}
                  data-testid={`model-row-${m.name}`}
                >
                  <td>
                    <a href={hrefFor('registry', ['model', m.name, 'versions'], { project: m.projectId })} className="strong" onClick={(e) => e.stopPropagation()}>
                      {m.name}
                    </a>
                    {m.archived && <span className="badge small-badge">{t('list.archived')}</span>}
                    {m.description && <div className="muted small clamp">{m.description}</div>}
                  </td>
                  {!projectId && <td>{m.projectName}</td>}
                  <td className="num">{m.versionCount}</td>
                  <td>
                    <AliasChips aliases={m.aliases} />
                  </td>
                  <td>{m.productionVersion !== null ? <span className="badge ok">v{m.productionVersion}</span> : <span className="muted">—</span>}</td>
                  <td className="muted small">{formatDate(m.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

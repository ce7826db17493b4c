import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCriterion } from '../../../../shared/schemas/charter';
import { useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor, navigate } from '../../navigation';

/** All projects with their task, criteria and stage; archived ones on request. */
export function ProjectList() {
  const { t } = useTranslation('design');
  const [showArchived, setShowArchived] = useState(false);
  const projects = useQuery('project.list', { includeArchived: showArchived }, ['project']);
  const list = projects.data ?? [];
  return (
    <div>
      <div className="page-head">
        <div className="grow">
          <h1>{t('list.title')}</h1>
          <p className="subtitle">{t('list.subtitle')}</p>
        </div>
        <a className="button primary" href={hrefFor('design', ['new'])} data-testid="design-new-project">
          {t('list.new')}
        </a>
      </div>
      <ErrorBox error={projects.error} />
      <div className="card">
        <div className="row" style={{ marginBottom: 8 }}>
          <label className="row small muted" style={{ gap: 6 }}>
            <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
            {t('list.showArchived')}
          </label>
        </div>
        {!projects.loading && list.length === 0 ? (
          <p className="muted">{t('list.empty')}</p>
        ) : (
          <table className="data" data-testid="project-table">
            <thead>
              <tr>
                <th>{t('list.name')}</th>
                <th>{t('list.task')}</th>
                <th>{t('list.criteria')}</th>
                <th>{t('list.stage')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.id} className="clickable" onClick={() => navigate('design', [], { project: p.id })}>
                  <td>
                    <a href={hrefFor('design', [], { project: p.id })}>{p.name}</a> {p.archived && <span className="badge">{t('list.archived')}</span>}
                  </td>
                  <td>{t(`common:task.${p.taskType}`)}</td>
                  <td className="mono small">{p.criteria.map(formatCriterion).join(' · ') || '—'}</td>
                  <td>
                    <span className="badge accent">{t(`common:stage.${p.stage}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}

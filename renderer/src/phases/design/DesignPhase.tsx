import { useTranslation } from 'react-i18next';
import { useCommand, useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { navigate } from '../../navigation';
import type { PhaseProps } from '../index';
import { CharterForm } from './CharterForm';
import { ProjectList } from './ProjectList';
import { ProjectView } from './ProjectView';

/**
 * Design: #/design lists projects, #/design/new creates one, #/design?project=ID shows its charter and
 * #/design/edit?project=ID edits it.
 */
export function DesignPhase({ route, projectId }: PhaseProps) {
  const mode = route.rest[0];
  if (mode === 'new') return <NewProject />;
  if (projectId && mode === 'edit') return <EditProject id={projectId} />;
  if (projectId) return <ProjectView id={projectId} />;
  return <ProjectList />;
}

function NewProject() {
  const { t } = useTranslation('design');
  const create = useCommand('project.create');
  return (
    <div>
      <div className="page-head">
        <div className="grow">
          <h1>{t('new.title')}</h1>
          <p className="subtitle">{t('new.subtitle')}</p>
        </div>
      </div>
      <CharterForm
        submitLabel={t('new.submit')}
        pending={create.pending}
        error={create.error}
        onCancel={() => navigate('design')}
        onSubmit={(values) =>
          void create.run(values).then((p) => {
            if (p) navigate('design', [], { project: p.id });
          })
        }
      />
    </div>
  );
}

function EditProject({ id }: { id: string }) {
  const { t } = useTranslation('design');
  const project = useQuery('project.get', { project: id }, ['project']);
  const update = useCommand('project.update');
  if (project.error) return <ErrorBox error={project.error} />;
  if (!project.data) return <p className="muted">{t('common:state.loading')}</p>;
  const p = project.data;
  return (
    <div>
      <div className="page-head">
        <div className="grow">
          <h1>{t('edit.title', { name: p.name })}</h1>
          <p className="subtitle">{t('edit.subtitle')}</p>
        </div>
      </div>
      <CharterForm
        initial={p}
        lockTask={p.stages.includes('trained')}
        submitLabel={t('common:actions.save')}
        pending={update.pending}
        error={update.error}
        onCancel={() => navigate('design', [], { project: p.id })}
        onSubmit={(values) =>
          void update.run({ project: p.id, ...values }).then((saved) => {
            if (saved) navigate('design', [], { project: saved.id });
          })
        }
      />
    </div>
  );
}

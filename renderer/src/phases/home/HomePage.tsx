import { useTranslation } from 'react-i18next';
import { lifecycleStages } from '../../../../shared/constants';
import { useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor, phases, type Phase } from '../../navigation';
import { SamplesCard } from '../data/SamplesCard';
import { OpenAlerts } from '../monitor/OpenAlerts';
import { RecentActivity, RunningJobs } from './ActivityCards';

/** Which phase continues a project at each stage it has reached. */
const nextPhase: Record<string, Phase> = {
  designed: 'data',
  data: 'train',
  trained: 'evaluate',
  evaluated: 'registry',
  registered: 'deploy',
  deployed: 'monitor',
  monitored: 'monitor',
};

/** Home: every project mapped onto the lifecycle, so a glance tells where each one stands. */
export function HomePage() {
  const { t } = useTranslation();
  const projects = useQuery('project.list', { includeArchived: false }, ['project', 'dataset', 'run', 'eval', 'model']);
  const list = projects.data ?? [];
  return (
    <div>
      <div className="page-head">
        <div className="grow">
          <h1>{t('home.title')}</h1>
          <p className="subtitle">{t('home.subtitle')}</p>
        </div>
        <a className="button primary" href={hrefFor('design', ['new'])} data-testid="home-new-project">
          {t('home.newProject')}
        </a>
      </div>
      <ErrorBox error={projects.error} />
      <OpenAlerts compact />
      {!projects.loading && list.length === 0 && (
        <div className="empty card">
          <h2>{t('home.emptyTitle')}</h2>
          <p className="muted">{t('home.emptyText')}</p>
          <a className="button primary" href={hrefFor('design', ['new'])}>
            {t('home.newProject')}
          </a>
        </div>
      )}
      {!projects.loading && list.length === 0 && <SamplesCard />}
      {list.length > 0 && (
        <div className="lifecycle" role="table" aria-label={t('home.mapLabel')} data-testid="lifecycle-map">
          <div role="row" className="lifecycle-row">
            <div className="head" role="columnheader">
              {t('home.project')}
            </div>
            {phases.map((p) => (
              <div key={p} className="head" role="columnheader">
                {t(`phases.${p}.title`)}
              </div>
            ))}
          </div>
          {list.map((p) => (
            <Row key={p.id} id={p.id} name={p.name} task={p.taskType} stages={p.stages} stage={p.stage} />
          ))}
        </div>
      )}
      <div className="grid-2" style={{ marginTop: 14 }}>
        <RunningJobs />
        <RecentActivity />
      </div>
    </div>
  );
}

function Row({ id, name, task, stages, stage }: { id: string; name: string; task: string; stages: string[]; stage: string }) {
  const { t } = useTranslation();
  return (
    <div role="row" className="lifecycle-row">
      <div role="cell" style={{ flexDirection: 'column', alignItems: 'flex-start' }}>
        <a href={hrefFor(nextPhase[stage] ?? 'design', [], { project: id })}>{name}</a>
        <span className="muted small">{t(`task.${task}`)}</span>
      </div>
      {lifecycleStages.map((s, i) => {
        const done = stages.includes(s);
        const current = s === stage;
        return (
          <div key={s} role="cell" className="cell" title={t(`stage.${s}`)}>
            <a href={hrefFor(phases[i], [], { project: id })} aria-label={`${name}: ${t(`phases.${phases[i]}.title`)} — ${done ? t('home.done') : t('home.notYet')}`}>
              <span className={`dot${current ? ' current' : done ? ' done' : ''}`} />
            </a>
          </div>
        );
      })}
    </div>
  );
}

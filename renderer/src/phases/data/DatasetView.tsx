import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetSummary } from '../../../../shared/schemas/dataset';
import type { TaskType } from '../../../../shared/metrics';
import { formatCount, formatDate } from '../../format';
import { useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor, navigate, type Route } from '../../navigation';
import { OverviewTab } from './OverviewTab';
import { ProfileTab } from './ProfileTab';
import { SplitsTab } from './SplitsTab';
import { VersionsTab } from './VersionsTab';
import type { SchemaDraft } from './schemaDraft';
import type { TargetSaved } from './targetSaver';

const tabs = ['overview', 'profile', 'versions', 'splits'] as const;
type Tab = (typeof tabs)[number];

/** One data set: a version picker, its facts, and tabs for schema, profile, history and splits. */
export function DatasetView({ projectId, dataset, route, taskType }: { projectId: string; dataset: DatasetSummary; route: Route; taskType?: TaskType }) {
  const { t } = useTranslation('data');
  const versions = useQuery('dataset.versions', { dataset: dataset.id, project: projectId }, ['dataset']);
  // the last target save: confirmed on the version it made, with the schema edits not applied yet carried over
  const [targetSave, setTargetSave] = useState<{ saved: TargetSaved; draft: SchemaDraft } | null>(null);
  const list = versions.data ?? [];
  const current = list.find((v) => v.id === route.params.version) ?? list[0];
  const tab: Tab = (tabs as readonly string[]).includes(route.rest[0]) ? (route.rest[0] as Tab) : 'overview';
  const params = { project: projectId, dataset: dataset.name, version: route.params.version };
  if (versions.error) return <ErrorBox error={versions.error} />;
  if (!current) return <p className="muted">{t('common:state.loading')}</p>;
  const latest = list[0];
  return (
    <section className="dataset-view" data-testid="dataset-view" data-version={current.version}>
      <div className="card dataset-head">
        <div className="row">
          <h2 className="grow" style={{ margin: 0 }}>
            {current.name}{' '}
            <span className="badge accent" data-testid="version-badge">
              {t('versionN', { n: current.version })}
            </span>{' '}
            {current.id !== latest.id && <span className="badge warn">{t('notLatest', { n: latest.version })}</span>}
          </h2>
          {list.length > 1 && (
            <label className="row small">
              <span className="muted">{t('version')}</span>
              <select value={current.id} onChange={(e) => navigate('data', [tab], { ...params, version: e.target.value })} aria-label={t('version')} data-testid="version-select">
                {list.map((v) => (
                  <option key={v.id} value={v.id}>
                    {t('versionN', { n: v.version })} · {formatDate(v.createdAt)}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <dl className="facts">
          <div>
            <dt>{t('facts.kind')}</dt>
            <dd>{t(`kind.${current.kind}`)}</dd>
          </div>
          <div>
            <dt>{t('facts.rows')}</dt>
            <dd data-testid="fact-rows">{formatCount(current.rows)}</dd>
          </div>
          <div>
            <dt>{t('facts.columns')}</dt>
            <dd>{formatCount(current.columns.length)}</dd>
          </div>
          <div>
            <dt>{t('facts.target')}</dt>
            <dd>{current.target ?? <span className="muted">{t('noTarget')}</span>}</dd>
          </div>
          <div>
            <dt>{t('facts.hash')}</dt>
            <dd className="mono" title={current.hash}>
              {current.hash.slice(0, 12)}
            </dd>
          </div>
          <div>
            <dt>{t('facts.source')}</dt>
            <dd title={current.source}>{current.source.split(/[\\/]/).pop()}</dd>
          </div>
        </dl>
      </div>
      <nav className="tabs" aria-label={t('tabs.label')}>
        {tabs.map((k) => (
          <a key={k} href={hrefFor('data', [k], params)} className={k === tab ? 'active' : ''} aria-current={k === tab ? 'page' : undefined} data-testid={`tab-${k}`}>
            {t(`tabs.${k}`)}
            {k === 'versions' && <span className="badge">{list.length}</span>}
          </a>
        ))}
      </nav>
      {tab === 'overview' && (
        <OverviewTab
          key={current.id}
          projectId={projectId}
          version={current}
          taskType={taskType}
          onSaved={(id) => navigate('data', ['overview'], { ...params, version: id })}
          onTargetSaved={(saved, draft) => {
            setTargetSave({ saved, draft });
            navigate('data', ['overview'], { ...params, version: saved.versionId });
          }}
          carried={targetSave?.saved.versionId === current.id ? targetSave.draft : undefined}
          savedTarget={targetSave?.saved.versionId === current.id ? targetSave.saved : undefined}
        />
      )}
      {tab === 'profile' && <ProfileTab projectId={projectId} version={current} />}
      {tab === 'versions' && <VersionsTab projectId={projectId} versions={list} current={current} onPick={(id) => navigate('data', ['overview'], { ...params, version: id })} />}
      {tab === 'splits' && <SplitsTab projectId={projectId} version={current} />}
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import { CHAMPION } from '../../../../shared/schemas/registry';
import { useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor, navigate, type Route } from '../../navigation';
import { AliasChips } from './AliasChips';
import { CardView } from './CardView';
import { HistoryTimeline } from './HistoryTimeline';
import { LineageView } from './LineageView';
import { VersionsTab } from './VersionsTab';

const tabs = ['versions', 'history', 'card', 'lineage'] as const;
type Tab = (typeof tabs)[number];

/** One registered model: its versions and moves, the history, and per version its card and lineage. */
export function ModelPage({ name, tab: rawTab, route, projectId }: { name: string; tab?: string; route: Route; projectId?: string }) {
  const { t } = useTranslation('registry-ui');
  const detail = useQuery('model.get', { model: name }, ['model']);
  if (detail.error) return <ErrorBox error={detail.error} />;
  if (!detail.data) return <span className="spinner" />;
  const m = detail.data;
  const tab: Tab = (tabs as readonly string[]).includes(rawTab ?? '') ? (rawTab as Tab) : 'versions';
  const project = projectId ?? m.projectId;
  const asked = Number(route.params.v);
  // The version the card and lineage show: the one asked for, else the champion, else the newest.
  const version = m.versions.find((v) => v.version === asked)?.version ?? m.aliases[CHAMPION] ?? m.latestVersion;
  const params = { project, v: version !== null ? String(version) : undefined };

  return (
    <div className="stack" data-testid="model-page" data-model={m.name}>
      <div className="page-head">
        <div className="grow">
          <div className="muted small">
            <a href={hrefFor('registry', [], { project })}>{t('model.breadcrumb')}</a> / {m.projectName}
          </div>
          <h1>
            {m.name} {m.archived && <span className="badge warn">{t('list.archived')}</span>}
          </h1>
          <p className="subtitle">{m.description || t('model.versionsCount', { count: m.versionCount })}</p>
        </div>
        <div className="stack head-facts">
          <div className="row">
            <span className="muted small">{t('model.aliases')}</span>
            <AliasChips aliases={m.aliases} />
          </div>
          <div className="row">
            <span className="muted small">{t('model.production')}</span>
            {m.productionVersion !== null ? <span className="badge ok">v{m.productionVersion}</span> : <span className="muted">—</span>}
          </div>
        </div>
      </div>
      <nav className="reg-tabs" aria-label={t('model.tabsLabel')}>
        {tabs.map((k) => (
          <a
            key={k}
            href={hrefFor('registry', ['model', m.name, k], k === 'card' || k === 'lineage' ? params : { project })}
            className={k === tab ? 'active' : ''}
            aria-current={k === tab ? 'page' : undefined}
            data-testid={`model-tab-${k}`}
          >
            {t(`model.tabs.${k}`)}
            {k === 'history' && <span className="count">{m.history.length}</span>}
          </a>
        ))}
        {(tab === 'card' || tab === 'lineage') && version !== null && (
          <label className="row small version-pick">
            <span className="muted">{t('model.version')}</span>
            <select value={version} onChange={(e) => navigate('registry', ['model', m.name, tab], { ...params, v: e.target.value })} data-testid="version-pick">
              {m.versions.map((v) => (
                <option key={v.id} value={v.version}>
                  v{v.version}
                  {v.aliases.length ? ` (${v.aliases.join(', ')})` : ''}
                </option>
              ))}
            </select>
          </label>
        )}
      </nav>
      {tab === 'versions' && <VersionsTab model={m} projectId={project} focus={Number.isFinite(asked) ? asked : undefined} />}
      {tab === 'history' && <HistoryTimeline model={m} />}
      {tab === 'card' && version !== null && <CardView key={version} refText={`${m.name}@${version}`} />}
      {tab === 'lineage' && version !== null && <LineageView refText={`${m.name}@${version}`} projectId={project} />}
    </div>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../../api/client';
import type { PhaseProps } from '../index';
import { DeployTabs } from './DeployTabs';
import { ImportCard } from './ImportCard';
import { Provenance } from './Provenance';
import { VersionsCard } from './VersionsCard';

/** Registered versions with their exports, and the import of bundles from other workspaces. */
export function BundlesSection({ projectId, route }: PhaseProps) {
  const { t } = useTranslation('deploy');
  const project = useQuery('project.get', projectId ? { project: projectId } : null, ['project']);
  const [focus, setFocus] = useState<string | null>(null);
  return (
    <div className="stack">
      <div className="page-head">
        <div className="grow">
          <h1>{t('title')}</h1>
          <p className="subtitle">{project.data ? t('subtitleProject', { project: project.data.name }) : t('subtitleAll')}</p>
        </div>
      </div>
      <DeployTabs current="bundles" projectId={projectId} />
      <VersionsCard projectId={projectId} onShowOrigin={setFocus} />
      {focus && <Provenance refText={focus} />}
      <ImportCard onImported={setFocus} initialPath={route.params.bundle} />
    </div>
  );
}

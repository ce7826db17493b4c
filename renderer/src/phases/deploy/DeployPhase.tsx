import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { hrefFor } from '../../navigation';
import type { PhaseProps } from '../index';
import { BatchPanel } from './batch/BatchPanel';
import { BundlesSection } from './BundlesSection';
import { ServingPanel } from './serving/ServingPanel';
import './deploy.css';

/** Deploy: #/deploy/<section>: signed bundles and exports, the local prediction servers, batch prediction. */
interface Section {
  id: string;
  labelKey: string;
  view: ComponentType<PhaseProps>;
}
const sections: Section[] = [
  { id: 'bundles', labelKey: 'sections.bundles', view: BundlesSection },
  { id: 'serving', labelKey: 'sections.serving', view: ({ projectId }) => <ServingPanel projectId={projectId} /> },
  { id: 'batch', labelKey: 'batch:tab', view: ({ projectId }) => <BatchPanel projectId={projectId} /> },
];

export function DeployPhase(props: PhaseProps) {
  const { t } = useTranslation('deploy');
  const current = sections.find((s) => s.id === props.route.rest[0]) ?? sections[0];
  const View = current.view;
  return (
    <div className="deploy-phase">
      <nav className="deploy-tabs" aria-label={t('sections.label')}>
        {sections.map((s) => (
          <a key={s.id} href={hrefFor('deploy', [s.id], { project: props.projectId })} className={s.id === current.id ? 'active' : ''} aria-current={s.id === current.id ? 'page' : undefined} data-testid={`deploy-tab-${s.id}`}>
            {t(s.labelKey)}
          </a>
        ))}
      </nav>
      <View {...props} />
    </div>
  );
}

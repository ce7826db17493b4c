import type { ComponentType } from 'react';
import type { PhaseProps } from '../index';
import { BundlesSection } from './BundlesSection';
import type { DeploySection } from './DeployTabs';
import { ServingPanel } from './serving/ServingPanel';
import './deploy.css';

/** Deploy: #/deploy/<section>: signed bundles and exports, and the local prediction servers (tabs under each title). */
const sections: Record<DeploySection, ComponentType<PhaseProps>> = {
  bundles: BundlesSection,
  serving: ({ projectId }) => <ServingPanel projectId={projectId} />,
};

export function DeployPhase(props: PhaseProps) {
  const id = props.route.rest[0];
  const View = id === 'serving' ? sections.serving : sections.bundles;
  return (
    <div className="deploy-phase">
      <View {...props} />
    </div>
  );
}

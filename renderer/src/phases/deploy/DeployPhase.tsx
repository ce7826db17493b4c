import type { ComponentType } from 'react';
import type { PhaseProps } from '../index';
import { BatchPanel } from './batch/BatchPanel';
import { BundlesSection } from './BundlesSection';
import { deploySections, type DeploySection } from './DeployTabs';
import { ServingPanel } from './serving/ServingPanel';
import './deploy.css';

/** Deploy: #/deploy/<section>: signed bundles and exports, the local prediction servers, batch prediction (tabs under each title). */
const sections: Record<DeploySection, ComponentType<PhaseProps>> = {
  bundles: BundlesSection,
  serving: ({ projectId }) => <ServingPanel projectId={projectId} />,
  batch: ({ projectId }) => <BatchPanel projectId={projectId} />,
};

export function DeployPhase(props: PhaseProps) {
  const id = props.route.rest[0];
  const View = sections[deploySections.find((s) => s === id) ?? 'bundles'];
  return (
    <div className="deploy-phase">
      <View {...props} />
    </div>
  );
}

import type { PhaseProps } from '../index';
import { ServingPanel } from './serving/ServingPanel';

/** Deploy: serve registered models (the bundles part of this phase lives alongside). */
export function DeployPhase({ projectId }: PhaseProps) {
  return <ServingPanel projectId={projectId} />;
}

import { lazy, Suspense, type ComponentType } from 'react';
import { PhaseSkeleton } from '../components/PhaseSkeleton';
import type { Phase, Route } from '../navigation';

export interface PhaseProps {
  route: Route;
  /** The selected project id, if any (from ?project=). */
  projectId?: string;
}

/** A phase whose code is its own chunk, loaded the first time the phase opens (a skeleton meanwhile). */
function lazyPhase(load: () => Promise<ComponentType<PhaseProps>>): ComponentType<PhaseProps> {
  const Lazy = lazy(async () => ({ default: await load() }));
  return function LazyPhase(props: PhaseProps) {
    return (
      <Suspense fallback={<PhaseSkeleton />}>
        <Lazy {...props} />
      </Suspense>
    );
  };
}

/** One component per lifecycle phase; a phase's own folder replaces its empty state here (one lazyPhase line). */
export const phaseViews: Record<Phase, ComponentType<PhaseProps>> = {
  design: lazyPhase(async () => (await import('./design/DesignPhase')).DesignPhase),
  data: lazyPhase(async () => (await import('./data/DataPhase')).DataPhase),
  train: lazyPhase(async () => (await import('./train/TrainPhase')).TrainPhase),
  evaluate: lazyPhase(async () => (await import('./evaluate/EvaluatePhase')).EvaluatePhase),
  registry: lazyPhase(async () => (await import('./registry/RegistryPhase')).RegistryPhase),
  deploy: lazyPhase(async () => (await import('./deploy/DeployPhase')).DeployPhase),
  monitor: lazyPhase(async () => (await import('./monitor/MonitorPhase')).MonitorPhase),
};

import type { ComponentType } from 'react';
import { EmptyPhase } from '../components/EmptyPhase';
import type { Phase, Route } from '../router';
import { DataPhase } from './data/DataPhase';
import { DesignPhase } from './design/DesignPhase';
import { EvaluatePhase } from './evaluate/EvaluatePhase';
import { MonitorPhase } from './monitor/MonitorPhase';
import { RegistryPhase } from './registry/RegistryPhase';
import { TrainPhase } from './train/TrainPhase';

export interface PhaseProps {
  route: Route;
  /** The selected project id, if any (from ?project=). */
  projectId?: string;
}

/** One component per lifecycle phase; a phase's own folder replaces its empty state here. */
export const phaseViews: Record<Phase, ComponentType<PhaseProps>> = {
  design: DesignPhase,
  data: DataPhase,
  train: TrainPhase,
  evaluate: EvaluatePhase,
  registry: RegistryPhase,
  deploy: ({ projectId }) => <EmptyPhase phase="deploy" needs="registry" project={projectId} />,
  monitor: MonitorPhase,
};

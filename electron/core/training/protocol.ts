import type { BackendChoice } from '../../../shared/schemas/training.js';
import type { Environment } from '../../../shared/schemas/training.js';
import type { NamedTensor } from './tensor-pack.js';
import type { EpochReport, TrainData, TrainSpec } from './trainer.js';

/**
 * Messages between the core (parent) and the training worker process. They travel over the fork IPC
 * channel with `serialization: 'advanced'`, so typed arrays cross as they are.
 */

export interface StartMessage {
  type: 'start';
  runId: string;
  backend: BackendChoice;
  spec: TrainSpec;
  data: TrainData;
  /** Continue from this checkpoint (resume), or null to start fresh. */
  checkpoint: Uint8Array | null;
  /** Send batch points at most this often (milliseconds). */
  flushMs: number;
}

export type ParentMessage = StartMessage | { type: 'cancel' };

export interface MetricPoint {
  key: string;
  step: number;
  value: number;
}

export type WorkerMessage =
  | { type: 'loading'; backend: string }
  | { type: 'ready'; backend: string; backendNote: string; environment: Environment }
  | { type: 'points'; epoch: number; step: number; points: MetricPoint[] }
  | (Omit<EpochReport, 'seconds' | 'samplesPerSecond'> & {
      type: 'epoch';
      /** Date.now() in the worker when the epoch (and its checkpoint) was done. */
      endedAt: number;
      /** Points of this epoch: metrics, learning rate, system metrics. */
      points: MetricPoint[];
    })
  | {
      type: 'done';
      status: 'completed' | 'stopped';
      epochsDone: number;
      bestEpoch: number | null;
      stoppedEarly: boolean;
      weights: NamedTensor[];
      metrics: Record<string, number>;
      bestMetrics: Record<string, number> | null;
    }
  | { type: 'failed'; code: string; message: string };

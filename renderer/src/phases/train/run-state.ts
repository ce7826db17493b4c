import { useEffect, useState } from 'react';
import type { Run } from '../../../../shared/schemas/training';

/** The newest epoch the live events reported (training.epoch). */
export interface LiveEpoch {
  epoch: number;
  metrics: Record<string, number>;
  bestEpoch: number | null;
}

/** One run's state as every card of the run page shows it while it trains (and after). */
export interface RunState {
  /** Epochs finished: the stored run or the newest epoch event, whichever is further. */
  epochsDone: number;
  epochs: number;
  /** The epoch being trained (epochsDone + 1, at most `epochs`); null when the run is not running. */
  epochInProgress: number | null;
  bestEpoch: number | null;
  /** The metrics of the newest finished epoch. */
  lastMetrics: Record<string, number>;
  /** Time spent training, counting the current session while it runs. */
  durationMs: number;
  running: boolean;
}

/**
 * One source of truth for a live run: the stored run (reloaded now and then) and the live epoch events are
 * merged here, so the progress bar, the epoch tile, the metric tiles and the details table never disagree.
 */
export function runState(run: Run, live: LiveEpoch | null, now: number): RunState {
  const running = run.status === 'running' || run.status === 'queued';
  const fresher = live !== null && running && live.epoch > run.epochsDone;
  const epochsDone = fresher ? live.epoch : run.epochsDone;
  const session = running && run.startedAt ? Math.max(0, now - Date.parse(run.startedAt)) : 0;
  return {
    epochsDone,
    epochs: run.epochs,
    epochInProgress: running ? Math.min(epochsDone + 1, run.epochs) : null,
    bestEpoch: fresher ? live.bestEpoch : run.bestEpoch,
    lastMetrics: fresher ? live.metrics : run.metrics,
    durationMs: run.durationMs + session,
    running,
  };
}

/** A clock that ticks every second while `on` (the duration of a running run). */
export function useNow(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [on]);
  return now;
}

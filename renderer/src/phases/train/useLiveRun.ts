import { useCallback, useEffect, useRef, useState } from 'react';
import type { Series } from '../../../../shared/schemas/training';
import { client } from '../../api/client';
import type { LiveEpoch } from './run-state';

export interface LiveProgress {
  epoch: number;
  epochs: number;
  step: number;
  totalSteps: number;
  fraction: number;
  etaSeconds: number | null;
  samplesPerSecond: number;
}

/** Beyond this many live batch points the series is fetched again, downsampled by the core. */
const LIVE_LIMIT = 1500;
/** Rendering rate while a run streams: 4 Hz keeps the charts live and the page smooth. */
const FRAME_MS = 250;
/** Side loads (system metrics, re-downsampling) happen at most this often, one at a time. */
const SIDE_MS = 2000;

const SYS_KEYS = ['sys/cpu_pct', 'sys/rss_mb', 'sys/samples_per_s'];

/**
 * A run's series and progress, live: loads the series (downsampled by the core), appends the points that
 * training.progress and training.epoch events carry, and hands React a new snapshot at most 4 times a
 * second. Series that did not change keep their identity, so their charts do not redraw. Reloads
 * everything when the run changes status (started, resumed, finished).
 */
/** The last training.status message: English text, and a key to translate it when there is one. */
export interface StatusMessage {
  text: string;
  key?: string;
  params?: Record<string, string>;
}

export function useLiveRun(runId: string) {
  const series = useRef(new Map<string, Series>());
  const changed = useRef(new Set<string>());
  const published = useRef(new Map<string, Series>());
  const progressDirty = useRef(false);
  const loading = useRef(0);
  const [snapshot, setSnapshot] = useState<Series[]>([]);
  const [progress, setProgress] = useState<LiveProgress | null>(null);
  const [statusMessage, setStatusMessage] = useState<StatusMessage | null>(null);
  const [loaded, setLoaded] = useState(false);
  const progressRef = useRef<LiveProgress | null>(null);
  const [lastEpoch, setLastEpoch] = useState<LiveEpoch | null>(null);
  const epochRef = useRef<LiveEpoch | null>(null);

  /** Hands React a snapshot of the series that changed (the others keep their identity). */
  const publish = useCallback(() => {
    if (!changed.current.size) return;
    const next = new Map<string, Series>();
    for (const [key, s] of series.current) {
      const prev = published.current.get(key);
      next.set(key, prev && !changed.current.has(key) ? prev : { ...s, x: s.x.slice(), y: s.y.slice() });
    }
    changed.current.clear();
    published.current = next;
    setSnapshot([...next.values()]);
  }, []);

  /** Loads series from the core; `keys` merges some, no keys replaces all (`fresh`: drop live points). */
  const load = useCallback(
    (keys?: string[], fresh = false) => {
      const mine = ++loading.current;
      return client.call('run.series', { id: runId, maxPoints: 1000, ...(keys ? { keys } : {}) }).then(
        (list) => {
          if (!keys && mine !== loading.current) return;
          const old = series.current;
          if (!keys) series.current = new Map();
          for (const s of list) {
            // Points that arrived by event while the series loaded are kept.
            const before = fresh ? undefined : old.get(s.key);
            const last = s.x.length ? s.x[s.x.length - 1] : -Infinity;
            if (before) {
              for (let i = 0; i < before.x.length; i++) {
                if (before.x[i] > last) {
                  s.x.push(before.x[i]);
                  s.y.push(before.y[i]);
                }
              }
            }
            series.current.set(s.key, s);
            changed.current.add(s.key);
          }
          if (!keys) for (const k of old.keys()) if (!series.current.has(k)) changed.current.add(k);
          // a whole load is drawn at once, not at the next live frame
          if (!keys) publish();
          setLoaded(true);
        },
        () => setLoaded(true),
      );
    },
    [runId, publish],
  );

  useEffect(() => {
    series.current = new Map();
    published.current = new Map();
    changed.current.clear();
    setSnapshot([]);
    setProgress(null);
    progressRef.current = null;
    epochRef.current = null;
    setLastEpoch(null);
    setLoaded(false);
    void load();
    const append = (key: string, x: number, y: number) => {
      let s = series.current.get(key);
      if (!s) {
        s = { runId, key, x: [], y: [], total: 0, downsampled: false, method: 'none' };
        series.current.set(key, s);
      }
      if (s.x.length && x <= s.x[s.x.length - 1]) return;
      s.x.push(x);
      s.y.push(y);
      s.total += 1;
      changed.current.add(key);
    };
    // Side loads never pile up: one at a time, at most every SIDE_MS, so a fast run's many epochs
    // cannot queue requests ahead of a click on Cancel.
    let sideBusy = false;
    let sideAt = 0;
    const sideLoad = (keys: string[]) => {
      if (sideBusy || Date.now() - sideAt < SIDE_MS) return;
      sideBusy = true;
      sideAt = Date.now();
      void load(keys).finally(() => (sideBusy = false));
    };
    const offs = [
      client.on('training.progress', (p) => {
        if (p.runId !== runId) return;
        for (const pt of p.points) append(pt.key, pt.step, pt.value);
        progressRef.current = {
          epoch: p.epoch,
          epochs: p.epochs,
          step: p.step,
          totalSteps: p.totalSteps,
          fraction: p.fraction,
          etaSeconds: p.etaSeconds,
          samplesPerSecond: p.samplesPerSecond,
        };
        progressDirty.current = true;
        if ((series.current.get('batch/loss')?.x.length ?? 0) > LIVE_LIMIT) sideLoad(['batch/loss']);
      }),
      client.on('training.epoch', (p) => {
        if (p.runId !== runId) return;
        for (const [key, value] of Object.entries(p.metrics)) append(key, p.epoch, value);
        append('lr', p.epoch, p.learningRate);
        epochRef.current = { epoch: p.epoch, metrics: p.metrics, bestEpoch: p.bestEpoch };
        progressDirty.current = true;
        // the event carries the epoch's system metrics; a core that does not send them is re-read
        if (p.points) for (const pt of p.points) append(pt.key, pt.step, pt.value);
        else sideLoad(SYS_KEYS);
      }),
      client.on('training.status', (p) => {
        if (p.runId !== runId) return;
        setStatusMessage({ text: p.message, key: p.messageKey, params: p.messageParams });
        if (p.status !== 'running') progressRef.current = null;
        progressDirty.current = true;
        void load(undefined, true);
      }),
    ];
    const timer = setInterval(() => {
      if (progressDirty.current) {
        progressDirty.current = false;
        setProgress(progressRef.current);
        setLastEpoch(epochRef.current);
      }
      publish();
    }, FRAME_MS);
    return () => {
      offs.forEach((off) => off());
      clearInterval(timer);
    };
  }, [runId, load, publish]);

  return { series: snapshot, progress, lastEpoch, statusMessage, loaded };
}

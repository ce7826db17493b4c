import { describe, expect, it } from 'vitest';
import { yAxisFor } from '../../renderer/src/charts/axis';
import { overfitRegion } from '../../renderer/src/phases/train/overfit';
import { runState } from '../../renderer/src/phases/train/run-state';
import type { Run } from '../../shared/schemas/training';

describe('chart axes', () => {
  it('draws a constant learning rate on a sensible range around it', () => {
    const a = yAxisFor(Array(60).fill(0.01))!;
    expect(a.domain[0]).toBe(0);
    expect(a.domain[1]).toBeCloseTo(0.02);
    expect(a.ticks.every((v) => v >= 0)).toBe(true);
    expect(a.ticks).toContain(0.01);
  });

  it('never draws an accuracy past 1 nor a loss below 0', () => {
    const acc = yAxisFor([0.45, 0.8, 0.97, 1], { min: 0, max: 1 })!;
    expect(acc.domain[1]).toBe(1);
    expect(Math.max(...acc.ticks)).toBeLessThanOrEqual(1);
    const loss = yAxisFor([0.02, 0.5, 1.13], { min: 0 })!;
    expect(loss.domain[0]).toBe(0);
  });

  it('uses one number of decimals per axis', () => {
    expect(yAxisFor([0.001, 0.005])!.decimals).toBe(3);
    expect(yAxisFor([0, 1])!.decimals).toBe(1);
    expect(yAxisFor([0, 120])!.decimals).toBe(0);
  });

  it('counts have whole-number ticks: one request a day is not drawn against 0.5 and 1.5', () => {
    expect(yAxisFor([1])!.ticks).toContain(0.5);
    const one = yAxisFor([1], undefined, 5, true)!;
    expect(one.ticks).toEqual([0, 1, 2]);
    expect(one.decimals).toBe(0);
    const few = yAxisFor([0, 3, 7], undefined, 5, true)!;
    expect(few.ticks.every(Number.isInteger)).toBe(true);
    expect(few.domain[1]).toBeGreaterThanOrEqual(7);
    expect(yAxisFor([0, 400], undefined, 5, true)!.ticks).toEqual([0, 100, 200, 300, 400]);
  });
});

describe('overfitting region', () => {
  const epochs = Array.from({ length: 30 }, (_, i) => i + 1);
  it('shades from the lowest validation loss on when validation rises while training falls', () => {
    const train = epochs.map((e) => 1 / e);
    const val = epochs.map((e) => (e <= 12 ? 1 / e : 1 / 12 + (e - 12) * 0.02));
    const r = overfitRegion(epochs, train, val)!;
    expect(r.to).toBe(30);
    expect(r.from).toBeGreaterThanOrEqual(11);
    expect(r.from).toBeLessThanOrEqual(14);
  });
  it('shades nothing when both keep falling', () => {
    expect(
      overfitRegion(
        epochs,
        epochs.map((e) => 1 / e),
        epochs.map((e) => 1.1 / e),
      ),
    ).toBeNull();
  });
});

describe('live run state', () => {
  const run = { status: 'running', epochsDone: 27, epochs: 60, bestEpoch: 20, metrics: { loss: 0.5 }, durationMs: 1000, startedAt: '2026-12-01T10:00:00.000Z' } as unknown as Run;
  it('takes the newest epoch from the events, so the progress bar and the tiles agree', () => {
    const s = runState(run, { epoch: 43, metrics: { loss: 0.2 }, bestEpoch: 41 }, Date.parse('2026-12-01T10:00:04.000Z'));
    expect(s.epochsDone).toBe(43);
    expect(s.epochInProgress).toBe(44);
    expect(s.bestEpoch).toBe(41);
    expect(s.lastMetrics.loss).toBe(0.2);
    expect(s.durationMs).toBe(5000);
  });
  it('keeps the stored run once it has finished', () => {
    const done = { ...run, status: 'succeeded', epochsDone: 60, durationMs: 9000 } as Run;
    const s = runState(done, { epoch: 43, metrics: {}, bestEpoch: 41 }, Date.now());
    expect(s).toMatchObject({ epochsDone: 60, epochInProgress: null, bestEpoch: 20, durationMs: 9000 });
  });
});

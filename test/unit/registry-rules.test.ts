import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/errors.js';
import { gateRefusalSchema, MIN_OVERRIDE_REASON, type GateMove, type ModelEvent, type VersionGate } from '../../shared/schemas/registry.js';
import { parseModelRef } from '../../electron/core/registry/refs.js';
import { decideGate, holdersAt, rollbackTarget } from '../../electron/core/registry/rules.js';
import { needsGate } from '../../shared/schemas/registry.js';
import { instant } from '../../electron/core/registry/refs.js';

type Facts = Pick<ModelEvent, 'at' | 'action' | 'alias' | 'fromStage' | 'toStage' | 'fromVersion' | 'toVersion'>;
const ev = (at: string, action: ModelEvent['action'], f: Partial<Facts> = {}): Facts => ({
  at,
  action,
  alias: null,
  fromStage: null,
  toStage: null,
  fromVersion: null,
  toVersion: null,
  ...f,
});

const X: GateMove = { model: 'm', version: 1, alias: 'champion', rollback: false };

describe('model references', () => {
  it('reads M, M@latest, M@3, M@v3 and M@alias', () => {
    expect(parseModelRef('churn')).toMatchObject({ model: 'churn', selector: { kind: 'latest' } });
    expect(parseModelRef('churn@latest').selector).toEqual({ kind: 'latest' });
    expect(parseModelRef('churn@3').selector).toEqual({ kind: 'version', version: 3 });
    expect(parseModelRef(' churn@v12 ').selector).toEqual({ kind: 'version', version: 12 });
    expect(parseModelRef('churn@Champion').selector).toEqual({ kind: 'alias', alias: 'champion' });
  });

  it('refuses malformed references with a message saying what is wrong', () => {
    for (const [text, why] of [
      ['@3', 'model name before "@" is missing'],
      ['churn@', 'nothing follows "@"'],
      ['churn@0', 'version numbers start at 1'],
      ['a@b@c', 'more than one "@"'],
      ['churn@two words', 'neither a version number nor an alias'],
    ]) {
      const err = (() => {
        try {
          parseModelRef(text);
        } catch (e) {
          return e as AppError;
        }
      })();
      expect(err, text).toBeInstanceOf(AppError);
      expect(err!.code).toBe('invalid_input');
      expect(err!.message).toContain(why);
    }
  });
});

describe('promotion gate', () => {
  const failing: VersionGate = {
    status: 'failed',
    evaluationId: 'evl_1',
    datasetRef: 'iris@1',
    evaluatedAt: '2026-01-01T00:00:00Z',
    failed: [{ metric: 'accuracy', comparator: '>=', threshold: 0.9, measured: 0.62, passed: false, margin: -0.28, reason: null }],
  };
  const passing: VersionGate = { ...failing, status: 'passed', failed: [] };
  const missing: VersionGate = { status: 'missing', evaluationId: null, datasetRef: null, evaluatedAt: null, failed: [] };

  it('only champion and production are guarded', () => {
    expect(needsGate({ alias: 'champion' })).toBe(true);
    expect(needsGate({ stage: 'production' })).toBe(true);
    expect(needsGate({ alias: 'challenger' })).toBe(false);
    expect(needsGate({ stage: 'staging' })).toBe(false);
  });

  it('a passing gate needs no reason; a reason given is kept, not an override', () => {
    expect(decideGate(passing, undefined, X)).toEqual({ override: false, reason: '' });
    expect(decideGate(passing, '  fine  ', X)).toEqual({ override: false, reason: 'fine' });
  });

  it('a failing gate without a reason is gate_failed naming the criterion, the value and how to override', () => {
    try {
      decideGate(failing, undefined, { model: 'churn', version: 2, alias: 'champion', rollback: false });
      expect.unreachable();
    } catch (e) {
      const err = e as AppError;
      expect(err.code).toBe('gate_failed');
      expect(err.message).toContain('Cannot make churn@2 the "champion"');
      expect(err.message).toContain('accuracy = 0.62, needs >= 0.9 (short by 0.28)');
      expect(err.message).toContain('--reason');
      expect(err.details).toMatchObject({ status: 'failed', evaluationId: 'evl_1' });
    }
  });

  it('every refusal, promotion or rollback, carries the same details: the move, the failing criteria with measured values, the reason rule', () => {
    const refusal = (gate: VersionGate, reason: string | undefined, move: GateMove) => {
      try {
        decideGate(gate, reason, move);
      } catch (e) {
        return e as AppError;
      }
      throw new Error('should have been refused');
    };
    const back = refusal(failing, 'too short', { model: 'churn', version: 1, alias: 'champion', rollback: true });
    expect(back.code).toBe('gate_failed');
    expect(back.message).toContain('Cannot make churn@1 the "champion" again by rollback');
    const details = gateRefusalSchema.parse(back.details);
    expect(details).toMatchObject({
      move: { model: 'churn', version: 1, alias: 'champion', rollback: true },
      status: 'failed',
      evaluationId: 'evl_1',
      minReasonLength: MIN_OVERRIDE_REASON,
      reasonLength: 9,
    });
    expect(details.failed[0]).toMatchObject({ metric: 'accuracy', measured: 0.62, threshold: 0.9 });
    const none = gateRefusalSchema.parse(refusal(missing, undefined, { model: 'churn', version: 3, stage: 'production', rollback: true }).details);
    expect(none).toMatchObject({ status: 'missing', failed: [], reasonLength: 0, move: { stage: 'production', rollback: true } });
    const promo = gateRefusalSchema.parse(refusal(failing, undefined, { model: 'churn', version: 2, stage: 'production', rollback: false }).details);
    expect(Object.keys(promo).sort()).toEqual(Object.keys(details).sort());
  });

  it('a missing gate is blocked too, saying no evaluation exists', () => {
    expect(() => decideGate(missing, undefined, { model: 'm', version: 1, stage: 'production', rollback: false })).toThrow(/no evaluation yet/);
  });

  it('a reason that is too short does not override; a sensible one does and is stored trimmed', () => {
    expect(() => decideGate(failing, 'because', X)).toThrow(/too short/);
    expect(() => decideGate(failing, '   ', X)).toThrow(AppError);
    expect(decideGate(failing, '  Approved by risk team, ticket 42  ', X)).toEqual({ override: true, reason: 'Approved by risk team, ticket 42' });
  });
});

describe('history replay', () => {
  const history: Facts[] = [
    ev('2026-01-01T10:00:00.000Z', 'registered', { toVersion: 1, toStage: 'none' }),
    ev('2026-01-02T10:00:00.000Z', 'registered', { toVersion: 2, toStage: 'none' }),
    ev('2026-01-03T10:00:00.000Z', 'alias_set', { alias: 'champion', toVersion: 1 }),
    ev('2026-01-03T11:00:00.000Z', 'stage_changed', { fromStage: 'none', toStage: 'production', toVersion: 1 }),
    ev('2026-01-05T10:00:00.000Z', 'alias_set', { alias: 'champion', fromVersion: 1, toVersion: 2 }),
    ev('2026-01-05T11:00:00.000Z', 'stage_changed', { fromStage: 'none', toStage: 'production', fromVersion: 1, toVersion: 2 }),
    ev('2026-01-07T10:00:00.000Z', 'registered', { toVersion: 3, toStage: 'none' }),
    ev('2026-01-08T10:00:00.000Z', 'alias_set', { alias: 'champion', fromVersion: 2, toVersion: 3 }),
  ];

  it('answers which version held champion and production on a date', () => {
    expect(holdersAt(history, '2026-01-02T23:59:59.999Z')).toMatchObject({ aliases: {}, production: null });
    expect(holdersAt(history, '2026-01-04T00:00:00.000Z')).toMatchObject({ aliases: { champion: 1 }, production: 1 });
    const jan6 = holdersAt(history, '2026-01-06T00:00:00.000Z');
    expect(jan6).toMatchObject({ aliases: { champion: 2 }, production: 2 });
    expect(jan6.stages).toEqual({ 1: 'archived', 2: 'production' });
    expect(holdersAt(history, '2026-02-01T00:00:00.000Z')).toMatchObject({ aliases: { champion: 3 }, production: 2 });
  });

  it('rolls back to the previous holder, and a second rollback walks further back', () => {
    expect(rollbackTarget(history, { kind: 'alias', alias: 'champion' })).toEqual({ current: 3, target: 2 });
    const once = [...history, ev('2026-01-09T10:00:00.000Z', 'rollback', { alias: 'champion', fromVersion: 3, toVersion: 2 })];
    expect(rollbackTarget(once, { kind: 'alias', alias: 'champion' })).toEqual({ current: 2, target: 1 });
    expect(holdersAt(once, '2026-01-10').aliases).toEqual({ champion: 2 });
    const twice = [...once, ev('2026-01-10T10:00:00.000Z', 'rollback', { alias: 'champion', fromVersion: 2, toVersion: 1 })];
    expect(rollbackTarget(twice, { kind: 'alias', alias: 'champion' })).toEqual({ current: 1, target: null });
  });

  it('rolls production back to the version it replaced', () => {
    expect(rollbackTarget(history, { kind: 'production' })).toEqual({ current: 2, target: 1 });
    const back = [...history, ev('2026-01-09T10:00:00.000Z', 'rollback', { toStage: 'production', fromStage: 'archived', fromVersion: 2, toVersion: 1 })];
    expect(holdersAt(back, '2026-01-10').production).toBe(1);
    expect(holdersAt(back, '2026-01-10').stages[2]).toBe('archived');
  });

  it('a removed alias pushes "nobody", so a rollback after a removal restores the removed holder', () => {
    const removed = [...history, ev('2026-01-09T00:00:00.000Z', 'alias_removed', { alias: 'champion', fromVersion: 3 })];
    expect(rollbackTarget(removed, { kind: 'alias', alias: 'champion' })).toEqual({ current: null, target: 3 });
    expect(holdersAt(removed, '2026-01-10').aliases).toEqual({});
  });

  it('a date alone means the end of that day; nonsense is refused', () => {
    expect(instant('2026-01-05')).toBe('2026-01-05T23:59:59.999Z');
    expect(instant('2026-01-05T10:00:00Z')).toBe('2026-01-05T10:00:00.000Z');
    expect(() => instant('yesterday')).toThrow(/not a date/);
  });
});

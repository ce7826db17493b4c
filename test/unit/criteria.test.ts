import { describe, expect, it } from 'vitest';
import { checkCriteria, parseCriterion } from '../../shared/schemas/charter.js';

describe('acceptance criteria', () => {
  it('parses the usual spellings', () => {
    expect(parseCriterion('accuracy>=0.9')).toEqual({ metric: 'accuracy', comparator: '>=', threshold: 0.9 });
    expect(parseCriterion(' F1_macro >= 85% ')).toEqual({ metric: 'f1_macro', comparator: '>=', threshold: 0.85 });
    expect(parseCriterion('rmse<=3.5')).toEqual({ metric: 'rmse', comparator: '<=', threshold: 3.5 });
    expect(parseCriterion('latency_p95_ms < 20')).toEqual({ metric: 'latency_p95_ms', comparator: '<', threshold: 20 });
    expect(parseCriterion('accuracy = 0.9')).toBeNull();
    expect(parseCriterion('accuracy>=high')).toBeNull();
  });

  it('accepts sensible criteria for each task', () => {
    expect(
      checkCriteria('multiclass', [
        { metric: 'accuracy', comparator: '>=', threshold: 0.9 },
        { metric: 'f1_macro', comparator: '>=', threshold: 0.85 },
      ]),
    ).toEqual([]);
    expect(
      checkCriteria('regression', [
        { metric: 'rmse', comparator: '<=', threshold: 3.5 },
        { metric: 'r2', comparator: '>=', threshold: -0.5 },
      ]),
    ).toEqual([]);
    expect(
      checkCriteria('binary', [
        { metric: 'latency_p95_ms', comparator: '<=', threshold: 20 },
        { metric: 'model_size_kb', comparator: '<=', threshold: 500 },
      ]),
    ).toEqual([]);
  });

  it('explains each kind of mistake, naming the criterion', () => {
    const cases: [Parameters<typeof checkCriteria>[0], Parameters<typeof checkCriteria>[1][number], string, RegExp][] = [
      ['multiclass', { metric: 'rmse', comparator: '<=', threshold: 2 }, 'criterion.wrong_task', /rmse does not apply to a multiclass project/],
      ['multiclass', { metric: 'acuracy', comparator: '>=', threshold: 0.9 }, 'criterion.unknown_metric', /"acuracy" is not a metric/],
      ['regression', { metric: 'rmse', comparator: '>=', threshold: 2 }, 'criterion.lower_is_better', /lower rmse is better.*maximum/],
      ['binary', { metric: 'accuracy', comparator: '<=', threshold: 0.9 }, 'criterion.higher_is_better', /higher accuracy is better/],
      ['binary', { metric: 'accuracy', comparator: '>=', threshold: 1.5 }, 'criterion.out_of_range', /between 0 and 1/],
      ['regression', { metric: 'mae', comparator: '<=', threshold: -1 }, 'criterion.out_of_range', /0 or more/],
      ['binary', { metric: 'accuracy', comparator: '>', threshold: 1 }, 'criterion.unreachable', /no model can ever meet it/],
    ];
    for (const [task, c, key, message] of cases) {
      const issues = checkCriteria(task, [c]);
      expect(issues, `${c.metric} ${c.comparator} ${c.threshold}`).toHaveLength(1);
      expect(issues[0].key).toBe(key);
      expect(issues[0].message).toMatch(message);
      expect(issues[0].message).toContain(`"${c.metric} ${c.comparator} ${c.threshold}"`);
      expect(issues[0].path).toEqual(['criteria', 0]);
    }
  });

  it('refuses two criteria on the same metric', () => {
    const issues = checkCriteria('binary', [
      { metric: 'f1', comparator: '>=', threshold: 0.8 },
      { metric: 'f1', comparator: '>=', threshold: 0.9 },
    ]);
    expect(issues.map((i) => i.key)).toEqual(['criterion.duplicate']);
    expect(issues[0].path).toEqual(['criteria', 1]);
  });
});

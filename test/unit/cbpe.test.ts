import { describe, expect, it } from 'vitest';
import { accuracy, argmaxRows } from '../../electron/core/stats/classification.js';
import { bootstrapInterval, expectedConfusion, fitCalibrator, mcnemar } from '../../electron/core/stats/cbpe.js';
import { mulberry32 } from '../../electron/core/stats/random.js';

/**
 * A model whose scores are miscalibrated (overconfident) on a world where P(y=1|x) = sigmoid(2x):
 * CBPE calibrated on a reference sample estimates the accuracy of a covariate-shifted stream (x moves,
 * P(y|x) does not: no concept drift) within 0.03 of the realised accuracy.
 */
function stream(n: number, seed: number, mean: number) {
  const random = mulberry32(seed);
  const proba = new Float64Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = mean + (random() - 0.5) * 4;
    const truth = 1 / (1 + Math.exp(-2 * x));
    const score = 1 / (1 + Math.exp(-5 * x)); // overconfident model
    proba[i * 2 + 1] = score;
    proba[i * 2] = 1 - score;
    y[i] = random() < truth ? 1 : 0;
  }
  return { proba, y };
}

describe('CBPE', () => {
  it('estimates accuracy within 0.03 of the realised accuracy on a shifted stream without concept drift', () => {
    const ref = stream(5000, 1, 0);
    const calibrator = fitCalibrator(ref.proba, ref.y, 2);
    for (const [seed, shift] of [
      [2, 0],
      [3, 0.8],
      [4, -1.2],
    ]) {
      const cur = stream(3000, seed, shift);
      const pred = argmaxRows(cur.proba, 2);
      const realised = accuracy(cur.y, pred);
      const cm = expectedConfusion(calibrator.apply(cur.proba), pred, 2);
      const estimated = (cm[0][0] + cm[1][1]) / 3000;
      expect(Math.abs(estimated - realised), `shift ${shift}: estimated ${estimated}, realised ${realised}`).toBeLessThan(0.03);
      // the raw (uncalibrated) scores would overestimate it
      const raw = expectedConfusion(cur.proba, pred, 2);
      expect((raw[0][0] + raw[1][1]) / 3000).toBeGreaterThan(realised + 0.03);
    }
  });

  it('bootstrap intervals cover the value and are seeded', () => {
    const values = Float64Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const mean = (rows: Int32Array) => rows.reduce((a, r) => a + values[r], 0) / rows.length;
    const a = bootstrapInterval(200, mean, { seed: 5 })!;
    expect(a.low).toBeLessThan(0.25);
    expect(a.high).toBeGreaterThan(0.25);
    expect(bootstrapInterval(200, mean, { seed: 5 })).toEqual(a);
  });

  it("McNemar's test: exact below 25 discordant pairs, chi-squared above (statsmodels)", () => {
    // statsmodels.stats.contingency_tables.mcnemar([[a, 3], [9, d]], exact=True).pvalue = 0.14599609375
    expect(mcnemar(3, 9).pValue).toBeCloseTo(0.14599609375, 10);
    // mcnemar([[a, 10], [30, d]], exact=False, correction=True): statistic 9.025, p 0.0026626...
    const r = mcnemar(10, 30);
    expect(r.statistic).toBeCloseTo(9.025, 10);
    expect(r.pValue).toBeCloseTo(0.002663119, 6);
  });
});

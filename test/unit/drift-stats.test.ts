import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { binnedShares, chi2Contingency, chiSquare, jensenShannon, ks2Samp, psi, wasserstein, wassersteinNorm, zTestProportions } from '../../electron/core/stats/drift.js';

/** Made by test/fixtures/drift/make_fixtures.py from scipy. */
const fx = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/drift/scipy_drift.json'), 'utf8'));
const close = (a: number, b: number) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(1e-6);

describe('drift statistics agree with scipy', () => {
  for (const c of fx.ks) {
    it(`ks_2samp: ${c.name} (${c.a.length} vs ${c.b.length})`, () => {
      const r = ks2Samp(c.a, c.b);
      close(r.statistic, c.statistic);
      close(r.pValue, c.pValue);
      // tiny p-values also agree relatively
      if (c.pValue > 0 && c.pValue < 1e-3) expect(Math.abs(r.pValue / c.pValue - 1)).toBeLessThan(1e-6);
    });
  }
  it('chisquare', () => {
    for (const c of fx.chisquare) {
      const r = chiSquare(c.observed, c.expected);
      close(r.statistic, c.statistic);
      close(r.pValue, c.pValue);
    }
  });
  it('chi2_contingency (Yates on 2x2)', () => {
    for (const c of fx.contingency) {
      const r = chi2Contingency(c.table);
      close(r.statistic, c.statistic);
      close(r.pValue, c.pValue);
      expect(r.dof).toBe(c.dof);
    }
  });
  it('two-proportion z-test', () => {
    for (const c of fx.ztest) {
      const r = zTestProportions(c.k1, c.n1, c.k2, c.n2);
      close(r.statistic, c.statistic);
      close(r.pValue, c.pValue);
    }
  });
  it('wasserstein_distance and the normed distance', () => {
    for (const c of fx.wasserstein) {
      close(wasserstein(c.a, c.b), c.distance);
      close(wassersteinNorm(c.a, c.b), c.normed);
    }
  });
  it('jensenshannon over Evidently bins (30 equal-width bins over both samples, or per value) and PSI', () => {
    for (const c of fx.jensenshannon) {
      const s = binnedShares(c.reference, c.current, c.numeric, 30, false);
      close(jensenShannon(s.reference, s.current), c.distance);
      const f = binnedShares(c.reference, c.current, c.numeric, 30, true);
      close(psi(f.reference, f.current), c.psi);
    }
  });
});

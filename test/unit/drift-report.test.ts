import { describe, expect, it } from 'vitest';
import { datasetDrift, type DriftColumn } from '../../electron/core/monitoring/drift.js';
import { columnDrift } from '../../electron/core/stats/column-drift.js';
import { mulberry32 } from '../../electron/core/stats/random.js';

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const CITIES = ['Lima', 'Quito', 'Bogotá', 'La Paz'];

/** A mixed table: 6 numeric columns (two correlated) and 4 categorical ones. */
function table(n: number, seed: number, shift: (col: number) => number = () => 0, corr = 0.8, flip = false) {
  const random = mulberry32(seed);
  const numeric = Array.from({ length: 6 }, () => new Float64Array(n));
  const cats = Array.from({ length: 4 }, () => new Array<string | null>(n));
  for (let i = 0; i < n; i++) {
    const base = normal(random);
    for (let c = 0; c < 6; c++)
      numeric[c][i] = (c < 2 ? (flip && c === 1 ? -corr : corr) * base + Math.sqrt(1 - corr * corr) * normal(random) : normal(random)) * (c + 1) + 10 * c + shift(c) * (c + 1);
    for (let c = 0; c < 4; c++) {
      const u = random();
      cats[c][i] = u < 0.4 ? CITIES[0] : u < 0.7 ? CITIES[1] : u < 0.9 ? CITIES[2] : CITIES[3];
    }
  }
  return { numeric, cats };
}

function columns(ref: ReturnType<typeof table>, cur: ReturnType<typeof table>): DriftColumn[] {
  return [
    ...ref.numeric.map((r, c) => ({ name: `x${c}`, kind: 'numeric' as const, reference: r, current: cur.numeric[c] })),
    ...ref.cats.map((r, c) => ({ name: `city${c}`, kind: 'categorical' as const, reference: r, current: cur.cats[c] })),
  ];
}

/** Rows drawn with replacement from the reference: a pure sample of it. */
function resample(ref: ReturnType<typeof table>, n: number, seed: number): ReturnType<typeof table> {
  const random = mulberry32(seed);
  const idx = Array.from({ length: n }, () => Math.floor(random() * ref.numeric[0].length));
  return { numeric: ref.numeric.map((col) => Float64Array.from(idx, (i) => col[i])), cats: ref.cats.map((col) => idx.map((i) => col[i])) };
}

describe('data set drift', () => {
  for (const [label, refRows, curRows] of [
    ['large reference (Wasserstein, Jensen-Shannon)', 2000, 400],
    ['small reference (KS, chi-squared)', 800, 300],
  ] as const) {
    it(`a pure sample of the reference is not flagged (false positives <= 5 % over 100 seeds): ${label}`, () => {
      const ref = table(refRows, 1);
      let flagged = 0;
      for (let seed = 0; seed < 100; seed++) {
        const r = datasetDrift(columns(ref, resample(ref, curRows, 1000 + seed)), refRows, curRows, { multivariate: false });
        if (r.datasetDrift) flagged++;
      }
      expect(flagged).toBeLessThanOrEqual(5);
    });
    it(`a +1 std shift in half the columns is flagged: ${label}`, () => {
      const ref = table(refRows, 1);
      const cur = table(curRows, 99, (c) => (c < 5 ? 1 : 0));
      const r = datasetDrift(columns(ref, cur), refRows, curRows);
      expect(r.datasetDrift).toBe(true);
      expect(r.driftShare).toBeGreaterThanOrEqual(0.5);
      const x0 = r.columns.find((c) => c.name === 'x0')!;
      expect(x0.drifted).toBe(true);
      expect(x0.explanation).toMatch(/median went from/);
      expect(r.columns.find((c) => c.name === 'x5')!.drifted).toBe(false);
    });
  }

  it('uses the methods Evidently picks and says why; overrides win', () => {
    const ref = table(500, 1);
    const cur = table(200, 2);
    const r = datasetDrift(columns(ref, cur), 500, 200, { overrides: { x1: { method: 'psi', threshold: 0.2 } } });
    const by = Object.fromEntries(r.columns.map((c) => [c.name, c]));
    expect(by.x0.method).toBe('ks');
    expect(by.x0.methodReason).toBe('small_reference_numeric');
    expect(by.city0.method).toBe('chisquare');
    expect(by.x1.method).toBe('psi');
    expect(by.x1.methodReason).toBe('override');
    expect(by.x1.threshold).toBe(0.2);
    const big = datasetDrift(columns(table(2000, 1), cur), 2000, 200);
    const bigBy = Object.fromEntries(big.columns.map((c) => [c.name, c]));
    expect(bigBy.x0.method).toBe('wasserstein');
    expect(bigBy.city0.method).toBe('jensenshannon');
    expect(bigBy.x0.effectSize.kind).toBe('wasserstein_norm');
  });

  it('a tiny current sample is "not enough data", not drift', () => {
    const ref = table(500, 1);
    const cur = table(10, 2, () => 3);
    const r = datasetDrift(columns(ref, cur), 500, 10);
    expect(r.datasetDrift).toBeNull();
    expect(r.columns.every((c) => c.status === 'not_enough_data')).toBe(true);
  });

  it('a category that grew is explained by its shares; a binary column uses the z-test', () => {
    const ref = Array.from({ length: 400 }, (_, i) => (i % 10 < 2 ? 'online' : 'store'));
    const cur = Array.from({ length: 400 }, (_, i) => (i % 10 < 6 ? 'online' : 'store'));
    const c = columnDrift({ name: 'channel', kind: 'categorical', reference: ref, current: cur });
    expect(c.method).toBe('z');
    expect(c.drifted).toBe(true);
    expect(c.explanation).toContain('"online" went from 20 % to 60 %');
  });

  it('the multivariate check catches a broken correlation that per-column tests miss', () => {
    const ref = table(3000, 1, () => 0, 0.95);
    const cur = table(600, 5, () => 0, 0.95, true);
    const r = datasetDrift(columns(ref, cur), 3000, 600);
    expect(r.datasetDrift).toBe(false);
    expect(r.multivariate?.drifted).toBe(true);
    const same = datasetDrift(columns(ref, resample(ref, 600, 3)), 3000, 600);
    expect(same.multivariate?.drifted).toBe(false);
  });
});

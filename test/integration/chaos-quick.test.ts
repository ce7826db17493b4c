import { describe, expect, it } from 'vitest';
import { runCampaign } from '../chaos/campaign.js';

// The fast subset of the fault campaign (`npm run chaos` runs all of it): a kill -9 in the middle of an
// import and of a registration, each followed by the common checks (integrity, points, states, orphans
// after the next open, resumability).

describe('fault campaign (quick subset)', () => {
  it('kill -9 of an import and of a registration leave a consistent workspace with no orphans after the next open', async () => {
    const summary = await runCampaign({ quick: true, rounds: 1, seed: 13, budgetSeconds: 120 });
    expect(summary.results.flatMap((r) => r.findings)).toEqual([]);
    expect(summary.cases).toBe(2);
  }, 240_000);
});

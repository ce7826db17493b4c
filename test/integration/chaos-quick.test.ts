import { describe, expect, it } from 'vitest';
import { runCampaign } from '../chaos/campaign.js';

// The fast subset of the fault campaign (`npm run chaos` runs all of it): a kill -9 in the middle of an
// import, of a registration, of a bundle import and of a serving process under loopback load, each followed
// by the common checks (integrity, points, states, orphans after the next open, resumability) and its own.

describe('fault campaign (quick subset)', () => {
  it('kill -9 of an import, a registration, a bundle import and a loaded server leave a consistent workspace with no orphans after the next open', async () => {
    const summary = await runCampaign({ quick: true, rounds: 1, seed: 13, budgetSeconds: 180 });
    expect(
      summary.results.flatMap((r) => r.findings),
      JSON.stringify(summary.results.flatMap((r) => r.findings)),
    ).toEqual([]);
    expect(summary.cases).toBe(4);
  }, 300_000);
});

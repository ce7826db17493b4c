import fs from 'node:fs';
import { verify } from './checks.js';
import { campaignRoot, cloneWorkspace, prepareTemplate, seeded, type Harness } from './harness.js';
import { scenarios, type Scenario } from './scenarios.js';

/** One campaign: every chosen scenario, round after round, until the rounds or the time budget run out. */

export interface CampaignOptions {
  seed: number;
  /** Rounds over the scenarios (each round runs each once). */
  rounds: number;
  /** Stop starting scenarios after this many seconds. */
  budgetSeconds: number;
  /** Only these scenarios (names); default all, or the quick ones with quick. */
  only?: string[];
  quick?: boolean;
  staleMs?: number;
  log?: (line: string) => void;
  /** Keep the workspaces (for a look after a failure). */
  keep?: boolean;
}

export interface CaseResult {
  scenario: string;
  group: string;
  round: number;
  ok: boolean;
  ms: number;
  findings: string[];
  details: Record<string, unknown>;
}

export interface CampaignSummary {
  seed: number;
  rounds: number;
  budgetSeconds: number;
  elapsedSeconds: number;
  cases: number;
  failures: number;
  scenarios: Record<string, { group: string; runs: number; failures: number; meanSeconds: number; orphansCollected: number }>;
  results: CaseResult[];
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignSummary> {
  const log = o.log ?? (() => undefined);
  const chosen: Scenario[] = scenarios.filter((s) => (o.only?.length ? o.only.includes(s.name) : o.quick ? s.quick : true));
  if (!chosen.length) throw new Error(`no scenario matches ${o.only?.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}`);
  const t0 = Date.now();
  const root = campaignRoot();
  const rng = seeded(o.seed);
  const results: CaseResult[] = [];
  try {
    log(`preparing the template workspace in ${root}`);
    const t = await prepareTemplate(root);
    outer: for (let round = 1; round <= o.rounds; round++) {
      for (const sc of chosen) {
        if ((Date.now() - t0) / 1000 > o.budgetSeconds) break outer;
        const dir = cloneWorkspace(t.template, root, `${sc.name}-${round}`);
        const h: Harness = { dir, bigCsv: t.bigCsv, smallCsv: t.smallCsv, runIds: t.runIds, model: t.model, staleMs: o.staleMs ?? 2000, rng, log };
        const started = Date.now();
        let findings: string[] = [];
        let details: Record<string, unknown> = {};
        try {
          const out = await sc.run(h);
          const verdict = await verify(dir, out.before);
          details = { ...out.details, collectedAtNextOpen: verdict.collected };
          findings = [...out.findings, ...verdict.findings];
        } catch (err) {
          findings = [`scenario error: ${err instanceof Error ? err.message : String(err)}`];
        }
        const r: CaseResult = { scenario: sc.name, group: sc.group, round, ok: findings.length === 0, ms: Date.now() - started, findings, details };
        results.push(r);
        log(
          `${r.ok ? 'ok  ' : 'FAIL'} ${sc.name} round ${round} (${(r.ms / 1000).toFixed(1)} s) ${JSON.stringify(details)}${findings.length ? '\n     ' + findings.join('\n     ') : ''}`,
        );
        if (r.ok && !o.keep) fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    if (!o.keep && results.every((r) => r.ok)) fs.rmSync(root, { recursive: true, force: true });
  }
  const byName: CampaignSummary['scenarios'] = {};
  for (const r of results) {
    const e = (byName[r.scenario] ??= { group: r.group, runs: 0, failures: 0, meanSeconds: 0, orphansCollected: 0 });
    e.orphansCollected += (r.details.collectedAtNextOpen as { orphans: number } | undefined)?.orphans ?? 0;
    e.meanSeconds = (e.meanSeconds * e.runs + r.ms / 1000) / (e.runs + 1);
    e.runs++;
    if (!r.ok) e.failures++;
  }
  for (const e of Object.values(byName)) e.meanSeconds = Math.round(e.meanSeconds * 10) / 10;
  return {
    seed: o.seed,
    rounds: o.rounds,
    budgetSeconds: o.budgetSeconds,
    elapsedSeconds: Math.round((Date.now() - t0) / 1000),
    cases: results.length,
    failures: results.filter((r) => !r.ok).length,
    scenarios: byName,
    results,
  };
}

/** The campaign as a Markdown table (docs/chaos.md). */
export function markdownTable(s: CampaignSummary): string {
  const rows = Object.entries(s.scenarios).map(([name, e]) => `| ${name} | ${e.group} | ${e.runs} | ${e.failures} | ${e.orphansCollected} | ${e.meanSeconds} |`);
  return ['| scenario | kind | runs | failures | orphans collected at the next open | mean seconds |', '|---|---|---:|---:|---:|---:|', ...rows].join('\n');
}

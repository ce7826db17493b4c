import fs from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/workspace.js';
import { irisProject, setupCli } from './setup-cli.js';
import { browserAvailable, launchBrowser, settled, startUi, trackApiCalls, type UiServer } from './browser.js';
import { languageProblems } from './language-checks.js';
import { layoutProblems } from './layout-checks.js';

const run = browserAvailable();
const shots = path.join(repoRoot, 'test-results/layout');
const sizes = [
  [1024, 768],
  [1440, 900],
  [1920, 1080],
] as const;
const looks = [
  { name: 'en-light', locale: 'en-US', colorScheme: 'light' as const },
  { name: 'es-dark', locale: 'es-ES', colorScheme: 'dark' as const },
];

const cli = (dataDir: string, args: string[], codes = [0]) => setupCli(dataDir, ['--json', ...args], codes);

/** Waits until the page shows its data: a heading, no spinner or skeleton, and the given element if any. */
async function ready(page: Page, pending: () => number, wait?: string): Promise<void> {
  await page.waitForSelector('main.content h1, main.content h2', { timeout: 20_000 });
  if (wait) await page.waitForSelector(wait, { timeout: 20_000 });
  await page.waitForFunction(() => !document.querySelector('.spinner, .skeleton, [aria-busy="true"]'), undefined, { timeout: 20_000 });
  await settled(page, pending);
}

const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/**
 * axe-core's WCAG 2.1 A/AA rules on the whole document (axe.run, as @axe-core/playwright's legacy mode does: the
 * app has no frames). axe is loaded once per document and stays loaded across the app's hash navigations: loading
 * it again before each run (what AxeBuilder does, twice per run) costs its start and throws away the compiled,
 * warmed-up code, which made a run two to three times slower (30 s instead of 14 s on the digits profile).
 */
async function axeViolations(page: Page): Promise<axe.Result[]> {
  if (!(await page.evaluate(() => typeof (window as { axe?: { run?: unknown } }).axe?.run === 'function'))) {
    await page.evaluate(axe.source);
    // noHtml: no outerHTML copy of every node axe checks (a report names nodes by their selectors, `target`)
    await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.configure({ allowedOrigins: ['<same_origin>'], noHtml: true }));
  }
  // Only the violations are asked for and sent back: with resultTypes, axe stops building the full node lists of
  // the passed, incomplete and inapplicable rules (the violations are reported whole), and the results no longer
  // carry every checked node's HTML over the connection (thousands on the digits profile).
  return page.evaluate(
    async (values) => (await (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] })).violations,
    axeTags,
  );
}

/** Pages whose screenshots are always kept (docs/layout-1024-samples.png is made from it). */
const keptShots = new Set(['en-light-1024-data-samples']);

/** What the set-up writes as a user would (names, descriptions, a reason): in English, and not the app's to translate. */
const userTexts = ['Accepted by the review board for a one-week shadow test.', 'MLP, 12 epochs', 'MLP, 3 epochs', 'Breast cancer screening', 'Handwritten digits', 'Iris species'];

/**
 * Every page of the app, with a sample project at each phase set up through the CLI, at three window sizes
 * in English/light and Spanish/dark: no sideways scrolling of the page or a card, no text covered by another
 * element, no text cut short without a tooltip, and no serious or critical axe-core finding (axe runs once per
 * page and look, at 1440 px: none of the WCAG 2.1 A/AA rules it runs depends on the window size; the
 * size-dependent checks are the layout ones above, run at every size), and in Spanish one language per screen
 * (language-checks.ts: no internal names, English dates or decimal points; at 1440 px too). Screenshots go to
 * test-results/layout/ (CI artefacts) for every page and size that has a problem, for the few in keptShots, and
 * for all of them with LAYOUT_SCREENSHOTS=1.
 */
describe.skipIf(!run)('Layout and accessibility of every page', () => {
  let server: UiServer;
  let browser: Browser;
  const pages: { name: string; hash: string; wait?: string }[] = [];

  beforeAll(async () => {
    const dataDir = tempDir('ciclo-e2e-layout-');
    // A project through the whole lifecycle (two short runs so there is something to compare)...
    const iris = await irisProject(dataDir, ['accuracy>=0.9', 'f1_macro>=0.85']);
    await cli(dataDir, ['dataset', 'split', 'iris', '--project', iris]);
    const a = (await cli(dataDir, ['train', '--project', iris, '--dataset', 'iris', '--epochs', '12', '--seed', '1', '--name', 'mlp-12-epochs', '--quiet'])).id;
    const b = (await cli(dataDir, ['train', '--project', iris, '--dataset', 'iris', '--epochs', '3', '--seed', '2', '--name', 'mlp-3-epochs', '--quiet'])).id;
    const ea = (await cli(dataDir, ['evaluate', a, '--quiet'], [0, 3])).id;
    const eb = (await cli(dataDir, ['evaluate', b, '--quiet'], [0, 3])).id;
    await cli(dataDir, ['model', 'register', a, '--name', 'iris-classifier', '--description', 'MLP, 12 epochs']);
    await cli(dataDir, ['model', 'register', b, '--name', 'iris-classifier', '--description', 'MLP, 3 epochs']);
    await cli(dataDir, ['model', 'promote', 'iris-classifier', '1', '--alias', 'champion', '--reason', 'Accepted by the review board for a one-week shadow test.']);
    await cli(dataDir, [
      'simulate',
      'drift',
      '--dataset',
      'iris@1',
      '--model',
      'iris-classifier@champion',
      '--shift',
      'petal_length_cm=+1.5sd',
      '--rows',
      '300',
      '--days',
      '3',
      '--label-delay',
      '1d',
      '--start',
      '2026-03-01',
      '--quiet',
    ]);
    // ... one with data only (64 pixel columns) and one with a charter only.
    const digits = (await cli(dataDir, ['project', 'create', 'Handwritten digits', '--task', 'multiclass', '--criterion', 'accuracy>=0.95'])).id;
    await cli(dataDir, ['dataset', 'import', `${repoRoot}/resources/datasets/digits_8x8.csv`, '--project', digits, '--name', 'digits']);
    const fresh = (await cli(dataDir, ['project', 'create', 'Breast cancer screening', '--task', 'binary', '--criterion', 'recall>=0.95'])).id;
    pages.push(
      { name: 'home', hash: '#/home' },
      { name: 'settings', hash: '#/settings' },
      { name: 'about', hash: '#/about' },
      { name: 'design-list', hash: '#/design', wait: 'main a[href*="project="]' },
      { name: 'design-new', hash: '#/design/new' },
      { name: 'design-project', hash: `#/design?project=${iris}`, wait: '[data-testid=criteria-table]' },
      { name: 'design-edit', hash: `#/design/edit?project=${iris}` },
      { name: 'data-samples', hash: '#/data' },
      { name: 'data-import', hash: `#/data?project=${fresh}` },
      { name: 'data-overview', hash: `#/data/overview?project=${iris}`, wait: '[data-testid=dataset-view]' },
      { name: 'data-profile', hash: `#/data/profile?project=${digits}`, wait: '[data-testid=profile-table]' },
      { name: 'data-versions', hash: `#/data/versions?project=${iris}`, wait: '[data-testid=dataset-view]' },
      { name: 'data-splits', hash: `#/data/splits?project=${iris}`, wait: '[data-testid=split-row]' },
      { name: 'train-empty', hash: `#/train?project=${fresh}` },
      { name: 'train-runs', hash: `#/train?project=${iris}`, wait: '[data-testid=run-row]' },
      { name: 'train-design', hash: `#/train/new?project=${iris}`, wait: '[data-testid=train-design]' },
      { name: 'train-run', hash: `#/train/run/${a}?project=${iris}`, wait: '[data-testid=run-page] svg' },
      { name: 'train-compare', hash: `#/train/compare?ids=${a},${b}&project=${iris}`, wait: '[data-testid=compare-metrics]' },
      { name: 'evaluate-home', hash: `#/evaluate?project=${iris}`, wait: '[data-testid=eval-row]' },
      { name: 'evaluate-one', hash: `#/evaluate/e/${ea}?project=${iris}`, wait: 'main svg' },
      { name: 'evaluate-compare', hash: `#/evaluate/compare?a=${ea}&b=${eb}&project=${iris}`, wait: '[data-testid=compare-table]' },
      { name: 'registry-models', hash: `#/registry?project=${iris}`, wait: '[data-testid=model-row-iris-classifier]' },
      { name: 'registry-versions', hash: `#/registry/model/iris-classifier/versions?project=${iris}`, wait: '[data-testid=model-page] table' },
      { name: 'registry-history', hash: `#/registry/model/iris-classifier/history?project=${iris}`, wait: '[data-testid=history-item]' },
      { name: 'registry-card', hash: `#/registry/model/iris-classifier/card?project=${iris}&v=1`, wait: '[data-testid=card-view]' },
      { name: 'registry-lineage', hash: `#/registry/model/iris-classifier/lineage?project=${iris}&v=1`, wait: '[data-testid=model-page] svg' },
      { name: 'registry-audit', hash: `#/registry/audit?project=${iris}`, wait: '[data-testid=audit-trail]' },
      { name: 'deploy-bundles', hash: `#/deploy/bundles?project=${iris}`, wait: '[data-testid=deploy-versions] tr' },
      { name: 'deploy-serving', hash: `#/deploy/serving?project=${iris}`, wait: '[data-testid=serving-panel]' },
      { name: 'deploy-batch', hash: `#/deploy/batch?project=${iris}`, wait: '[data-testid=batch-panel]' },
      { name: 'monitor', hash: `#/monitor?project=${iris}`, wait: '[data-testid="monitor-model-iris-classifier@1"]' },
    );
    if (!process.env.LAYOUT_PAGES) fs.rmSync(shots, { recursive: true, force: true });
    fs.mkdirSync(shots, { recursive: true });
    server = await startUi(dataDir);
    browser = await launchBrowser();
  }, 360_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const look of looks) {
    // the two looks run at the same time, each in its own browser context (its own renderer process)
    it.concurrent(
      `holds at 1024, 1440 and 1920 px wide in ${look.name}`,
      async ({ expect }) => {
        const context = await browser.newContext({ viewport: { width: sizes[0][0], height: sizes[0][1] }, locale: look.locale, colorScheme: look.colorScheme });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        const pending = trackApiCalls(page);
        await page.goto(server.loginUrl);
        await page.waitForSelector('nav[aria-label]');
        const problems: string[] = [];
        // LAYOUT_PAGES=train-run,monitor checks only those pages (while fixing them)
        const only = process.env.LAYOUT_PAGES?.split(',');
        const log = path.join(shots, `${look.name}-problems.txt`);
        fs.writeFileSync(log, '');
        for (const [index, p] of pages.filter((x) => !only || only.includes(x.name)).entries()) {
          const before = problems.length;
          await page.goto(new URL(`/${p.hash}`, server.url).href);
          await ready(page, pending, p.wait);
          // every other page walks the sizes from the widest: a page opens at the width the last one ended at, so
          // its first check needs no change of width (each width change draws the charts and the whole page again)
          for (const [width, height] of index % 2 ? [...sizes].reverse() : sizes) {
            await page.setViewportSize({ width, height });
            await settled(page, pending);
            // the app scrolls inside its main pane: grow the window to the page's height to check (and show) all of it
            const full = await page.evaluate(() => {
              const main = document.querySelector('.main');
              return main ? main.scrollHeight : document.documentElement.scrollHeight;
            });
            const tall = Math.min(Math.max(height, full), 6000);
            if (tall !== height) {
              await page.setViewportSize({ width, height: tall });
              await settled(page, pending);
            }
            const found = await page.evaluate(layoutProblems);
            for (const line of found) problems.push(`${p.name} ${width}px: ${line}`);
            const shot = `${look.name}-${width}-${p.name}`;
            if (found.length || keptShots.has(shot) || process.env.LAYOUT_SCREENSHOTS) await page.screenshot({ path: path.join(shots, `${shot}.png`) });
            if (width === 1440) {
              problems.push(...(await languageProblems(page, p.name, look.locale.startsWith('es') ? 'es' : 'en', userTexts)));
              for (const v of (await axeViolations(page)).filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
                problems.push(
                  `${p.name}: axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes
                    .slice(0, 3)
                    .map((n) => n.target.join(' '))
                    .join(' | ')}`,
                );
              }
            }
          }
          fs.appendFileSync(
            log,
            problems
              .slice(before)
              .map((l) => `${l}\n`)
              .join(''),
          );
        }
        expect(errors).toEqual([]);
        expect(problems).toEqual([]);
        await context.close();
      },
      600_000,
    );
  }
});

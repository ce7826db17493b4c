import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics } from '../../shared/metrics.js';
import { tempDir } from '../helpers/workspace.js';
import { setupCli } from './setup-cli.js';
import { browserAvailable, launchBrowser, screenshot, settled, startUi, trackApiCalls, type UiServer } from './browser.js';

const run = browserAvailable();

/**
 * One language per screen: the pages of a trained, evaluated, registered and monitored project (Home, Data,
 * Design, Train, Evaluate, Registry and its audit trail, Deploy's three tabs, Monitor), rendered in Spanish,
 * show no internal names (metric keys, parameter paths, enum values), no English dates and never mix decimal marks.
 * User data (column names, class names, sample values) is marked translate="no" or set in monospace and is
 * not checked.
 */
const rawNames = [
  ...metrics.map((m) => m.name).filter((n) => n.includes('_')),
  ...metrics.map((m) => m.name.toUpperCase()).filter((n) => n.includes('_') || ['ACCURACY', 'PRECISION', 'RECALL', 'BRIER'].includes(n)),
  'val_loss',
  'val_accuracy',
  'learningRate',
  'batchSize',
  'design.layers',
  'params.',
  'constant',
  'adam',
  'relu',
  'accuracy',
  'loss',
  // data, job and registry enum values
  'categorical',
  'numeric',
  'datetime',
  'median',
  'succeeded',
  'failed',
  'running',
  'queued',
  'cancelled',
  'interrupted',
  'production',
  'staging',
  'archived',
  'tabular',
];
/** Whole words only, case-sensitive: "Adam" (the display name) is fine, "adam" is not. */
const rawPattern = new RegExp(`(^|[^\\p{L}\\w.])(${rawNames.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\w])`, 'u');

/** The page's visible text without user data, code and identifiers. */
function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const main = document.querySelector('main') ?? document.body;
    const clone = main.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('[translate="no"], .mono, code, pre, script, style, input, textarea, select, option').forEach((n) => n.remove());
    return clone.innerText;
  });
}

/** Numbers with a decimal point ("0.45") on a Spanish page; version strings (4.22.0) and thousands (29.124) are not decimals. */
function dotDecimals(text: string): string[] {
  return [...text.matchAll(/(?<![\d.,])\d+\.(\d{1,2}|\d{4,})(?![\d.])/g)].map((m) => m[0]);
}

describe.skipIf(!run)('One language per screen (Spanish)', () => {
  let server: UiServer;
  let browser: Browser;
  let project: string;
  let runId: string;
  let evaluationId: string;
  /** What the user wrote (the sample charter's description and intended use): theirs, in their own words. */
  let userTexts: string[] = [];

  beforeAll(async () => {
    const dataDir = tempDir('ciclo-e2e-language-');
    const cli = (args: string[], codes = [0]) => setupCli(dataDir, args, codes);
    const sample = await cli(['dataset', 'sample', 'wine', '--json']);
    project = sample.projectId;
    userTexts = [sample.project.description, sample.project.intendedUse].flatMap((x: string) => x.split('\n')).filter((x: string) => x.trim());
    runId = (await cli(['train', '--project', project, '--dataset', 'wine', '--epochs', '25', '--seed', '1', '--quiet', '--json'])).id;
    evaluationId = (await cli(['evaluate', runId, '--quiet', '--json'], [0, 3])).id;
    await cli(['model', 'register', runId, '--name', 'wine-classifier', '--json']);
    // served rows over two days, for the Monitor page's numbers and dates
    await cli([
      'simulate',
      'drift',
      '--dataset',
      'wine@1',
      '--model',
      'wine-classifier@1',
      '--shift',
      'alcohol=+1.5sd',
      '--rows',
      '200',
      '--days',
      '2',
      '--label-delay',
      '1d',
      '--start',
      '2026-03-01',
      '--quiet',
    ]);
    server = await startUi(dataDir);
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows no raw internal names and one decimal mark on the main pages', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'es-ES', colorScheme: 'dark' });
    const page = await context.newPage();
    trackApiCalls(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.loginUrl);
    await page.waitForSelector('nav[aria-label]');
    await page.evaluate(() =>
      fetch('/api/prefs.set', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ language: 'es', theme: 'dark' }) }),
    );
    const pages: [string, string, string][] = [
      ['home', '#/home', 'main h1'],
      ['data-overview', `#/data/overview?project=${project}`, '[data-testid=validation-list]'],
      ['data-profile', `#/data/profile?project=${project}`, '[data-testid=profile-table]'],
      ['data-versions', `#/data/versions?project=${project}`, '[data-testid=dataset-view]'],
      ['data-splits', `#/data/splits?project=${project}`, '[data-testid=split-row]'],
      ['design', `#/design?project=${project}`, '[data-testid=criteria-table]'],
      ['train-run', `#/train/run/${runId}?project=${project}`, '[data-testid=epoch-table]'],
      ['train-runs', `#/train?project=${project}`, '[data-testid=held-epoch]'],
      ['evaluation', `#/evaluate/e/${evaluationId}?project=${project}`, '[data-testid=confusion-matrix]'],
      ['registry-versions', `#/registry/model/wine-classifier/versions?project=${project}`, '[data-testid=versions-table]'],
      ['registry-card', `#/registry/model/wine-classifier/card?project=${project}`, 'h2'],
      ['registry-audit', `#/registry/audit?project=${project}`, '[data-testid=audit-trail] li'],
      ['deploy-bundles', `#/deploy/bundles?project=${project}`, '[data-testid=deploy-versions] tr'],
      ['deploy-serving', `#/deploy/serving?project=${project}`, '[data-testid=serving-panel]'],
      ['deploy-batch', `#/deploy/batch?project=${project}`, '[data-testid=batch-panel]'],
      ['monitor', `#/monitor?project=${project}`, '[data-testid="monitor-model-wine-classifier@1"]'],
    ];
    const problems: string[] = [];
    for (const [name, hash, ready] of pages) {
      await page.goto(`${server.url}${hash}`);
      await page.reload();
      await page.waitForSelector(ready, { timeout: 30_000 });
      await page.waitForFunction(() => !document.querySelector('.spinner, .skeleton'), undefined, { timeout: 30_000 });
      await settled(page);
      const text = userTexts.reduce((all, own) => all.split(own).join(' '), await visibleText(page));
      for (const line of text.split('\n')) {
        const raw = rawPattern.exec(line);
        if (raw) problems.push(`${name}: raw name "${raw[2]}" in "${line.trim().slice(0, 120)}"`);
      }
      const dots = dotDecimals(text);
      if (dots.length) problems.push(`${name}: decimal points in Spanish: ${dots.slice(0, 5).join(' ')}`);
      if (/\d{1,2}\/\d{1,2}\/\d{4}/.test(text) || /\b(AM|PM)\b/.test(text)) problems.push(`${name}: a date not in the Spanish medium format`);
      await screenshot(page, `language-es-${name}`);
    }
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

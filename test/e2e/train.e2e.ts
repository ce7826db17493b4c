import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCliInProcess, tempDir } from '../helpers/workspace.js';
import { irisProject } from './setup-cli.js';
import { browserAvailable, launchBrowser, openApp, screenshot, settled, startUi, type UiServer } from './browser.js';

const run = browserAvailable();

/** The app scrolls inside its main pane, so a tall viewport shows a whole page in one screenshot. */
async function shot(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 2000 });
  await settled(page);
  await screenshot(page, name);
  await page.setViewportSize({ width: 1280, height: 860 });
}

/** The server shares 2 cores with a training worker and the browser: give screens time to catch up. */
const slow = { timeout: 20_000 };

const points = async (page: Page, testId: string) => Number((await page.getByTestId(testId).locator('figure').getAttribute('data-points')) ?? 0);

describe.skipIf(!run)('Train phase in browser mode', () => {
  let server: UiServer;
  let browser: Browser;
  let projectId: string;

  beforeAll(async () => {
    const dataDir = tempDir('ciclo-e2e-train-');
    projectId = await irisProject(dataDir, ['accuracy>=0.9']);
    server = await startUi(dataDir);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('says what it needs when the project has no data set', async () => {
    const empty = await runCliInProcess(server.dataDir, ['project', 'create', 'No data yet', '--task', 'binary', '--json']);
    const { page, errors } = await openApp(browser, server);
    await page.goto(`${server.url}#/train?project=${JSON.parse(empty.stdout).id}`);
    await page.getByTestId('empty-train').waitFor();
    expect(await page.getByTestId('empty-train').textContent()).toContain('Data phase');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('designs an MLP with a live shape check, trains it on iris and watches it learn', async () => {
    const { page, errors } = await openApp(browser, server);
    await page.goto(`${server.url}#/train?project=${projectId}`);
    await page.getByTestId('train-home').waitFor();
    await expect.poll(() => page.getByTestId('run-table').textContent(), slow).toContain('No runs yet');

    await page.getByTestId('train-new').click();
    await page.getByTestId('train-design').waitFor();
    // The default template's shapes are checked by the core: 4 features -> 64 -> 32 -> 3 classes.
    await expect.poll(() => page.getByTestId('design-check').textContent(), { timeout: 15_000 }).toContain('2,499 parameters');
    // Editing a layer re-checks it: 4*32+32 + 32*32+32 + 32*3+3 = 1,315.
    const units = page.getByTestId('layer-0').getByLabel('units');
    await units.fill('32');
    await expect.poll(() => page.getByTestId('param-count').textContent(), slow).toContain('1,315');
    await units.fill('64');
    await expect.poll(() => page.getByTestId('param-count').textContent(), slow).toContain('2,499');
    await shot(page, 'train-design');

    await page.getByTestId('design-name').fill('iris-default');
    await page.getByTestId('train-start').click();
    await page.getByTestId('run-page').waitFor();
    // Live: the batch-loss chart gains points while the run is still running.
    await expect.poll(() => points(page, 'chart-batch-loss'), { timeout: 60_000 }).toBeGreaterThan(0);
    const statusWhileLearning = await page.getByTestId('run-page').getAttribute('data-status');
    if (statusWhileLearning === 'running') await shot(page, 'train-run-live');

    await page.locator('[data-testid=run-page][data-status=succeeded]').waitFor({ timeout: 120_000 });
    const accuracy = await page.getByTestId('metric-val_accuracy').locator('.tile-value').textContent();
    expect(Number(accuracy)).toBeGreaterThanOrEqual(0.9);
    // The backend shown is the one the worker actually used.
    expect(await page.getByTestId('run-backend').textContent()).toMatch(/^(tensorflow|wasm|cpu)$/);
    await expect.poll(() => points(page, 'chart-loss'), slow).toBeGreaterThan(1);
    expect(await page.getByTestId('epoch-table').locator('tbody tr').count()).toBeGreaterThan(1);
    await shot(page, 'train-run-done');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('cancels a long run within seconds and offers to resume it', async () => {
    const { page, errors } = await openApp(browser, server);
    await page.goto(`${server.url}#/train/new?project=${projectId}`);
    await expect.poll(() => page.getByTestId('design-check').textContent(), { timeout: 15_000 }).toContain('parameters');
    await page.getByTestId('hp-epochs').fill('2000');
    // early stopping is on by default and would end this run on its own: this one must run until cancelled
    await page.getByTestId('hp-early').uncheck();
    await page.getByTestId('design-name').fill('iris-long');
    await page.getByTestId('train-start').click();
    await page.getByTestId('run-page').waitFor();
    await expect.poll(() => points(page, 'chart-batch-loss'), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.getByTestId('run-progress').waitFor();
    const sent = page.waitForRequest((r) => r.url().endsWith('/api/run.cancel'));
    // Cancel asks first, and says the run can be resumed from its last checkpoint.
    await page.getByTestId('run-cancel').click();
    expect(await page.getByTestId('run-cancel-ask').textContent()).toContain('resume');
    await page.getByTestId('run-cancel-confirm').click();
    await sent;
    const started = Date.now();
    await page.locator('[data-testid=run-page][data-status=cancelled]').waitFor({ timeout: 10_000 });
    // The core stops the worker within a second; the page shows it as soon as the answer arrives.
    expect(Date.now() - started).toBeLessThan(4_000);
    await page.getByTestId('run-resume').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('searches and sorts the run table, then compares two runs', async () => {
    const { page, errors } = await openApp(browser, server);
    await page.goto(`${server.url}#/train?project=${projectId}`);
    await expect.poll(() => page.getByTestId('run-row').count(), slow).toBe(2);
    await page.getByTestId('run-search').fill('long');
    await expect.poll(() => page.getByTestId('run-row').count(), slow).toBe(1);
    expect(await page.getByTestId('run-row').textContent()).toContain('iris-long');
    await page.getByTestId('run-search').fill('');
    await expect.poll(() => page.getByTestId('run-row').count(), slow).toBe(2);
    await page.getByTestId('run-filter-status').selectOption('succeeded');
    await expect.poll(() => page.getByTestId('run-row').count(), slow).toBe(1);
    await page.getByTestId('run-filter-status').selectOption('');
    await page.getByTestId('sort-name').click();
    await expect.poll(() => page.getByTestId('run-row').first().textContent(), slow).toContain('iris-default');
    // early stopping keeps the best epoch's weights by default: the row shows their metrics and which epoch that is
    expect(await page.getByTestId('run-row').first().getByTestId('held-epoch').textContent()).toMatch(/^epoch \d+ \(best of \d+\)$/);
    await shot(page, 'train-runs');
    await shot(page, 'train-runs-best-epoch');

    for (const row of await page.getByTestId('run-row').all()) await row.locator('input[type=checkbox]').check();
    await page.getByTestId('run-compare').click();
    await page.getByTestId('compare-page').waitFor();
    await expect.poll(() => page.getByTestId('compare-params').textContent(), slow).toContain('Epochs');
    expect(await page.getByTestId('compare-params').textContent()).toContain('2,000');
    await expect.poll(() => points(page, 'compare-chart-val_accuracy'), slow).toBeGreaterThan(2);
    await shot(page, 'train-compare');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reads well in Spanish and in the dark theme', async () => {
    const { page, errors } = await openApp(browser, server);
    // Language and theme are preferences: set them as the Settings page does, then load the app again.
    const saved = await page.evaluate(() =>
      fetch('/api/prefs.set', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ language: 'es', theme: 'dark' }) }).then((r) => r.status),
    );
    expect(saved).toBe(200);
    await page.reload();
    await page.goto(`${server.url}#/train?project=${projectId}`);
    await expect.poll(() => page.getByTestId('train-home').textContent(), slow).toContain('Ejecuciones de entrenamiento');
    await shot(page, 'train-runs-es-dark');
    await page.getByTestId('run-row').filter({ hasText: 'iris-default' }).click();
    await page.locator('[data-testid=run-page][data-status=succeeded]').waitFor();
    expect(await page.getByTestId('run-status').first().textContent()).toContain('Completada');
    await shot(page, 'train-run-es-dark');
    await page.goto(`${server.url}#/train/new?project=${projectId}`);
    await expect.poll(() => page.getByTestId('design-check').textContent(), { timeout: 15_000 }).toContain('parámetros');
    await shot(page, 'train-design-es-dark');
    expect(errors).toEqual([]);
    await page.close();
  });
});

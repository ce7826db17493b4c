import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCliInProcess, runCliAsync, tempDir } from '../helpers/workspace.js';
import { irisProject, setupCli } from './setup-cli.js';
import { browserAvailable, downloadText, launchBrowser, openApp, screenshot, settled, startUi, type UiServer } from './browser.js';

const run = browserAvailable();

/** The app scrolls inside its main pane, so a tall viewport shows a whole page in one screenshot. */
async function shot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 860 };
  await page.setViewportSize({ width: 1280, height: 2300 });
  await settled(page);
  await screenshot(page, name);
  await page.setViewportSize(size);
}

/** The numbers in the confusion matrix's cells, row by row. */
async function matrixCells(page: Page): Promise<string[][]> {
  return page
    .getByTestId('confusion-matrix')
    .evaluate((table) => [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
}

describe.skipIf(!run)('Evaluate phase in browser mode', () => {
  let server: UiServer;
  let browser: Browser;
  let projectId: string;
  let runId: string;
  let evaluationId: string;

  beforeAll(async () => {
    const dataDir = tempDir('ciclo-e2e-evaluate-');
    // One criterion an iris MLP meets (accuracy) and one it cannot (its default design has 2,499 parameters).
    projectId = await irisProject(dataDir, ['accuracy>=0.7', 'param_count<=1000']);
    runId = (await setupCli(dataDir, ['train', '--project', projectId, '--dataset', 'iris', '--epochs', '15', '--seed', '7', '--name', 'iris-mlp', '--quiet', '--json'])).id;
    server = await startUi(dataDir);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('says what it needs when the project has no finished run', async () => {
    const empty = await runCliInProcess(server.dataDir, ['project', 'create', 'Nothing trained', '--task', 'binary', '--json']);
    const { page, errors } = await openApp(browser, server);
    await page.goto(`${server.url}#/evaluate?project=${JSON.parse(empty.stdout).id}`);
    await page.getByTestId('empty-evaluate').waitFor();
    expect(await page.getByTestId('empty-evaluate').textContent()).toContain('train a model first');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('evaluates a finished run and shows the confusion matrix and the gate list, then exports the HTML report', async () => {
    const { page, errors } = await openApp(browser, server);
    await page.goto(`${server.url}#/evaluate?project=${projectId}`);
    await page.getByTestId('evaluate-home').waitFor();
    expect(await page.getByTestId('eval-list-empty').textContent()).toContain('No evaluation yet');
    await page.waitForFunction((id) => (document.querySelector('[data-testid="eval-run"]') as HTMLSelectElement | null)?.value === id, runId, { timeout: 15_000 });
    await page.getByTestId('eval-submit').click();
    await page.getByTestId('eval-progress').waitFor();
    await page.getByTestId('eval-page').waitFor({ timeout: 90_000 });
    evaluationId = new URL(page.url()).hash.split('/')[3].split('?')[0];

    // The confusion matrix: 3 x 3 for iris, its counts add up to the rows evaluated (the held-out test rows).
    const cells = await matrixCells(page);
    expect(cells).toHaveLength(3);
    expect(cells.every((r) => r.length === 3)).toBe(true);
    const total = cells.flat().reduce((n, c) => n + Number(c.replace(/,/g, '')), 0);
    expect(await page.getByTestId('eval-subtitle').textContent()).toContain(`${total} rows`);
    await page.getByTestId('confusion-normalized').click();
    expect(await page.getByTestId('confusion-matrix').getAttribute('data-mode')).toBe('normalized');
    expect((await matrixCells(page)).flat().every((c) => c.endsWith('%'))).toBe(true);

    // The gate list: accuracy passes with a positive margin, the parameter budget fails, so the model fails.
    const accuracy = page.locator('[data-testid=gate-check][data-metric=accuracy]');
    const params = page.locator('[data-testid=gate-check][data-metric=param_count]');
    expect(await accuracy.getAttribute('data-passed')).toBe('true');
    expect(await accuracy.textContent()).toMatch(/Accuracy ≥ 0\.7.*\+0\.\d+.*Pass/);
    expect(await params.getAttribute('data-passed')).toBe('false');
    expect(await params.textContent()).toMatch(/Parameters ≤ 1,000\s*2,499\s*−1,499\s*Fail/);
    expect(await page.getByTestId('gate-verdict').textContent()).toContain('Fails 1 of 2');
    expect(await page.getByTestId('eval-page').getAttribute('data-gate')).toBe('failed');

    // Curves, slices and operational figures are drawn from the stored evaluation.
    expect(Number(await page.getByTestId('chart-roc').getAttribute('data-points'))).toBeGreaterThan(3);
    await page.getByTestId('slice-feature').selectOption('petal_length_cm');
    await expect.poll(() => page.getByTestId('slice-row').count(), { timeout: 30_000 }).toBe(4);
    expect(await page.getByTestId('op-params').textContent()).toContain('2,499');
    await shot(page, 'evaluate-page');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-html').click()]);
    expect(download.suggestedFilename()).toMatch(/^evaluation-iris-mlp-iris@1\.html$/);
    const html = await downloadText(download);
    expect(html).toContain('<svg');
    expect(html).toContain('Confusion matrix');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('compares two evaluations metric by metric', async () => {
    const second = await runCliAsync(server.dataDir, ['evaluate', runId, '--subset', 'all', '--quiet', '--json']);
    expect(second.code, second.stderr).toBe(3);
    const otherId = JSON.parse(second.stdout).id;
    const { page, errors } = await openApp(browser, server);
    await page.goto(`${server.url}#/evaluate?project=${projectId}`);
    // the list loads after the page shows (expect.poll gives up after 1 s, too soon on a loaded machine): wait for its rows
    await page.getByTestId('eval-row').nth(1).waitFor();
    expect(await page.getByTestId('eval-row').count()).toBe(2);
    await page.locator(`[data-testid=eval-row][data-id=${evaluationId}] input[type=checkbox]`).check();
    await page.locator(`[data-testid=eval-row][data-id=${otherId}] input[type=checkbox]`).check();
    await page.getByTestId('eval-compare').click();
    await page.getByTestId('compare-table').waitFor();
    // Test rows against every row: not the same data, and the page says so.
    expect(await page.getByTestId('eval-compare-page').textContent()).toContain('not like for like');
    const accuracyRow = page.locator('[data-testid=compare-row][data-metric=accuracy]');
    expect(['a', 'b', 'equal']).toContain(await accuracyRow.getAttribute('data-better'));
    expect(await page.getByTestId('compare-wins').textContent()).toMatch(/A is better on \d+ metrics, B on \d+/);
    // each side's 95 % bootstrap interval under its value
    expect(await accuracyRow.getByTestId('compare-interval').count()).toBe(2);
    expect(await accuracyRow.getByTestId('compare-interval').first().textContent()).toMatch(/^95 % CI \d[\d.]* – \d[\d.]*$/);
    await shot(page, 'evaluate-compare');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reads in Spanish and in the dark theme', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'es-ES', colorScheme: 'dark' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.loginUrl);
    await page.waitForSelector('nav[aria-label]');
    await page.goto(`${server.url}#/evaluate/e/${evaluationId}?project=${projectId}`);
    await page.getByTestId('eval-page').waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    expect(await page.getByTestId('gate-verdict').textContent()).toContain('Falla 1 de 2 criterios');
    expect(await page.locator('[data-testid=gate-check][data-metric=accuracy]').textContent()).toContain('Exactitud ≥ 0,7');
    await shot(page, 'evaluate-page-es-dark');
    await page.goto(`${server.url}#/evaluate?project=${projectId}`);
    await page.getByTestId('evaluate-home').waitFor();
    await shot(page, 'evaluate-home-es-dark');
    expect(errors).toEqual([]);
    await context.close();
  });
});

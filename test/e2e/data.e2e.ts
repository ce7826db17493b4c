import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCliInProcess } from '../helpers/workspace.js';
import { browserAvailable, launchBrowser, openApp, screenshot, startUi, type UiServer } from './browser.js';

const run = browserAvailable();
const fixtures = path.join(repoRoot, 'test/fixtures/data-ui');
// 40 rows; an odd header ("Height (cm)", "notes / comments"), missing values written as "", NA and ?,
// a categorical colour, a grade written as 1/2/3, a constant column and a mostly empty one.
const plantsCsv = path.join(fixtures, 'plants.csv');
// the same plants without the first row and with 4 more
const plantsV2Csv = path.join(fixtures, 'plants-v2.csv');

/** Drops a file onto the Data phase the way a browser does: a DataTransfer built in the page. */
async function dropFile(page: Page, file: string): Promise<void> {
  const content = fs.readFileSync(file, 'utf8');
  const name = path.basename(file);
  const transfer = await page.evaluateHandle(
    ({ content, name }) => {
      // runs in the page (this file is type-checked without the DOM library)
      const page = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        File: new (parts: string[], name: string, options: { type: string }) => unknown;
      };
      const dt = new page.DataTransfer();
      dt.items.add(new page.File([content], name, { type: 'text/csv' }));
      return dt;
    },
    { content, name },
  );
  const target = page.getByTestId('data-drop-target');
  await target.dispatchEvent('dragenter', { dataTransfer: transfer });
  await target.dispatchEvent('dragover', { dataTransfer: transfer });
  await target.dispatchEvent('drop', { dataTransfer: transfer });
}

const versionShown = (page: Page) => page.getByTestId('dataset-view').getAttribute('data-version');

describe.skipIf(!run)('Data phase in browser mode', () => {
  let server: UiServer;
  let browser: Browser;
  let projectId: string;

  beforeAll(async () => {
    server = await startUi();
    const created = await runCliInProcess(server.dataDir, ['--json', 'project', 'create', 'Plant safety', '--task', 'binary', '--criterion', 'accuracy>=0.8']);
    expect(created.code, created.stderr).toBe(0);
    projectId = created.json.id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('imports a dropped CSV, fixes a column type, shows histograms, warnings, versions and diffs', async () => {
    const { page, errors } = await openApp(browser, server);
    await page.goto(new URL(`/#/data?project=${projectId}`, server.url).href);
    await page.getByTestId('import-panel').waitFor();

    // Drop the file: upload, the missing-value step (its NA and ? cells: kept as missing), import job, then the new version on screen.
    await dropFile(page, plantsCsv);
    await page.getByTestId('token-step').waitFor({ timeout: 60_000 });
    await page.getByTestId('token-import').click();
    await page.getByTestId('dataset-view').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-done').textContent()).toContain('version 1');
    expect(await page.getByTestId('fact-rows').textContent()).toBe('40');
    expect(await versionShown(page)).toBe('1');

    // The target is suggested at import (a column named "label"), and the import says so; validation gives
    // actionable warnings about the constant and the mostly empty column.
    const checks = page.getByTestId('validation-list');
    await checks.waitFor();
    await expect.poll(() => page.getByTestId('target-select').inputValue()).toBe('label');
    expect(await page.getByTestId('import-warnings').locator('[data-key="import.target_by_name"]').textContent()).toContain('“label” was chosen as the target');
    expect(await checks.locator('[data-key="validate.no_target"]').count()).toBe(0);
    expect(await checks.locator('[data-severity="warning"]').count()).toBeGreaterThanOrEqual(2);
    expect(await checks.locator('[data-key="validate.constant_column"]').textContent()).toContain('batch');
    expect(await checks.locator('[data-key="validate.mostly_missing"]').textContent()).toContain('notes / comments');
    expect(await page.getByTestId('import-warnings').textContent()).toContain('Plant ID');

    // The schema table shows what was inferred, odd header names included.
    const schema = page.getByTestId('schema-table');
    expect(await schema.locator('tr[data-column="Height (cm)"] select').first().inputValue()).toBe('numeric');
    expect(await schema.locator('tr[data-column="colour"] select').first().inputValue()).toBe('categorical');
    expect(await schema.locator('tr[data-column="Plant ID"] select').nth(1).inputValue()).toBe('ignore');
    expect(await schema.locator('tr[data-column="Height (cm)"] td.num').first().textContent()).toContain('3');
    await screenshot(page, 'data-overview');

    // Fix a column type (grade is a category written as numbers); apply as version 2.
    await page.getByLabel('Type of grade').selectOption('categorical');
    await page.getByTestId('schema-apply').click();
    await expect.poll(() => versionShown(page), { timeout: 30_000 }).toBe('2');
    expect(await page.getByLabel('Type of grade').inputValue()).toBe('categorical');
    expect(await page.getByTestId('target-select').inputValue()).toBe('label');
    await expect.poll(() => page.getByTestId('target-fit').textContent()).toBe('fits the task');
    expect(await checks.locator('[data-key="validate.no_target"]').count()).toBe(0);

    // A type the values cannot take is refused with the row that does not fit, and nothing changes.
    await page.getByLabel('Type of colour').selectOption('numeric');
    await page.getByTestId('schema-apply').click();
    await expect.poll(() => page.getByTestId('schema-error').textContent()).toContain('colour');
    expect(await page.getByTestId('schema-error').textContent()).toMatch(/row \d+/);
    expect(await versionShown(page)).toBe('2');
    await page.getByRole('button', { name: 'Discard' }).click();

    // Profile: histograms for numeric columns, top values for categorical ones, class balance, missing values.
    await page.getByTestId('tab-profile').click();
    await page.getByTestId('profile-table').waitFor();
    const height = page.getByTestId('column-card-Height (cm)');
    expect(await height.getAttribute('data-chart')).toBe('histogram');
    await expect.poll(() => height.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(3);
    expect(await page.getByTestId('column-card-grade').getAttribute('data-chart')).toBe('top');
    expect(await page.getByTestId('column-card-colour').getAttribute('data-chart')).toBe('top');
    expect(await page.getByTestId('class-balance').getAttribute('data-bars')).toBe('2');
    expect(await page.getByTestId('missing-chart').getAttribute('data-bars')).toBe('3');
    expect(await page.getByTestId('stats-table').textContent()).toContain('Height (cm)');
    await screenshot(page, 'data-profile');

    // A changed file imported as a new version (file input this time): its diff counts rows.
    await page.getByTestId('import-toggle').click();
    await page.getByTestId('import-as-version').check();
    await page.getByTestId('import-file-input').setInputFiles(plantsV2Csv);
    await page.getByTestId('token-import').click({ timeout: 60_000 });
    await expect.poll(() => versionShown(page), { timeout: 60_000 }).toBe('3');
    await page.getByTestId('tab-versions').click();
    const history = page.getByTestId('versions-table');
    await history.waitFor();
    expect(await history.locator('tbody tr').count()).toBe(3);
    const v3 = await history.locator('tr[data-version="3"]').textContent();
    expect(v3).toContain('+4 rows');
    expect(v3).toContain('−1 row');
    expect(await history.locator('tr[data-version="2"]').textContent()).toContain('grade: numeric → categorical');
    await screenshot(page, 'data-versions');

    // The same content again is no new version.
    await page.getByTestId('import-toggle').click();
    await page.getByTestId('import-as-version').check();
    await page.getByTestId('import-file-input').setInputFiles(plantsV2Csv);
    await page.getByTestId('token-import').click({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('import-done').textContent(), { timeout: 60_000 }).toContain('already version 3');

    // Splits: a seeded, stratified split with its counts.
    await page.getByTestId('tab-splits').click();
    await page.getByTestId('split-submit').click();
    const split = page.getByTestId('split-row').first();
    await split.waitFor();
    expect(await split.textContent()).toContain('stratified');
    expect(errors).toEqual([]);
  });

  it('reads in Spanish and in the dark theme', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'es-ES', colorScheme: 'dark' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.loginUrl);
    await page.waitForSelector('nav[aria-label]');
    await page.goto(new URL(`/#/data/overview?project=${projectId}`, server.url).href);
    await page.getByTestId('dataset-view').waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    expect(await page.getByTestId('tab-overview').textContent()).toBe('Esquema y comprobaciones');
    const checks = page.getByTestId('validation-list');
    await checks.waitFor();
    expect(await checks.locator('[data-key="validate.constant_column"]').textContent()).toContain('no puede ayudar a un modelo');
    await screenshot(page, 'data-overview-es-dark');
    await page.getByTestId('tab-profile').click();
    await page.getByTestId('profile-table').waitFor();
    await screenshot(page, 'data-profile-es-dark');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows and edits missing-value handling and date parts per column, and fixes spoilt columns in one click', async () => {
    // a clinic table: 0 standing for an unmeasured pressure, stray strings in a numeric dose, NA / ? cells, dates
    const created = await runCliInProcess(server.dataDir, ['--json', 'project', 'create', 'Clinic', '--task', 'binary']);
    expect(created.code, created.stderr).toBe(0);
    const imported = await runCliInProcess(server.dataDir, [
      '--json',
      'dataset',
      'import',
      path.join(repoRoot, 'test/fixtures/data-prep/messy.csv'),
      '--project',
      'Clinic',
      '--target',
      'label',
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    const { page, errors } = await openApp(browser, server);
    await page.goto(new URL(`/#/data/overview?project=${created.json.id}`, server.url).href);
    await page.getByTestId('dataset-view').waitFor();
    const schema = page.getByTestId('schema-table');
    expect(await page.getByTestId('strategy-income').inputValue()).toBe('median');
    expect(await page.getByLabel('Missing indicator for income').isChecked()).toBe(true);
    expect(await page.getByTestId('strategy-heating').inputValue()).toBe('category');
    expect(await page.getByTestId('tokens-heating').inputValue()).toBe('NA, N/A, n/a, na, null, NULL, Null, ?, NaN, nan');
    expect(await page.getByTestId('date-visited').inputValue()).toBe('parts');
    const checks = page.getByTestId('validation-list');
    expect(await checks.locator('[data-key="validate.stray_values"]').textContent()).toContain('lines 25, 63: "abc", "inf"');
    expect(await checks.locator('[data-key="validate.date_split"]').count()).toBe(1);
    expect(await checks.locator('[data-key="validate.some_missing"]').textContent()).toContain('income');
    await page.getByTestId('strategy-income').selectOption('constant');
    await page.getByLabel('Constant that fills missing values of income').fill('0');
    await schema.evaluate((el) => (el as unknown as { scrollIntoView(): void }).scrollIntoView());
    await screenshot(page, 'data-schema-prep');

    // one click: the stray strings become missing values and dose a numeric feature (version 2)
    await page.getByTestId('schema-table').scrollIntoViewIfNeeded();
    await page.getByTestId('fix-validate.stray_values-dose').click();
    await expect.poll(() => versionShown(page), { timeout: 30_000 }).toBe('2');
    expect(await schema.locator('tr[data-column="dose"] select').first().inputValue()).toBe('numeric');
    expect(await page.getByTestId('tokens-dose').inputValue()).toContain('abc, inf');
    // and 0 as missing for the pressure (version 3); then the date as a raw timestamp (version 4)
    await page.getByTestId('fix-validate.zero_placeholder-pressure').click();
    await expect.poll(() => versionShown(page), { timeout: 30_000 }).toBe('3');
    expect(await checks.locator('[data-key="validate.zero_placeholder"]').count()).toBe(0);
    await page.getByTestId('date-visited').selectOption('raw');
    await page.getByTestId('schema-apply').click();
    await expect.poll(() => versionShown(page), { timeout: 30_000 }).toBe('4');
    expect(await page.getByTestId('date-visited').inputValue()).toBe('raw');
    await page.getByTestId('tab-splits').click();
    await page.getByTestId('split-order').selectOption('visited');
    await page.getByTestId('split-submit').click();
    expect(await page.getByTestId('split-row').first().textContent()).toContain('Chronological by visited');
    expect(errors).toEqual([]);
  });

  it('creates a sample project in one click', async () => {
    const { page, errors } = await openApp(browser, server);
    await page.goto(new URL('/#/data', server.url).href);
    await page.getByTestId('samples-card').waitFor();
    await page.getByTestId('sample-create-iris').click();
    await page.getByTestId('dataset-view').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('fact-rows').textContent()).toBe('150');
    expect(await page.getByTestId('target-select').inputValue()).toBe('species');
    await expect.poll(() => page.getByTestId('target-fit').textContent()).toBe('fits the task');
    expect(errors).toEqual([]);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess, tempDir } from '../helpers/workspace.js';
import { browserAvailable, launchBrowser, openApp, screenshot, startUi, type UiServer } from './browser.js';

const run = browserAvailable();

// heating: 'none' is a placeholder here, 'NA' a real value (North America); size: 'unknown' among numbers
const csv =
  ['heating,size,label', 'gas,120,warm', 'none,80,cold', 'NA,95,warm', 'electric,unknown,cold', 'gas,NA,warm', 'none,70,cold', 'NA,110,warm', 'electric,100,cold'].join('\n') +
  '\n';

describe.skipIf(!run)('the import shows the missing-value tokens of each column before storing the import', () => {
  let server: UiServer;
  let browser: Browser;
  let projectId: string;
  const dir = tempDir('ciclo-e2e-tokens-');
  const file = path.join(dir, 'homes.csv');

  beforeAll(async () => {
    fs.writeFileSync(file, csv);
    server = await startUi();
    const created = await runCliInProcess(server.dataDir, ['--json', 'project', 'create', 'Homes', '--task', 'binary']);
    expect(created.code, created.stderr).toBe(0);
    projectId = created.json.id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists found tokens and placeholders per column; removing and adding tokens changes how the version reads its cells', async () => {
    const { page, errors } = await openApp(browser, server);
    await page.goto(new URL(`/#/data?project=${projectId}`, server.url).href);
    await page.getByTestId('import-panel').waitFor();
    await page.getByTestId('import-file-input').setInputFiles(file);

    const step = page.getByTestId('token-step');
    await step.waitFor({ timeout: 60_000 });
    // nothing is stored while the user decides
    expect((await runCliInProcess(server.dataDir, ['--json', 'dataset', 'list', '--project', projectId])).json).toEqual([]);
    const heating = page.getByTestId('token-row-heating');
    const size = page.getByTestId('token-row-size');
    await expect.poll(() => heating.locator('[data-token="NA"]').getAttribute('data-active')).toBe('true');
    expect(await heating.locator('[data-token="NA"]').textContent()).toContain('2 cells');
    expect(await heating.locator('[data-suggestion="none"]').textContent()).toContain('2 cells');
    expect(await size.locator('[data-token="NA"]').getAttribute('data-active')).toBe('true');
    expect(await size.locator('[data-suggestion="unknown"]').textContent()).toContain('1 cell');
    expect(await page.getByTestId('token-row-label').count()).toBe(0);

    // heating: 'NA' is a value, 'none' is missing; size: 'unknown' is missing too (so the column stays numbers)
    await heating.locator('[data-token="NA"]').click();
    expect(await heating.locator('[data-token="NA"]').getAttribute('data-active')).toBe('false');
    await heating.getByRole('textbox').fill('none');
    await heating.getByRole('button', { name: 'Add' }).click();
    expect(await heating.locator('[data-token="none"]').getAttribute('data-active')).toBe('true');
    await size.locator('[data-suggestion="unknown"]').click();
    expect(await size.locator('[data-token="unknown"]').getAttribute('data-active')).toBe('true');
    await screenshot(page, 'data-import-tokens');
    await page.getByTestId('token-import').click();

    await page.getByTestId('dataset-view').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('import-done').textContent()).toContain('version 1');
    const shown = await runCliInProcess(server.dataDir, ['--json', 'dataset', 'show', 'homes', '--project', projectId]);
    expect(shown.code, shown.stderr).toBe(0);
    const col = (name: string) => shown.json.columns.find((c: { name: string }) => c.name === name);
    expect(col('heating').missingTokens).toContain('none');
    expect(col('heating').missingTokens).not.toContain('NA');
    expect(col('heating').missing).toBe(2);
    expect(col('size')).toMatchObject({ type: 'numeric', missing: 2 });
    expect(col('size').missingTokens).toContain('unknown');
    expect(errors).toEqual([]);
  });

  it('reads in Spanish', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'es-ES' });
    const page = await context.newPage();
    await page.goto(server.loginUrl);
    await page.waitForSelector('nav[aria-label]');
    await page.goto(new URL(`/#/data/overview?project=${projectId}`, server.url).href);
    await page.getByTestId('import-toggle').click();
    await page.getByTestId('import-file-input').setInputFiles(file);
    const step = page.getByTestId('token-step');
    await step.waitFor({ timeout: 60_000 });
    expect(await step.locator('h2').textContent()).toBe('Valores que faltan en homes.csv');
    await expect.poll(() => page.getByTestId('token-row-heating').locator('[data-token="NA"]').textContent()).toContain('2 celdas');
    await page.getByTestId('token-cancel').click();
    expect(await step.count()).toBe(0);
    await context.close();
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCliInProcess } from '../helpers/workspace.js';
import { browserAvailable, launchBrowser, openApp, screenshot, startUi, type UiServer } from './browser.js';

const run = browserAvailable();

describe.skipIf(!run)('Design phase in browser mode', () => {
  let server: UiServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startUi();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('refuses API calls without the token', async () => {
    const res = await fetch(new URL('/api/project.list', server.url), { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    const body: any = await res.json();
    expect(body.error.code).toBe('unauthorized');
    const wrong = await fetch(new URL('/api/project.list', server.url), { method: 'POST', body: '{}', headers: { Authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });

  it('creates a project with two criteria, flags a bad one, keeps it after reload, and speaks Spanish', async () => {
    const { page, errors } = await openApp(browser, server);
    await page.getByTestId('home-new-project').click();
    await page.getByTestId('charter-name').fill('Iris species');
    await page.getByTestId('task-multiclass').check();
    await page.getByLabel('Problem description').fill('Tell the species of an iris flower from four measurements.');

    // First criterion: accuracy >= 0.9.
    await page.getByTestId('criteria-add').click();
    const first = page.getByTestId('criterion-0');
    await first.getByLabel('Metric').selectOption('accuracy');
    await first.getByLabel('Threshold').fill('0.9');

    // Second criterion, first written wrongly: log_loss must be an upper bound.
    await page.getByTestId('criteria-add').click();
    const second = page.getByTestId('criterion-1');
    await second.getByLabel('Metric').selectOption('log_loss');
    await second.getByLabel('Comparison').selectOption('>=');
    await second.getByLabel('Threshold').fill('0.4');
    await expect.poll(() => second.getByRole('alert').textContent()).toContain('lower is better');
    await screenshot(page, 'design-validation');
    await second.getByLabel('Comparison').selectOption('<=');
    await expect.poll(() => second.getByRole('alert').count()).toBe(0);

    await page.getByTestId('charter-submit').click();
    await page.getByTestId('project-view').waitFor();
    const criteria = page.getByTestId('criteria-table');
    await expect.poll(() => criteria.textContent()).toContain('Accuracy');
    expect(await criteria.textContent()).toContain('Log loss');

    await page.reload();
    await page.getByTestId('project-view').waitFor();
    expect(await page.locator('h1').textContent()).toContain('Iris species');

    await page.getByTestId('nav-home').click();
    await page.getByTestId('lifecycle-map').waitFor();
    await screenshot(page, 'screenshot');

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-language').selectOption('es');
    await expect.poll(() => page.getByTestId('nav-design').textContent()).toContain('Diseño');
    await page.reload();
    await page.getByTestId('nav-home').waitFor();
    expect(await page.getByTestId('nav-home').textContent()).toContain('Resumen');
    expect(await page.getByTestId('nav-train').textContent()).toContain('Entrenamiento');
    expect(errors).toEqual([]);
  });

  it('a binary charter names its positive class: the minority class is suggested and the user confirms it', async () => {
    const created = await runCliInProcess(server.dataDir, ['project', 'create', 'Tumours', '--task', 'binary', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const id = created.json.id;
    const imported = await runCliInProcess(server.dataDir, [
      'dataset',
      'import',
      `${repoRoot}/resources/datasets/breast_cancer.csv`,
      '--project',
      id,
      '--target',
      'diagnosis',
      '--json',
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    const { page, errors } = await openApp(browser, server);
    // the test before switched the app to Spanish
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-language').selectOption('en');
    await expect.poll(() => page.getByTestId('nav-design').textContent()).toContain('Design');
    await page.goto(`${server.url}#/design/edit?project=${id}`);
    const field = page.getByTestId('positive-class');
    await expect.poll(() => field.textContent(), { timeout: 15_000 }).toContain('malignant');
    // 212 malignant against 357 benign: the minority class is the suggestion, not yet chosen
    expect(await page.getByTestId('positive-suggested').locator('xpath=..').textContent()).toContain('malignant');
    expect(await field.textContent()).toContain('Not chosen yet');
    await page.getByTestId('positive-malignant').check();
    await expect.poll(() => field.textContent()).toContain('Positive class: malignant');
    await screenshot(page, 'charter-positive-class');
    await page.getByTestId('charter-submit').click();
    await page.getByTestId('project-view').waitFor();
    await expect.poll(() => page.getByTestId('project-positive-class').textContent()).toContain('malignant');
    const shown = await runCliInProcess(server.dataDir, ['project', 'show', id, '--json']);
    expect(shown.json.positiveClass).toBe('malignant');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

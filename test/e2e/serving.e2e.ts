import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from '../helpers/workspace.js';
import { browserAvailable, launchBrowser, openApp, screenshot, startUi, type UiServer } from './browser.js';

const run = browserAvailable();

function cli(dataDir: string, args: string[]) {
  const r = runCli(dataDir, args);
  expect(r.code, `ciclo ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.json;
}

describe.skipIf(!run)('Deploy phase: serving', () => {
  let server: UiServer;
  let browser: Browser;
  let projectId: string;

  beforeAll(async () => {
    const dataDir = tempDir('ciclo-e2e-serving-');
    projectId = cli(dataDir, ['project', 'create', 'Iris', '--task', 'multiclass', '--json']).id;
    cli(dataDir, ['dataset', 'import', `${repoRoot}/resources/datasets/iris.csv`, '--project', projectId, '--target', 'species', '--name', 'iris', '--json']);
    const trained = cli(dataDir, ['train', '--project', projectId, '--dataset', 'iris', '--epochs', '5', '--seed', '1', '--quiet', '--json']);
    cli(dataDir, ['model', 'register', trained.id, '--name', 'iris', '--json']);
    cli(dataDir, ['model', 'promote', 'iris', '1', '--alias', 'staging', '--json']);
    server = await startUi(dataDir);
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('starts a server for an alias, which answers requests; live figures, examples, stop and history', async () => {
    const { page, errors } = await openApp(browser, server);
    await page.goto(`${server.url}#/deploy/serving?project=${projectId}`);
    await page.getByTestId('serving-panel').waitFor();
    // the model list loads after the panel shows: wait for the alias to be offered and picked
    await page.waitForFunction(() => (document.querySelector('[data-testid="serving-target"]') as HTMLSelectElement | null)?.value === '@staging', null, { timeout: 15_000 });
    await page.getByTestId('serving-submit').click();
    await page.getByTestId('serving-server').waitFor({ timeout: 60_000 });
    const url = (await page.getByTestId('serving-url').textContent())!.trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await page.getByTestId('serving-model-iris').textContent()).toContain('follows staging');
    // the server answers from outside the app
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${url}/v1/models/iris:predict`, { method: 'POST', body: JSON.stringify({ instances: [{ sepal_length_cm: 5.1, sepal_width_cm: 3.5, petal_length_cm: 1.4, petal_width_cm: 0.2 }] }) });
      expect(r.status).toBe(200);
      expect(((await r.json()) as { model_version: string }).model_version).toBe('1');
    }
    await page.waitForFunction(() => document.querySelector('[data-testid="serving-total"] strong')?.textContent === '5', null, { timeout: 15_000 });
    const example = await page.getByTestId('serving-example-text').first().textContent();
    expect(example).toContain(`curl -s '${url}/v1/models/iris:predict'`);
    await page.getByTestId('serving-example-language').first().selectOption('python');
    expect(await page.getByTestId('serving-example-text').first().textContent()).toContain('requests.post(');
    await screenshot(page, 'deploy-serving');
    await page.getByTestId('serving-stop').click();
    await page.getByTestId('serving-server').waitFor({ state: 'detached' });
    await expect(fetch(`${url}/ping`)).rejects.toThrow();
    const history = await page.getByTestId('serving-history').textContent();
    expect(history).toContain('stopped');
    expect(errors).toEqual([]);
    await page.close();
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCliInProcess, tempDir } from '../helpers/workspace.js';
import { browserAvailable, downloadText, launchBrowser, openApp, screenshot, startUi, type UiServer } from './browser.js';

const run = browserAvailable();

async function cli(dataDir: string, args: string[]) {
  const r = await runCliInProcess(dataDir, args);
  expect(r.code, `ciclo ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.json;
}

describe.skipIf(!run)('Deploy phase: serving', () => {
  let server: UiServer;
  let browser: Browser;
  let projectId: string;

  beforeAll(async () => {
    const dataDir = tempDir('ciclo-e2e-serving-');
    projectId = (await cli(dataDir, ['project', 'create', 'Iris', '--task', 'multiclass', '--json'])).id;
    await cli(dataDir, ['dataset', 'import', `${repoRoot}/resources/datasets/iris.csv`, '--project', projectId, '--target', 'species', '--name', 'iris', '--json']);
    const trained = await cli(dataDir, ['train', '--project', projectId, '--dataset', 'iris', '--epochs', '5', '--seed', '1', '--quiet', '--json']);
    await cli(dataDir, ['model', 'register', trained.id, '--name', 'iris', '--json']);
    await cli(dataDir, ['model', 'promote', 'iris', '1', '--alias', 'staging', '--json']);
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
      const r = await fetch(`${url}/v1/models/iris:predict`, {
        method: 'POST',
        body: JSON.stringify({ instances: [{ sepal_length_cm: 5.1, sepal_width_cm: 3.5, petal_length_cm: 1.4, petal_width_cm: 0.2 }] }),
      });
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

  it('batch prediction: upload a CSV, pick the alias, see it scored with bad rows by line, download it; a missing column is a clear error', async () => {
    const { page, errors } = await openApp(browser, server);
    await page.goto(`${server.url}#/deploy/batch?project=${projectId}`);
    await page.getByTestId('batch-panel').waitFor();
    await page.waitForFunction(() => (document.querySelector('[data-testid="batch-target"]') as HTMLSelectElement | null)?.value === '@staging', null, { timeout: 15_000 });
    const loggedRows = async () => {
      const r = await fetch(new URL('api/monitor.models', server.url), {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ project: projectId }),
      });
      expect(r.status).toBe(200);
      return ((await r.json()) as { rows: number }[]).reduce((a, m) => a + m.rows, 0);
    };
    const before = await loggedRows();
    const header = 'sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,species';
    const good = `${header}\n5.1,3.5,1.4,0.2,setosa\n6.3,n/a?,4.9,1.5,versicolor\n6.7,3.0,5.2,2.3,virginica\n5.9,3.0,4.2,1.5,versicolor\n`;
    await page.getByTestId('batch-file').setInputFiles({ name: 'today.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.waitForFunction(() => document.querySelector('[data-testid="batch-file-name"]')?.textContent === 'today.csv');
    await page.getByTestId('batch-submit').click();
    await page.getByTestId('batch-done').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('batch-done').textContent()).toContain('3 of 4 rows scored; 1 could not be scored');
    expect(await page.getByTestId('batch-errors').textContent()).toMatch(/Line 3: .*sepal_width_cm/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('batch-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^today-scored-iris-v1-[a-z0-9]+\.csv$/);
    const scored = (await downloadText(download)).trim().split(/\r?\n/);
    expect(scored[0]).toBe(`${header},predicted_species,proba_setosa,proba_versicolor,proba_virginica,request_id`);
    expect(scored).toHaveLength(5);
    expect(scored[2].split(',').slice(5)).toEqual(['', '', '', '', '']);
    expect(scored[1].split(',').at(-1)).toMatch(/^batch-.+-2$/);
    // the scored rows are in the prediction log as a batch, for the Monitor phase
    expect((await loggedRows()) - before).toBe(3);
    // a file without a column the model reads: a clear error, nothing to download
    await page
      .getByTestId('batch-file')
      .setInputFiles({ name: 'short.csv', mimeType: 'text/csv', buffer: Buffer.from('sepal_length_cm,sepal_width_cm,petal_length_cm\n5.1,3.5,1.4\n') });
    await page.waitForFunction(() => document.querySelector('[data-testid="batch-file-name"]')?.textContent === 'short.csv');
    await page.getByTestId('batch-submit').click();
    await page.waitForSelector('[data-testid="batch-status"][data-stage="failed"]', { timeout: 60_000 });
    expect(await page.getByTestId('batch-status').textContent()).toContain('short.csv line 1: the header has no column "petal_width_cm"');
    expect(await page.getByTestId('batch-download').count()).toBe(0);
    await screenshot(page, 'deploy-batch');
    expect(errors).toEqual([]);
    await page.close();
  });
});

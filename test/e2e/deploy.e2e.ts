import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../shared/schemas/training.js';
import { repoRoot, tempDir, testServices } from '../helpers/workspace.js';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';
import { browserAvailable, downloadText, launchBrowser, openApp, screenshot, startUi, type UiServer } from './browser.js';

const run = browserAvailable();

// Export a model version as a signed bundle from one workspace's Deploy page, then import it into a fresh
// workspace through the UI: the verification view, the imported version, its card and its lineage. Then, in the
// first workspace, serving (a server for an alias, live figures, stop) and batch prediction.
describe.skipIf(!run)('Deploy phase in browser mode: bundles, serving, batch prediction', () => {
  let browser: Browser;
  /** Workspace A's server: the bundle's source, and the serving tests' workspace. */
  let server: UiServer;
  let dirA: string;
  let projectId: string;
  const downloads = tempDir('ciclo-e2e-downloads-');

  beforeAll(async () => {
    dirA = tempDir('ciclo-e2e-deploy-a-');
    const s = testServices(dirA);
    try {
      const call = <T = any>(m: string, i: unknown) => s.call(m, i, { door: 'test' }) as Promise<T>;
      projectId = (
        await call<any>('project.create', { name: 'Iris species', taskType: 'multiclass', criteria: [{ metric: 'accuracy', comparator: '>=', threshold: 0.5 }], owner: 'Ana Ruiz' })
      ).id;
      await s.datasets.importFile({ project: projectId, path: path.join(repoRoot, 'resources/datasets/iris.csv'), target: 'species', name: 'iris' } as never);
      // trained in this process (the app in the browser is under test here, not the worker)
      const r = await withInProcessTraining(() => call<Run>('train.start', { project: projectId, dataset: 'iris', params: { epochs: 8 } }));
      await s.training.wait(r.id);
      const job = await call<any>('eval.start', { run: r.id });
      await s.jobs.wait(job.id);
      await call('model.register', { run: r.id, name: 'iris-classifier' });
      await call('model.promote', { model: 'iris-classifier@1', stage: 'production' });
      // the same run as the model "iris" with the alias staging, for the serving tests
      await call('model.register', { run: r.id, name: 'iris' });
      await call('model.promote', { model: 'iris@1', alias: 'staging' });
    } finally {
      await s.close();
    }
    [server, browser] = await Promise.all([startUi(dirA), launchBrowser()]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  let bundleFile: string;

  it('lists the registered version and downloads its signed bundle', async () => {
    const { page, errors } = await openApp(browser, server);
    await page.goto(`${server.url}#/deploy?project=${projectId}`);
    await page.getByTestId('deploy-version-iris-classifier@1').waitFor();
    expect(await page.getByTestId('deploy-no-versions').count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('deploy-export-iris-classifier@1').click()]);
    expect(download.suggestedFilename()).toBe('iris-classifier-v1.ciclo');
    bundleFile = path.join(downloads, download.suggestedFilename());
    await download.saveAs(bundleFile);
    await page.getByTestId('deploy-export-done').waitFor();
    expect(fs.statSync(bundleFile).size).toBeGreaterThan(1000);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('verifies the bundle in a fresh workspace, imports it and shows its card and lineage', async () => {
    const fresh = await startUi(tempDir('ciclo-e2e-deploy-b-'));
    try {
      const { page, errors } = await openApp(browser, fresh);
      await page.goto(`${fresh.url}#/deploy`);
      await page.getByTestId('deploy-no-versions').waitFor();
      await page.getByTestId('bundle-file').setInputFiles(bundleFile);
      await page.getByTestId('bundle-verify').waitFor();
      expect(await page.getByTestId('bundle-verdict').textContent()).toBe('Every file matches the signed manifest.');
      expect(await page.getByTestId('bundle-signer').textContent()).toContain('unknown key: not trusted');
      expect(await page.getByTestId('bundle-plan').textContent()).toBe(
        "Create iris-classifier@1 (a new model) in project Iris species (a new project made from the bundle's charter).",
      );
      expect(await page.getByTestId('bundle-import-go').isDisabled()).toBe(true);
      await page.getByTestId('bundle-trust-name').fill("Ana's laptop");
      await page.setViewportSize({ width: 1280, height: 1600 });
      await screenshot(page, 'deploy-verify');
      await page.getByTestId('bundle-import-go').click();
      await page.getByTestId('bundle-imported').waitFor();
      expect(await page.getByTestId('bundle-imported').textContent()).toContain('Imported as iris-classifier@1.');
      await page.getByTestId('deploy-version-iris-classifier@1').waitFor();
      await page.getByTestId('bundle-provenance').waitFor();
      expect(await page.getByTestId('bundle-provenance').textContent()).toContain("(Ana's laptop)");
      expect(await page.getByTestId('bundle-reported').textContent()).toMatch(/Accuracy/);
      await screenshot(page, 'deploy-imported');
      await page.setViewportSize({ width: 1280, height: 860 });

      await page.getByTestId('bundle-open-card').click();
      await page
        .getByText(/imported from bundle [0-9a-f]{64}, signed by/)
        .first()
        .waitFor();
      await page.goto(`${page.url().replace('/card', '/lineage')}`);
      await page.getByTestId('lineage-graph').waitFor();
      expect(await page.getByTestId('lineage-node-dataset_version').first().textContent()).toContain('iris (bundle example)@1');
      expect(await page.getByTestId('lineage-node-run').first().textContent()).toContain('(imported)');
      await screenshot(page, 'deploy-lineage');

      // the trusted key is listed in Settings
      await page.goto(`${fresh.url}#/settings`);
      await page.getByTestId('trusted-keys').getByText("Ana's laptop").waitFor();
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await fresh.stop();
    }
  });

  it('starts a server for an alias, which answers requests; live figures, examples, stop and history', async () => {
    const { page, errors } = await openApp(browser, server);
    await page.goto(`${server.url}#/deploy/serving?project=${projectId}`);
    await page.getByTestId('serving-panel').waitFor();
    // the model list loads after the panel shows: wait for the model to be offered, pick it, then its alias
    await page.waitForFunction(() =>
      Array.from((document.querySelector('[data-testid="serving-model"]') as HTMLSelectElement | null)?.options ?? []).some((o) => o.value === 'iris'),
    );
    await page.getByTestId('serving-model').selectOption('iris');
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
    await page.waitForFunction(() =>
      Array.from((document.querySelector('[data-testid="batch-model"]') as HTMLSelectElement | null)?.options ?? []).some((o) => o.value === 'iris'),
    );
    await page.getByTestId('batch-model').selectOption('iris');
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

import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../shared/schemas/training.js';
import { repoRoot, tempDir, testServices } from '../helpers/workspace.js';
import { browserAvailable, launchBrowser, openApp, screenshot, startUi } from './browser.js';

const run = browserAvailable();

// Export a model version as a signed bundle from one workspace's Deploy page, then import it into a fresh
// workspace through the UI: the verification view, the imported version, its card and its lineage.
describe.skipIf(!run)('Deploy phase: bundles in browser mode', () => {
  let browser: Browser;
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
      const r = await call<Run>('train.start', { project: projectId, dataset: 'iris', params: { epochs: 8 } });
      await s.training.wait(r.id);
      const job = await call<any>('eval.start', { run: r.id });
      await s.jobs.wait(job.id);
      await call('model.register', { run: r.id, name: 'iris-classifier' });
      await call('model.promote', { model: 'iris-classifier@1', stage: 'production' });
    } finally {
      await s.close();
    }
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
  });

  let bundleFile: string;

  it('lists the registered version and downloads its signed bundle', async () => {
    const server = await startUi(dirA);
    try {
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
    } finally {
      await server.stop();
    }
  });

  it('verifies the bundle in a fresh workspace, imports it and shows its card and lineage', async () => {
    const server = await startUi(tempDir('ciclo-e2e-deploy-b-'));
    try {
      const { page, errors } = await openApp(browser, server);
      await page.goto(`${server.url}#/deploy`);
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
      await page.goto(`${server.url}#/settings`);
      await page.getByTestId('trusted-keys').getByText("Ana's laptop").waitFor();
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await server.stop();
    }
  });
});

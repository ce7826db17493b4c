import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/workspace.js';
import { irisProject, setupCli } from './setup-cli.js';
import { browserAvailable, launchBrowser, openApp, screenshot, settled, startUi, type UiServer } from './browser.js';

const run = browserAvailable();

/** The app scrolls inside its main pane, so a tall viewport shows a whole page in one screenshot. */
async function shot(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 1800 });
  await settled(page);
  await screenshot(page, name);
  await page.setViewportSize({ width: 1280, height: 860 });
}

const cli = setupCli;

const REASON = 'Accepted by the review board for a one-week shadow test on new flowers.';

describe.skipIf(!run)('Registry phase in browser mode', () => {
  let server: UiServer;
  let browser: Browser;
  let projectId: string;
  let goodRunId: string;
  let modelUrl: (tab: string) => string;

  beforeAll(async () => {
    const dataDir = tempDir('ciclo-e2e-registry-');
    // The charter's gate: accuracy >= 0.8 on held-out rows. A trained MLP passes it; one epoch at a tiny rate cannot.
    projectId = await irisProject(dataDir, ['accuracy>=0.8']);
    const good = await cli(dataDir, ['train', '--project', projectId, '--dataset', 'iris', '--epochs', '40', '--seed', '1', '--name', 'mlp-40-epochs', '--quiet', '--json']);
    const weak = await cli(dataDir, [
      'train',
      '--project',
      projectId,
      '--dataset',
      'iris',
      '--epochs',
      '1',
      '--param',
      'learningRate=0.00001',
      '--seed',
      '1',
      '--name',
      'mlp-1-epoch',
      '--quiet',
      '--json',
    ]);
    goodRunId = good.id;
    const passed = await cli(dataDir, ['evaluate', good.id, '--quiet', '--json']);
    const failed = await cli(dataDir, ['evaluate', weak.id, '--quiet', '--json'], [3]);
    expect(passed.gatePassed, 'the trained run should pass accuracy >= 0.8').toBe(true);
    expect(failed.gatePassed).toBe(false);
    await cli(dataDir, ['model', 'register', good.id, '--name', 'iris-classifier', '--description', 'MLP trained for 40 epochs', '--json']);
    await cli(dataDir, ['model', 'register', weak.id, '--name', 'iris-classifier', '--description', 'Undertrained MLP (one epoch)', '--json']);
    server = await startUi(dataDir);
    browser = await launchBrowser();
    modelUrl = (tab) => `${server.url}#/registry/model/iris-classifier/${tab}?project=${projectId}`;
    // Eight CLI calls (two short trainings, two evaluations) take about two minutes on 2 busy cores.
  }, 360_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('marks a run that is already registered in the register form', async () => {
    const { page, errors } = await openApp(browser, server);
    // The Train run page of a finished run links to the register form with that run chosen.
    await page.goto(`${server.url}#/train/run/${goodRunId}?project=${projectId}`);
    await page.getByTestId('run-register').click();
    await page.getByTestId('register-already').waitFor();
    expect(await page.getByTestId('register-run').inputValue()).toBe(goodRunId);
    expect(await page.getByTestId('register-already').textContent()).toBe('Already registered as iris-classifier v1');
    const options = await page.getByTestId('register-run').locator('option').allTextContents();
    expect(options.filter((o) => o.includes('registered as iris-classifier@'))).toHaveLength(2);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is honest when the project has nothing evaluated yet', async () => {
    const empty = await cli(server.dataDir, ['project', 'create', 'Nothing evaluated', '--task', 'binary', '--json']);
    const { page, errors } = await openApp(browser, server);
    await page.goto(`${server.url}#/registry?project=${empty.id}`);
    await page.getByTestId('empty-registry').waitFor();
    expect(await page.getByTestId('empty-registry').textContent()).toContain('Evaluate');
    // The audit trail stays reachable from the Registry entry.
    await page.getByTestId('tab-audit').click();
    await page.getByTestId('audit-trail').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('promotes the passing version, blocks the failing one until a reason is given, and rolls back', async () => {
    const { page, errors } = await openApp(browser, server);
    await page.getByTestId('nav-registry').click();
    await page.goto(`${server.url}#/registry?project=${projectId}`);
    const row = page.getByTestId('model-row-iris-classifier');
    await row.waitFor();
    expect(await row.textContent()).toContain('2');
    await shot(page, 'registry-list');
    await row.click();
    await page.getByTestId('model-page').waitFor();
    expect(await page.getByTestId('version-row-1').getByTestId('gate-badge').getAttribute('data-gate')).toBe('passed');
    expect(await page.getByTestId('version-row-2').getByTestId('gate-badge').getAttribute('data-gate')).toBe('failed');

    // v1 passes its gate: champion without a reason.
    await page.getByTestId('promote-open-1').click();
    const form = page.getByTestId('promote-form');
    expect(await form.getByTestId('promote-alias').inputValue()).toBe('champion');
    expect(await form.getByTestId('gate-rule').getAttribute('data-rule')).toBe('passed');
    await form.getByTestId('promote-submit').click();
    await expect.poll(() => page.getByTestId('slot-champion').textContent()).toContain('v1');
    expect(await page.getByTestId('version-row-1').textContent()).toContain('champion');

    // v2 fails: the rule is shown before the click, and the core refuses without a reason.
    await page.getByTestId('promote-open-2').click();
    expect(await form.getByTestId('gate-rule').getAttribute('data-rule')).toBe('failed');
    expect(await form.getByTestId('gate-rule').textContent()).toContain('Accuracy');
    await shot(page, 'registry-promote-blocked-rule');
    await form.getByTestId('promote-submit').click();
    await page.getByTestId('gate-refused').waitFor();
    expect(await page.getByTestId('gate-refused').textContent()).toContain('Accuracy');
    expect(await page.getByTestId('gate-refused').getAttribute('data-move')).toBe('promote');
    expect(await page.getByTestId('gate-refused').textContent()).toContain('iris-classifier v2 → alias champion');
    expect(await page.getByTestId('slot-champion').textContent()).toContain('v1');
    await shot(page, 'registry-promote-refused');

    // With a written reason it goes through, marked as an override.
    await form.getByTestId('promote-reason').fill(REASON);
    await form.getByTestId('promote-submit').click();
    await expect.poll(() => page.getByTestId('slot-champion').textContent()).toContain('v2');
    await page.getByTestId('model-tab-history').click();
    const override = page.locator('[data-testid=history-item][data-override=true]');
    await override.waitFor();
    expect(await override.getByTestId('history-reason').textContent()).toBe(REASON);
    expect(await override.textContent()).toContain('from v1 to v2');

    // Roll back: champion returns to v1, recorded as a rollback with its reason.
    await page.getByTestId('model-tab-versions').click();
    await page.getByTestId('rollback-open-champion').click();
    expect(await page.getByTestId('rollback-open-champion').textContent()).toContain('v1');
    await page.getByTestId('rollback-reason').fill('The shadow test showed more misclassified flowers.');
    await page.getByTestId('rollback-submit').click();
    await expect.poll(() => page.getByTestId('slot-champion').textContent()).toContain('v1');
    await shot(page, 'registry-versions');
    await page.getByTestId('model-tab-history').click();
    const rollback = page.locator('[data-testid=history-item][data-action=rollback]');
    await rollback.waitFor();
    expect(await rollback.textContent()).toContain('The shadow test showed more misclassified flowers.');
    expect(await page.getByTestId('history-item').count()).toBe(5);
    await shot(page, 'registry-history');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the model card, saves its written sections and draws the lineage', async () => {
    const { page, errors } = await openApp(browser, server);
    await page.goto(`${modelUrl('card')}&v=1`);
    const card = page.getByTestId('model-card');
    await card.waitFor();
    expect(await card.locator('h1').textContent()).toContain('iris-classifier@1');
    expect(await card.textContent()).toContain('iris@1');
    await page.getByTestId('card-edit').click();
    await page.getByTestId('card-limitations').fill('Only trained on three iris species measured in one garden.');
    await page.getByTestId('card-save').click();
    await expect.poll(() => card.textContent()).toContain('Only trained on three iris species measured in one garden.');
    const download = page.waitForEvent('download');
    await page.getByTestId('card-export-md').click();
    expect((await download).suggestedFilename()).toBe('iris-classifier-v1-card.md');
    await shot(page, 'registry-card');

    await page.getByTestId('model-tab-lineage').click();
    await page.getByTestId('lineage-graph').waitFor();
    for (const kind of ['project', 'dataset_version', 'run', 'evaluation', 'model_version']) {
      expect(await page.getByTestId(`lineage-node-${kind}`).count(), kind).toBeGreaterThan(0);
    }
    expect(await page.getByTestId('lineage-node-run').getAttribute('href')).toMatch(/^#\/train\/run\/run_/);
    await shot(page, 'registry-lineage');
    await page.getByTestId('lineage-json-toggle').click();
    expect(await page.getByTestId('lineage-json').textContent()).toContain('"registered_as"');
    // Clicking a node opens its phase page.
    await page.getByTestId('lineage-json-toggle').click();
    await page.getByTestId('lineage-node-run').click();
    await page.getByTestId('run-page').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lists every lifecycle event in the audit trail as sentences, filterable', async () => {
    const { page, errors } = await openApp(browser, server);
    await page.goto(`${server.url}#/registry/audit?project=${projectId}`);
    const items = page.getByTestId('audit-item');
    await items.first().waitFor();
    // Newest first: the card edit, then the rollback.
    expect(await items.first().getAttribute('data-action')).toBe('model.updateCard');
    expect(await items.first().textContent()).toContain('Model card of iris-classifier v1 edited');
    expect(await items.nth(1).textContent()).toContain('Alias champion of iris-classifier rolled back');
    const all = await items.count();
    await page.getByTestId('audit-family-model').click();
    await expect.poll(() => items.count()).toBeLessThan(all);
    const actions = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions.every((a) => a?.startsWith('model.'))).toBe(true);
    expect(actions).toContain('model.promote');
    expect(await page.getByTestId('audit-trail').textContent()).toContain(REASON);
    // Runs and versions by name, not by id, and who acted.
    const registered = page.locator('[data-testid="audit-item"][data-action="model.register"]');
    expect(await registered.allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Run “mlp-40-epochs” registered as iris-classifier v1'),
        expect.stringContaining('Run “mlp-1-epoch” registered as iris-classifier v2'),
      ]),
    );
    expect(await page.getByTestId('audit-actor').first().textContent()).toMatch(/^by \S+ ·$/);
    await page.getByTestId('audit-since').fill('2999-01-01');
    await page.getByTestId('audit-empty').waitFor();
    await page.getByTestId('audit-since').fill('');
    await page.getByTestId('audit-family-model').click();
    await shot(page, 'registry-audit');
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
    await page.goto(`${modelUrl('versions')}`);
    await page.getByTestId('model-page').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.getByTestId('model-tab-history').textContent()).toContain('Historial');
    await page.getByTestId('promote-open-2').click();
    expect(await page.getByTestId('gate-rule').textContent()).toContain('exige una evaluación superada');
    await shot(page, 'registry-versions-es-dark');
    await page.getByTestId('model-tab-card').click();
    await page.getByTestId('model-card').waitFor();
    expect(await page.getByTestId('model-card').textContent()).toContain('Limitaciones');
    await shot(page, 'registry-card-es-dark');
    await page.getByTestId('model-tab-lineage').click();
    await page.getByTestId('lineage-graph').waitFor();
    await shot(page, 'registry-lineage-es-dark');
    await page.goto(`${server.url}#/registry/audit?project=${projectId}`);
    await page.getByTestId('audit-item').first().waitFor();
    expect(await page.getByTestId('audit-item').nth(1).textContent()).toContain('Alias champion de iris-classifier revertido');
    await shot(page, 'registry-audit-es-dark');
    expect(errors).toEqual([]);
    await context.close();
  });
});

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/workspace.js';

/**
 * The desktop app on a real Electron binary: launch (under Xvfb on Linux when there is no display), wait
 * for the window, create a sample project through the UI, train a few epochs, read the audit log, quit.
 * It runs wherever Electron's binary was downloaded (CI with internet access, a developer's laptop) and
 * is skipped, saying why, where there is none. The first run builds better-sqlite3 for Electron.
 */
function electronBinary(): { path: string } | { skip: string } {
  const dir = path.join(repoRoot, 'node_modules/electron');
  const pathFile = path.join(dir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const file = override ? path.join(override, relative || 'electron') : relative ? path.join(dir, 'dist', relative) : '';
  if (!file || !fs.existsSync(file))
    return { skip: 'no Electron binary here (node_modules/electron/dist is missing: its download was blocked or skipped; "npx install-electron" fetches it)' };
  if (process.platform === 'linux' && !process.env.DISPLAY && spawnSync('sh', ['-c', 'command -v Xvfb']).status !== 0) {
    return { skip: 'no display and no Xvfb to make one (apt-get install xvfb)' };
  }
  return { path: file };
}

const found = electronBinary();
if ('skip' in found) process.stderr.write(`Desktop smoke test skipped: ${found.skip}.\n`);

describe.skipIf('skip' in found)('the desktop app on a real Electron (smoke test)', () => {
  // made when the suite runs (not when it is collected: a skipped suite would leave it behind)
  let dir = '';
  let xvfb: ChildProcess | null = null;
  let app: ElectronApplication;
  let page: Page;
  const errors: string[] = [];
  const go = (hash: string) => page.evaluate((h) => (window.location.hash = h), hash);

  beforeAll(async () => {
    dir = tempDir('ciclo-smoke-');
    if (!fs.existsSync(path.join(repoRoot, 'out/main/index.js'))) throw new Error('The app is not built: run `npm run build` before the e2e tests.');
    const env: Record<string, string> = { ...(process.env as Record<string, string>), CICLO_PREFS_DIR: path.join(dir, 'prefs') };
    delete env.ELECTRON_RUN_AS_NODE;
    if (process.platform === 'linux' && !process.env.DISPLAY) {
      const display = `:${90 + (process.pid % 9)}`;
      xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
      env.DISPLAY = display;
      await new Promise((r) => setTimeout(r, 1000));
    }
    // Root (CI containers) cannot use Chromium's sandbox; everywhere else the app runs as users run it.
    const args = [repoRoot, '--data-dir', path.join(dir, 'workspace'), ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
    app = await _electron.launch({ executablePath: (found as { path: string }).path, args, env, timeout: 600_000 });
    page = await app.firstWindow({ timeout: 600_000 });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.waitForSelector('nav[aria-label]', { timeout: 60_000 });
  }, 660_000);
  afterAll(async () => {
    if (app) await app.close().catch(() => undefined);
    xvfb?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates a sample project through the UI, trains it a few epochs, shows it in the audit log, and quits', async () => {
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    await go('#/data');
    await page.getByTestId('sample-create-iris').click();
    await page.getByTestId('dataset-view').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('fact-rows').textContent()).toBe('150');
    const projectId = new URLSearchParams((await page.evaluate(() => window.location.hash)).split('?')[1] ?? '').get('project');
    expect(projectId).toBeTruthy();

    await go(`#/train?project=${projectId}`);
    await page.getByTestId('train-new').click();
    await page.getByTestId('train-design').waitFor();
    await page.getByTestId('hp-epochs').fill('3');
    await page.getByTestId('train-start').click();
    await page.locator('[data-testid=run-page][data-status=succeeded]').waitFor({ timeout: 180_000 });

    await go(`#/registry/audit?project=${projectId}`);
    await page.getByTestId('audit-trail').waitFor();
    await expect
      .poll(async () => page.getByTestId('audit-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-action'))), { timeout: 20_000 })
      .toEqual(expect.arrayContaining(['dataset.createSample', 'train.start']));
    expect(errors).toEqual([]);

    const closed = new Promise<void>((resolve) => app.process().once('exit', () => resolve()));
    await app.evaluate(({ app: electronApp }) => electronApp.quit());
    await closed;
    expect(app.process().exitCode).toBe(0);
  }, 300_000);
});

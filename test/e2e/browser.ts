import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { cicloBin, repoRoot, tempDir } from '../helpers/workspace.js';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * End-to-end tests need Debian's Chromium. Without it they are skipped on a developer machine, but in CI
 * (CI set) a missing browser is a failure, never a silent skip.
 */
export function browserAvailable(): boolean {
  const found = fs.existsSync(chromiumPath);
  if (!found && process.env.CI) throw new Error(`Chromium not found at ${chromiumPath}: install it (apt-get install chromium) — e2e tests cannot be skipped in CI.`);
  return found;
}

export interface UiServer {
  url: string;
  loginUrl: string;
  token: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts `ciclo ui --port 0` on a fresh (or given) workspace and waits for its URL. */
export async function startUi(dataDir = tempDir('ciclo-e2e-')): Promise<UiServer> {
  if (!fs.existsSync(path.join(repoRoot, 'out/renderer/index.html'))) throw new Error('The renderer is not built: run `npm run build` before the e2e tests.');
  const child: ChildProcess = spawn(process.execPath, [cicloBin, '--data-dir', dataDir, '--json', 'ui', '--port', '0'], {
    cwd: repoRoot,
    env: { ...process.env, CICLO_PREFS_DIR: path.join(dataDir, 'prefs') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  // If the server dies during a test, say why in the test output.
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') process.stderr.write(`ciclo ui exited (code ${code}, signal ${signal}):\n${stderr}\n`);
  });
  const info = await new Promise<{ url: string; loginUrl: string; token: string }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`ciclo ui did not start: ${stderr}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.trim().startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
    child.on('exit', (code) => reject(new Error(`ciclo ui exited with ${code}: ${stderr}`)));
  });
  return {
    ...info,
    dataDir,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A page that fails the test on any uncaught error in the app. */
export async function openApp(browser: Browser, server: UiServer, locale = 'en-US'): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.loginUrl);
  await page.waitForSelector('nav[aria-label]');
  return { page, errors };
}

/** Saves a screenshot under test-results/ (and docs/ when UPDATE_SCREENSHOTS=1, for the README). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dirs = [path.join(repoRoot, 'test-results')];
  if (process.env.UPDATE_SCREENSHOTS) dirs.push(path.join(repoRoot, 'docs'));
  for (const dir of dirs) {
    fs.mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Download, type Page, type Request } from 'playwright-core';
import { inject } from 'vitest';
import { cicloBin, repoRoot, tempDir } from '../helpers/workspace.js';
import { browserArgs, chromiumPath } from './shared-browser.js';

export { chromiumPath };

/**
 * End-to-end tests need Debian's Chromium. Without it they are skipped on a developer machine, but in CI
 * (CI set) a missing browser is a failure, never a silent skip.
 */
export function browserAvailable(): boolean {
  const found = fs.existsSync(chromiumPath);
  if (!found && process.env.CI)
    throw new Error(`Chromium not found at ${chromiumPath}: install it (apt-get install chromium-headless-shell, or chromium) — e2e tests cannot be skipped in CI.`);
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
    const timer = setTimeout(() => reject(new Error(`ciclo ui did not start in 60 s: ${stderr}`)), 60_000);
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

/**
 * The run's shared Chromium (started once by shared-browser.ts, the e2e config's globalSetup), or a Chromium
 * of this file's own when run without it. close() on a shared one closes this file's contexts and disconnects.
 * A download from a shared browser is read with saveAs (download.path() is not available over a connection).
 *
 * Its contexts ask for reduced motion (the system setting, which the app honours: spinners and progress bars
 * stand still), unless a test asks otherwise. In headless Chromium without a GPU one spinning 14 px ring kept
 * about a fifth of a core busy drawing frames for as long as a job ran, in every page that showed one.
 */
export async function launchBrowser(): Promise<Browser> {
  const endpoint = inject('browserEndpoint');
  const browser = endpoint ? await chromium.connect(endpoint) : await chromium.launch({ executablePath: chromiumPath, args: browserArgs });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options) => newContext({ reducedMotion: 'reduce', ...options });
  return browser;
}

const apiCalls = new WeakMap<Page, () => number>();

/** Counts the app's API calls a page has made and not yet received (its event stream aside), for `settled`. */
export function trackApiCalls(page: Page): () => number {
  const open = new Set<Request>();
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/') && url.pathname !== '/api/events') open.add(r);
  });
  page.on('requestfinished', (r) => open.delete(r));
  page.on('requestfailed', (r) => open.delete(r));
  const pending = () => open.size;
  apiCalls.set(page, pending);
  return pending;
}

/**
 * Waits until the page has its data and its layout has stopped changing: no API call pending (a chart asks for
 * data at its new width after a resize), no spinner or skeleton, and the same size of the scrolling pane and its
 * content, the same number of elements and the same box of the last one over three frames in a row. After a
 * resize (or before a screenshot) this replaces a fixed pause. Counts the API calls of a page made by openApp or
 * passed to trackApiCalls. At most about 10 s: a page that keeps moving is then checked as it stands.
 */
export async function settled(page: Page, pending: () => number = apiCalls.get(page) ?? (() => 0)): Promise<void> {
  const until = Date.now() + 10_000;
  do {
    while (pending() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const shape = () => {
            if (document.querySelector('.spinner, .skeleton, [aria-busy="true"]')) return 'busy';
            const main = document.querySelector('.main') ?? document.documentElement;
            const all = document.body.getElementsByTagName('*');
            const last = all[all.length - 1]?.getBoundingClientRect();
            return `${main.scrollWidth}x${main.scrollHeight} ${main.clientWidth}x${main.clientHeight} ${all.length} ${last ? `${last.x},${last.y},${last.width},${last.height}` : ''}`;
          };
          let before = '';
          let same = 0;
          let frames = 0;
          const tick = () => {
            const now = shape();
            same = now === before ? same + 1 : 0;
            before = now;
            if (same >= 3 || ++frames > 180) resolve();
            else requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        }),
    );
  } while (pending() > 0 && Date.now() < until);
}

/** A page that fails the test on any uncaught error in the app; its API calls are counted for `settled`. */
export async function openApp(browser: Browser, server: UiServer, locale = 'en-US'): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale });
  const page = await context.newPage();
  trackApiCalls(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.loginUrl);
  await page.waitForSelector('nav[aria-label]');
  return { page, errors };
}

/**
 * Saves a screenshot under test-results/ when E2E_SCREENSHOTS=1 asks (and in docs/ too when UPDATE_SCREENSHOTS=1,
 * for the README), or always for a failure (`failure`): nothing compares them, and each full-page picture cost
 * Chromium about a quarter of a CPU-second.
 */
export async function screenshot(page: Page, name: string, failure = false): Promise<void> {
  if (!failure && !process.env.E2E_SCREENSHOTS && !process.env.UPDATE_SCREENSHOTS) return;
  const dirs = [path.join(repoRoot, 'test-results')];
  if (process.env.UPDATE_SCREENSHOTS) dirs.push(path.join(repoRoot, 'docs'));
  for (const dir of dirs) {
    fs.mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
  }
}

/** A downloaded file's text (saved to a temporary folder: the shared browser runs on the other end of a connection). */
export async function downloadText(download: Download): Promise<string> {
  const file = path.join(tempDir('ciclo-e2e-download-'), download.suggestedFilename());
  await download.saveAs(file);
  return fs.readFileSync(file, 'utf8');
}

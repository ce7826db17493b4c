/**
 * `npm run bench -- ui [--quick] [--keep] [--screenshots]`: prints one JSON document (issue 19).
 *
 * Builds a seeded workspace of 10,000 runs and 5,000,000 metric points through the core's own stores (ten
 * runs with 200,000-point series; --quick: 1,000 runs, 500,000 points), starts browser mode (`ciclo ui`)
 * on it, drives Debian's Chromium with playwright-core and measures, in the page:
 * - tableFirstRenderMs: from opening the Train phase to the first row of the runs table;
 * - scrollP95FrameMs, blankFrameShare: frames while the table scrolls at a steady 3,000 px/s (about 70 rows
 *   a second, a brisk wheel scroll) for 4 s from the top and 4 s from the middle: the 95th percentile of
 *   frame times, and the share of frames with a placeholder row in view;
 * - runPage200kDrawMs: opening a run with a 200,000-point series, from the arrival of its data (the later
 *   of run.get and run.series) to the first frame painted with its charts;
 * - compare10DrawMs: comparing the ten long runs, from the arrival of run.compare to the first frame
 *   painted with all charts (median of 3 loads);
 * - compareTooltipRuns: runs listed by the tooltip at 8 hovered positions of the loss-per-batch chart (min);
 * - heapMbAfter: the page's JS heap after all that and a garbage collection.
 * Next to the wall-clock figures, mainThreadCpuMs: CPU time of the page's main thread for the same step
 * (from the navigation to the paint, so it includes parsing the response and rendering the whole page),
 * which other load on a shared machine hardly changes.
 * The renderer is rebuilt first when it is older than its sources. `uptime` is printed with the figures.
 */
import { execSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { seedUiWorkspace } from './lib/ui-workspace.js';

// What the functions passed to page.evaluate use: they run in the page, not here (this file is type-checked
// without the DOM library).
declare const window: any, document: any, location: any, MutationObserver: any, requestAnimationFrame: any;

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const log = (m: string) => process.stderr.write(`[bench ui] ${m}\n`);
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const chromiumPath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-headless-shell'].find((p) => fs.existsSync(p)) ?? '/usr/bin/chromium';

function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

function ensureBuilt(): void {
  const index = path.join(root, 'out/renderer/index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = Math.max(newest(path.join(root, 'renderer/src')), newest(path.join(root, 'shared')), newest(path.join(root, 'electron')));
  if (built >= sources) return;
  log('building (the renderer is older than its sources)');
  const res = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (res.status !== 0) throw new Error('electron-vite build failed');
}

async function startUi(dataDir: string): Promise<{ child: ChildProcess; loginUrl: string; url: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/ciclo.mjs'), '--data-dir', dataDir, '--json', 'ui', '--port', '0'], {
    cwd: root,
    env: { ...process.env, CICLO_PREFS_DIR: path.join(dataDir, 'prefs') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const info = await new Promise<{ url: string; loginUrl: string }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`ciclo ui did not start: ${err}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.trim().startsWith('{'));
      if (line) (clearTimeout(timer), resolve(JSON.parse(line)));
    });
    child.on('exit', (code) => reject(new Error(`ciclo ui exited with ${code}: ${err}`)));
  });
  return { child, ...info };
}

/** Sets the hash and waits until `selector` shows; ms from the change to its first appearance (observed in the page). */
async function timeTo(page: Page, hash: string, selector: string): Promise<number> {
  await page.evaluate(
    ([h, sel]) => {
      const w = window as unknown as { __seen?: number; __t0: number };
      w.__seen = undefined;
      const mo = new MutationObserver(() => {
        if (document.querySelector(sel)) {
          w.__seen = performance.now();
          mo.disconnect();
        }
      });
      mo.observe(document.body, { childList: true, subtree: true, attributes: true });
      w.__t0 = performance.now();
      location.hash = h;
    },
    [hash, selector] as const,
  );
  await page.waitForFunction(() => (window as unknown as { __seen?: number }).__seen !== undefined, null, { timeout: 60_000 });
  return page.evaluate(() => (window as unknown as { __seen: number; __t0: number }).__seen - (window as unknown as { __t0: number }).__t0);
}

/** Scrolls the runs table at `speed` px/s for `ms`, from `from` px; frame times and frames with a placeholder row in view. */
function sweep(page: Page, from: number, speed: number, ms: number): Promise<{ frames: number[]; blank: number }> {
  return page.evaluate(
    ([from, speed, ms]) =>
      new Promise<{ frames: number[]; blank: number }>((resolve) => {
        const body = document.querySelector('.vt-body');
        body.scrollTop = from;
        const frames: number[] = [];
        let blank = 0;
        const t0 = performance.now();
        let prev = t0;
        const tick = (now: number) => {
          frames.push(now - prev);
          prev = now;
          const view = body.getBoundingClientRect();
          for (const row of body.querySelectorAll('[data-testid="run-row-pending"]')) {
            const r = row.getBoundingClientRect();
            if (r.bottom > view.top && r.top < view.bottom) {
              blank++;
              break;
            }
          }
          if (now - t0 >= ms) return resolve({ frames: frames.slice(1), blank });
          body.scrollTop = from + (speed * (now - t0)) / 1000;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    [from, speed, ms] as const,
  );
}

/** ms from the arrival of the last response of `methods` to the latest paint of the charts matching `selector`. */
function drawAfterData(page: Page, methods: string[], selector: string): Promise<number> {
  return page.evaluate(
    ([methods, selector]) => {
      const ends = performance.getEntriesByType('resource').filter((e) => methods.some((m) => e.name.endsWith(`/api/${m}`))) as unknown as { name: string; responseEnd: number }[];
      const arrived = Math.max(...methods.map((m) => Math.max(...ends.filter((e) => e.name.endsWith(`/api/${m}`)).map((e) => e.responseEnd))));
      const painted = [...document.querySelectorAll(selector)].map((f: { dataset: { paintedAt: string } }) => Number(f.dataset.paintedAt));
      return Math.max(...painted) - arrived;
    },
    [methods, selector] as const,
  );
}

async function main() {
  ensureBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ciclo-bench-ui-'));
  const runCount = quick ? 1000 : 10_000;
  const pointCount = quick ? 500_000 : 5_000_000;
  log(`seeding ${runCount} runs, ${pointCount} points`);
  const ws = await seedUiWorkspace(dataDir, runCount, pointCount);
  log(`seeded in ${round(ws.seconds)} s; starting browser mode`);
  const ui = await startUi(dataDir);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--enable-precise-memory-info'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
    // tsx (esbuild keepNames) wraps named functions in __name(), which the page does not have
    await context.addInitScript('window.__name = (f) => f');
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    /** CPU time of the page's main thread so far (ms): other load on the machine hardly changes it. */
    const metric = async (name: string) =>
      ((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.find((m) => m.name === name)!.value * 1000;
    const cpu = () => metric('ThreadTime');
    const errors: string[] = [];
    page.on('pageerror', (e) => (errors.push(e.message), log(`page error: ${e.message}`)));
    page.on('console', (m) => m.type() === 'error' && log(`console: ${m.text()}`));
    await page.goto(ui.loginUrl);
    await page.waitForSelector('nav[aria-label]');
    const project = ws.projectId;

    log('runs table');
    let c0 = await cpu();
    const tableFirstRenderMs = await timeTo(page, `#/train?project=${project}`, '[data-testid="run-row"]');
    const tableCpuMs = (await cpu()) - c0;
    await page.waitForTimeout(1000);
    const total = await page.evaluate(() => document.querySelector('.vt-body > div').offsetHeight);
    c0 = await cpu();
    const a = await sweep(page, 0, 3000, 4000);
    const sweepCpu = [(await cpu()) - c0];
    // a jump (as a drag of the scrollbar): its page loads, then a normal scroll from there
    const middle = Math.floor(total / 2);
    await page.evaluate((y) => (document.querySelector('.vt-body').scrollTop = y), middle);
    await page.waitForFunction(() => !document.querySelector('[data-testid="run-row-pending"]') || document.querySelectorAll('[data-testid="run-row"]').length > 10, null, {
      timeout: 30_000,
    });
    await page.waitForTimeout(800);
    c0 = await cpu();
    const b = await sweep(page, middle, 3000, 4000);
    sweepCpu.push((await cpu()) - c0);
    const frames = [...a.frames, ...b.frames].sort((x, y) => x - y);
    const scrollP95FrameMs = frames[Math.floor(frames.length * 0.95)];
    const blankFrameShare = (a.blank + b.blank) / frames.length;

    log('run page');
    const run = ws.longIds[0];
    const runTimes: number[] = [];
    const runCpu: number[] = [];
    for (let k = 0; k < 3; k++) {
      await page.evaluate(() => performance.clearResourceTimings());
      c0 = await cpu();
      await timeTo(
        page,
        k % 2 ? `#/train/run/${run}?project=${project}` : `#/train/run/${run}?project=${project}&k=${k}`,
        '[data-testid="chart-batch-loss"] figure[data-painted-at]',
      );
      runCpu.push((await cpu()) - c0);
      await page.waitForTimeout(600);
      runTimes.push(await drawAfterData(page, ['run.get', 'run.series'], '[data-testid="chart-batch-loss"] figure'));
      await page.evaluate(() => (location.hash = '#/home'));
      await page.waitForTimeout(300);
    }

    log('compare');
    const ids = ws.longIds.join(',');
    const compareTimes: number[] = [];
    const compareCpu: number[] = [];
    for (let k = 0; k < 3; k++) {
      await page.evaluate(() => performance.clearResourceTimings());
      c0 = await cpu();
      await timeTo(page, `#/train/compare?project=${project}&ids=${ids}&k=${k}`, '[data-testid="compare-chart-batch/loss"] figure[data-painted-at]');
      compareCpu.push((await cpu()) - c0);
      await page.waitForTimeout(1000);
      compareTimes.push(await drawAfterData(page, ['run.compare'], '[data-testid^="compare-chart-"] figure'));
      if (k < 2) {
        await page.evaluate(() => (location.hash = '#/home'));
        await page.waitForTimeout(300);
      }
    }
    const chart = page.locator('[data-testid="compare-chart-batch/loss"] .canvas-chart-box');
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    const tooltipRuns: number[] = [];
    for (let k = 0; k < 8; k++) {
      await page.mouse.move(box!.x + 58 + 5 + ((box!.width - 58 - 16 - 10) * k) / 7, box!.y + 60);
      await page.waitForTimeout(120);
      tooltipRuns.push(await page.locator('[data-testid="compare-chart-batch/loss"] [data-testid="tooltip-run"]').count());
    }
    const lines = Number(await page.locator('[data-testid="compare-chart-batch/loss"] figure').getAttribute('data-points'));
    if (args.includes('--screenshots')) {
      fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
      await page.screenshot({ path: path.join(root, 'test-results/bench-ui-compare.png'), fullPage: true });
    }

    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const heapMbAfter = heap.usedSize / 2 ** 20;

    const goal = (value: number, goal: number, better: 'lower' | 'higher', unit: string) => ({
      value: round(value, unit === 'share' ? 3 : 1),
      goal,
      unit,
      met: better === 'lower' ? value <= goal : value >= goal,
    });
    const out = {
      workspace: { runs: ws.runs, points: ws.points, longSeries: { count: ws.longIds.length, pointsEach: ws.longPoints }, seedSeconds: round(ws.seconds) },
      tableFirstRenderMs: { ...goal(tableFirstRenderMs, 1000, 'lower', 'ms'), mainThreadCpuMs: round(tableCpuMs) },
      scrollP95FrameMs: {
        ...goal(scrollP95FrameMs, 33, 'lower', 'ms'),
        frames: frames.length,
        maxMs: round(frames.at(-1)!),
        speedPxPerS: 3000,
        mainThreadCpuMsPerFrame: round(sweepCpu.reduce((x, y) => x + y, 0) / frames.length),
      },
      blankFrameShare: { ...goal(blankFrameShare, 0, 'lower', 'share'), blankFrames: a.blank + b.blank },
      runPage200kDrawMs: { ...goal(median(runTimes), 100, 'lower', 'ms'), all: runTimes.map((v) => round(v)), mainThreadCpuMs: runCpu.map((v) => round(v)) },
      compare10DrawMs: {
        ...goal(median(compareTimes), 150, 'lower', 'ms'),
        all: compareTimes.map((v) => round(v)),
        mainThreadCpuMs: compareCpu.map((v) => round(v)),
        batchLossPointsDrawn: lines,
      },
      compareTooltipRuns: { ...goal(Math.min(...tooltipRuns), ws.longIds.length, 'higher', 'runs'), positions: tooltipRuns },
      heapMbAfter: goal(heapMbAfter, 150, 'lower', 'MB'),
      pageErrors: errors,
      machine: { uptime: execSync('uptime').toString().trim(), cpus: os.cpus().length },
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } catch (e) {
    const pages = browser.contexts().flatMap((c) => c.pages());
    if (pages[0]) {
      fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
      await pages[0].screenshot({ path: path.join(root, 'test-results/bench-ui-failure.png') });
      log(`failed at ${pages[0].url()}; screenshot in test-results/bench-ui-failure.png`);
    }
    throw e;
  } finally {
    await browser.close();
    ui.child.kill('SIGTERM');
    if (!args.includes('--keep')) fs.rmSync(dataDir, { recursive: true, force: true });
    else log(`workspace kept: ${dataDir}`);
  }
}

await main();

import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/workspace.js';
import { setupCli } from './setup-cli.js';
import { browserAvailable, launchBrowser, startUi, type UiServer } from './browser.js';

const run = browserAvailable();

/**
 * What the browser says about the element that has just received focus: visible, inside the window, with a focus
 * ring (an outline or shadow with at least 3:1 contrast against what is behind it, WCAG 1.4.11) and, once it
 * has lost focus again, a different look than focused. Runs in the page.
 */
function focusStop(target: string): { id: string; matched: boolean; problems: string[] } {
  type Prev = { el: Element; id: string; ring: string };
  const w = window as unknown as { __kbPrev?: Prev | null };
  const el = document.activeElement as HTMLElement | null;
  const describe = (e: Element) => {
    const label = (e.getAttribute('aria-label') ?? (e as HTMLElement).innerText ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
    if (e.tagName === 'g') return `g${e.outerHTML.slice(0, 200)}`;
    return e.getAttribute('data-testid') ?? `${e.tagName.toLowerCase()}${e.getAttribute('type') ? `[${e.getAttribute('type')}]` : ''} “${label}”`;
  };
  const ring = (e: Element) => {
    const s = getComputedStyle(e);
    return `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} | ${s.boxShadow} | ${s.borderColor} | ${s.backgroundColor}`;
  };
  const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
  const luminance = ([r, g, b]: number[]) => {
    const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const behind = (e: Element | null): number[] => {
    for (let n = e; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) return c;
    }
    return rgb(getComputedStyle(document.body).backgroundColor);
  };
  const problems: string[] = [];
  const prev = w.__kbPrev;
  if (prev && prev.el !== el && prev.el.isConnected && ring(prev.el) === prev.ring) problems.push(`${prev.id}: looks the same with and without focus`);
  w.__kbPrev = null;
  if (!el || el === document.body || el === document.documentElement) return { id: 'body', matched: false, problems };
  const id = describe(el);
  const r = el.getBoundingClientRect();
  if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) || r.width < 2 || r.height < 2)
    problems.push(`${id}: has focus but cannot be seen (${el.outerHTML.slice(0, 160)} in ${el.parentElement?.outerHTML.slice(0, 100)})`);
  else if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth)
    problems.push(`${id}: has focus outside the window (${Math.round(r.left)},${Math.round(r.top)} in ${innerWidth}x${innerHeight})`);
  else {
    // not hidden under something that stays put (the top bar, Train's start bar): its middle is its own
    const x = Math.min(Math.max((r.left + r.right) / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max((r.top + r.bottom) / 2, 0), innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    if (top && !el.contains(top) && !top.contains(el) && !(el instanceof HTMLInputElement && (el as HTMLInputElement).labels?.[0]?.contains(top))) {
      problems.push(`${id}: has focus under ${describe(top.closest('[data-testid], section, header, nav, [class]') ?? top)}`);
    }
  }
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1.5;
  const shadow = s.boxShadow !== 'none';
  if (!outline && !shadow) problems.push(`${id}: no focus ring`);
  if (outline) {
    const a = luminance(rgb(s.outlineColor));
    const b = luminance(behind(parseFloat(s.outlineOffset) >= 0 ? el.parentElement : el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 3) problems.push(`${id}: focus ring contrast ${ratio.toFixed(2)} < 3`);
  }
  w.__kbPrev = { el, id, ring: ring(el) };
  return { id, matched: el.matches(target), problems };
}

describe.skipIf(!run)('Keyboard only: the whole lifecycle without a mouse', () => {
  let server: UiServer;
  let browser: Browser;
  let projectId: string;
  const problems = new Set<string>();

  beforeAll(async () => {
    const dataDir = tempDir('ciclo-e2e-keyboard-');
    const cli = (args: string[]) => setupCli(dataDir, ['--json', ...args]);
    // Iris with the species first: no target is guessed, so the user chooses it. A gate a 3-epoch run cannot pass.
    const lines = fs.readFileSync(path.join(repoRoot, 'resources/datasets/iris.csv'), 'utf8').trim().split(/\r?\n/);
    const csv = path.join(dataDir, 'flowers.csv');
    fs.writeFileSync(
      csv,
      lines
        .map((l) => {
          const c = l.split(',');
          return [c[4], ...c.slice(0, 4)].join(',');
        })
        .join('\n'),
    );
    projectId = (await cli(['project', 'create', 'Iris species', '--task', 'multiclass', '--criterion', 'accuracy>=0.99'])).id;
    await cli(['dataset', 'import', csv, '--project', projectId, '--name', 'flowers']);
    server = await startUi(dataDir);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const t0 = Date.now();
  const step = (what: string) => void (process.env.KEYBOARD_LOG && process.stderr.write(`${((Date.now() - t0) / 1000).toFixed(1)}s ${what}\n`));
  /** Presses Tab (or Shift+Tab) until the element matching `target` has focus, checking every stop on the way. */
  async function tabTo(page: Page, target: string, { max = 80 } = {}): Promise<void> {
    const seen: string[] = [];
    // the shorter way round, in the document's order of focusable elements (the walk itself checks every stop)
    const plan = await page.evaluate((sel) => {
      const w = window as unknown as { __kbTarget: string; __kbLog: ReturnType<typeof focusStop>[] };
      w.__kbTarget = sel;
      // focus moved by the app since the last walk (a form that took it, one that gave it back): checked too
      const earlier = w.__kbLog.splice(0).flatMap((x) => x.problems);
      const all = [
        ...document.querySelectorAll<HTMLElement>(
          'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])',
        ),
      ].filter((e) => e.checkVisibility());
      const at = all.indexOf(document.activeElement as HTMLElement);
      const to = all.findIndex((e) => e.matches(sel));
      if (at < 0 || to < 0) return { back: false, ahead: 1, earlier };
      const forward = (to - at + all.length) % all.length;
      const backward = (at - to + all.length) % all.length;
      return { back: backward < forward, ahead: Math.min(forward, backward), earlier };
    }, target);
    plan.earlier.forEach((p) => problems.add(p));
    const key = plan.back ? 'Shift+Tab' : 'Tab';
    let pressed = 0;
    while (pressed < max) {
      // as many stops as the document order predicts, less a few (radio groups are one stop), then one at a time;
      // every stop is checked as it takes focus (focusStop runs on focusin)
      const n = Math.max(1, plan.ahead - 3 - pressed);
      for (let k = 0; k < n; k++) await page.keyboard.press(key);
      pressed += n;
      const stops = await page.evaluate(() => (window as unknown as { __kbLog: ReturnType<typeof focusStop>[] }).__kbLog.splice(0));
      for (const stop of stops) {
        seen.push(stop.id);
        stop.problems.forEach((p) => problems.add(p));
        if (stop.matched) {
          // gone past it (the document order over-counted): back to it, over stops already checked
          const past = stops.length - 1 - stops.indexOf(stop);
          for (let k = 0; k < past; k++) await page.keyboard.press(plan.back ? 'Tab' : 'Shift+Tab');
          await page.evaluate(() => (window as unknown as { __kbLog: unknown[] }).__kbLog.splice(0));
          return step(`${target} after ${pressed} stops`);
        }
      }
    }
    throw new Error(`${key} never reached ${target} in ${max} stops: ${seen.join(' → ')}`);
  }
  const tid = (id: string) => `[data-testid="${id}"]`;
  /** Goes to a phase from the sidebar: back up to it with Shift+Tab, then Enter. */
  async function phase(page: Page, name: string, ready: string) {
    await tabTo(page, tid(`nav-${name}`));
    await page.keyboard.press('Enter');
    await page.waitForSelector(ready);
  }
  /** Moves a focused native select with the arrow keys until it shows `value`. */
  async function choose(page: Page, value: string) {
    for (let i = 0; i < 40; i++) {
      if (await page.evaluate((v) => (document.activeElement as HTMLSelectElement).value === v, value)) return;
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`the focused select never showed ${value}`);
  }
  async function typeInto(page: Page, target: string, text: string) {
    await tabTo(page, target);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(text);
  }

  it('reaches every step with Tab, Enter, Space and the arrow keys, always with a visible focus ring', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'es-ES', colorScheme: 'dark' });
    // every element that takes focus is checked at once, as it takes it (see focusStop)
    await context.addInitScript({
      content: `window.__kbLog = []; window.__kbTarget = ':not(*)'; const focusStop = ${focusStop.toString()};
        document.addEventListener('focusin', () => window.__kbLog.push(focusStop(window.__kbTarget)), true);`,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.loginUrl);
    await page.waitForSelector('nav[aria-label]');

    // The project, from the picker in the top bar.
    await tabTo(page, 'header select');
    await choose(page, projectId);
    await page.waitForFunction((id) => location.hash.includes(id), projectId);

    // Data: choose the target, then make a split.
    await phase(page, 'data', tid('dataset-view'));
    await tabTo(page, tid('target-select'));
    await choose(page, 'species');
    await page.waitForFunction(() => document.querySelector('[data-testid="dataset-view"]')?.getAttribute('data-version') === '2');
    await tabTo(page, tid('tab-splits'));
    await page.keyboard.press('Enter');
    await tabTo(page, tid('split-submit'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('split-row'));

    // Train: a short run, started and then opened from the runs table.
    await phase(page, 'train', tid('train-home'));
    await tabTo(page, tid('train-new'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('train-design'));
    // the choices in its lists are display names in Spanish too (not relu, val_loss)
    const raw = await page.evaluate(() =>
      [...document.querySelectorAll('main select option')]
        .map((o) => o.textContent!.trim())
        .filter((x) => /^[a-z]+_[a-z_]+$/.test(x) || ['relu', 'elu', 'selu', 'adam', 'sgd', 'rmsprop', 'dense', 'dropout', 'constant', 'cosine'].includes(x)),
    );
    expect(raw).toEqual([]);
    await typeInto(page, tid('hp-epochs'), '3');
    await typeInto(page, tid('design-name'), 'by-keyboard');
    await tabTo(page, tid('train-start'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('run-page')}[data-status="succeeded"]`, { timeout: 60_000 });
    await phase(page, 'train', tid('run-row'));
    await tabTo(page, tid('run-open'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('run-page')}[data-status="succeeded"]`);
    // the epoch table's rows come with the run's series, after its status
    await page.waitForSelector(`${tid('epoch-table')} tbody tr`);
    // its per-epoch table reads down: one number of decimals per column (not 0,902 under 0,8824)
    const decimals = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('[data-testid="epoch-table"] tbody tr')].map((tr) =>
        [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent!.split(',')[1]?.length ?? 0),
      );
      return rows[0].map((_, c) => [...new Set(rows.map((r) => r[c]))]);
    });
    expect(decimals.every((d) => d.length === 1)).toBe(true);

    // Evaluate it on its test rows.
    await phase(page, 'evaluate', tid('eval-start'));
    await tabTo(page, tid('eval-submit'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('eval-page'), { timeout: 60_000 });
    // at 1024 px each criterion of the gate stays on one line ("Exactitud ≥" over "0,9" before)
    const criterionLines = await page.evaluate(() => [...document.querySelectorAll('[data-testid="gate-criterion"]')].map((e) => e.getClientRects().length));
    expect(criterionLines.length).toBeGreaterThan(0);
    expect(criterionLines.every((n) => n === 1)).toBe(true);

    // Registry: register it, then promote it to champion past its failing gate, with a reason.
    await phase(page, 'registry', tid('register-open'));
    await tabTo(page, tid('register-open'));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (document.querySelector('[data-testid="register-run"]') as HTMLSelectElement | null)?.value);
    await typeInto(page, tid('register-name'), 'flowers-by-keyboard');
    await tabTo(page, tid('register-submit'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('promote-open-1'));
    // at 1024 px the run's name stays on one line (it broke at every hyphen)
    const nameLines = await page.evaluate(() => {
      const a = document.querySelector('[data-testid="version-row-1"] td.run a')!;
      return a.getBoundingClientRect().height / parseFloat(getComputedStyle(a).fontSize);
    });
    expect(nameLines).toBeLessThan(2);
    await tabTo(page, tid('promote-open-1'));
    await page.keyboard.press('Space');
    await page.waitForSelector(tid('promote-form'));
    // the form takes focus; Escape closes it and gives focus back to the button that opened it
    await page.waitForFunction(() => document.querySelector('[data-testid="promote-form"]')?.contains(document.activeElement));
    await page.keyboard.press('Escape');
    await page.waitForSelector(tid('promote-form'), { state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'promote-open-1');
    await page.keyboard.press('Enter');
    await tabTo(page, tid('promote-submit'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('gate-refused'));
    await typeInto(page, tid('promote-reason'), 'Accepted by the review board for a one-week shadow test.');
    await tabTo(page, tid('promote-submit'));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="slot-champion"]')?.textContent?.includes('v1'));
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'promote-open-1');

    // Deploy: start a server for the champion and stop it; focus stays on the page.
    await phase(page, 'deploy', 'main');
    await tabTo(page, tid('deploy-tab-serving'));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (document.querySelector('[data-testid="serving-target"]') as HTMLSelectElement | null)?.value);
    await tabTo(page, tid('serving-submit'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('serving-server'), { timeout: 60_000 });
    await tabTo(page, tid('serving-stop'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('serving-server'), { state: 'detached' });
    expect(await page.evaluate(() => document.activeElement !== document.body && document.activeElement !== null)).toBe(true);

    // Monitor: one simulator for a model without traffic; simulate some, then open the model and a drifted column.
    await phase(page, 'monitor', tid('monitor-empty'));
    expect(await page.locator(tid('simulate-card')).count()).toBe(1);
    await page.goto(`${server.url}#/monitor?project=${projectId}&model=flowers-by-keyboard@1`);
    await page.waitForSelector(tid('simulate-card'));
    expect(await page.locator(tid('simulate-card')).count()).toBe(1);
    await page.waitForFunction(() => (document.querySelector('[data-testid="simulate-dataset"]') as HTMLInputElement | null)?.value);
    await typeInto(page, tid('simulate-shifts'), 'petal_length_cm=+1.5sd');
    await typeInto(page, tid('simulate-rows'), '200');
    await tabTo(page, tid('simulate-start'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('monitor-model-flowers-by-keyboard@1'), { timeout: 60_000 });
    await tabTo(page, tid('monitor-model-flowers-by-keyboard@1'));
    await page.keyboard.press('Enter');
    await tabTo(page, tid('drift-run'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('drift-open-sepal_width_cm'));
    await tabTo(page, tid('drift-open-sepal_width_cm'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('shares-sepal_width_cm'));
    expect([...problems]).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});

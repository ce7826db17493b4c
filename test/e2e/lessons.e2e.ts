import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/workspace.js';
import { browserAvailable, launchBrowser, screenshot, startUi, type UiServer } from './browser.js';

const run = browserAvailable();

// Teaching mode in Chromium, offline. Every step of every lesson is done through the app as a learner would
// (lesson 1 in Spanish, lesson 2 in English, lesson 3 in Spanish), each step ticked only when the workspace
// shows it done, with a screenshot of each step; every step's texts are then checked against the translation
// files in the other language in the presenter view (a screenshot of each too). Any request that leaves
// 127.0.0.1 fails the test.
type Lang = 'es' | 'en';
const localesDir = path.join(__dirname, '..', '..', 'shared', 'i18n', 'locales');
const texts: Record<Lang, any> = {
  es: JSON.parse(fs.readFileSync(path.join(localesDir, 'lessons.es.json'), 'utf8')),
  en: JSON.parse(fs.readFileSync(path.join(localesDir, 'lessons.en.json'), 'utf8')),
};
const lessonIds = ['problem-to-model', 'safe-releases', 'real-world'];
const stepIds = (n: number): string[] => Object.keys(texts.en.lessons[lessonIds[n - 1]].steps);
const stepText = (lang: Lang, n: number, id: string) => texts[lang].lessons[lessonIds[n - 1]].steps[id] as Record<'title' | 'task' | 'what' | 'why' | 'without', string>;

describe.skipIf(!run)('Lessons in browser mode', () => {
  let server: UiServer;
  let browser: Browser;
  const offLoopback: string[] = [];

  beforeAll(async () => {
    server = await startUi(tempDir('ciclo-e2e-lessons-'));
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(server?.dataDir ?? '/nonexistent', { recursive: true, force: true });
  });

  async function open(locale: string, target?: UiServer): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale, acceptDownloads: true });
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (/^(https?|wss?):$/.test(url.protocol) && url.hostname !== '127.0.0.1') {
        offLoopback.push(url.href);
        return route.abort();
      }
      return route.continue();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => void d.accept());
    await page.goto((target ?? server).loginUrl);
    await page.waitForSelector('nav[aria-label]');
    return { page, errors };
  }

  const done = (page: Page, n: number, timeout = 60_000) => page.locator(`[data-testid="lesson-panel"] [data-testid="lesson-step-${n}"][data-done="true"]`).waitFor({ timeout });
  const current = (page: Page, id: string, timeout = 30_000) => page.locator(`[data-testid="lesson-current"][data-step="${id}"]`).waitFor({ timeout });
  /** The current step's texts in the lesson panel, as the translation file has them. */
  const currentTexts = async (page: Page, lang: Lang, n: number, id: string) => {
    await current(page, id);
    const t = expected(lang, n, id);
    const shown = await page.getByTestId('lesson-current').textContent();
    for (const part of [t.title, t.task, t.what, t.why, t.without]) expect(shown, `${lang} lesson ${n} ${id}`).toContain(part);
  };
  /** The current step in the lesson panel: its texts in the walking language, its part of the app highlighted, a screenshot. */
  /** A step's texts as the translation file has them, with the lesson's classmate workspace filled in. */
  const expected = (lang: Lang, n: number, id: string) =>
    Object.fromEntries(Object.entries(stepText(lang, n, id)).map(([k, v]) => [k, v.replaceAll('{{classmate}}', path.join(server.dataDir, 'lessons', 'classmate'))])) as ReturnType<typeof stepText>;
  const atStep = async (page: Page, lang: Lang, n: number, index: number, testid: string) => {
    await currentTexts(page, lang, n, stepIds(n)[index - 1]);
    await page.getByTestId('lesson-show-me').click();
    await highlighted(page, testid);
    await screenshot(page, `lesson${n}-step${index}-${lang}`);
  };
  const highlighted = async (page: Page, testid: string) => {
    try {
      await page.locator(`[data-testid="${testid}"].lesson-highlight`).first().waitFor({ timeout: 30_000 });
    } catch (err) {
      await screenshot(page, `lesson-failed-${testid}`);
      throw err;
    }
  };

  /** Lesson 1 through the app, from its first step: each step's part of the UI highlighted, then done, then ticked. */
  async function walkLesson1(page: Page, lang: Lang): Promise<void> {
    // 1. charter: add an acceptance criterion
    await currentTexts(page, lang, 1, 'charter');
    await highlighted(page, 'criteria-editor');
    expect(await page.getByTestId('lesson-concept').textContent()).toContain(lang === 'es' ? 'Por qué importa en producción' : 'Why it matters in production');
    await screenshot(page, `lesson1-step1-${lang}`);
    await page.getByTestId('criteria-add').click();
    await page.getByTestId('criterion-0').locator('select').first().selectOption('accuracy');
    await page.getByTestId('criterion-0').locator('input').first().fill('0.9');
    await page.getByTestId('charter-submit').click();
    await done(page, 1);

    // 2. data: choose the target, which makes version 2
    await currentTexts(page, lang, 1, 'data');
    await page.getByTestId('lesson-show-me').click();
    await highlighted(page, 'target-card');
    await screenshot(page, `lesson1-step2-${lang}`);
    await page.getByTestId('target-select').selectOption('species');
    // the target is saved as soon as it is chosen (no Apply)
    await done(page, 2);

    // 3. split
    await currentTexts(page, lang, 1, 'split');
    await page.getByTestId('lesson-show-me').click();
    await highlighted(page, 'split-submit');
    await screenshot(page, `lesson1-step3-${lang}`);
    await page.getByTestId('split-submit').click();
    await done(page, 3);

    // 4. train (few epochs) and watch the curves
    await currentTexts(page, lang, 1, 'train');
    await page.getByTestId('lesson-show-me').click();
    await highlighted(page, 'train-start');
    await expect.poll(() => page.getByTestId('design-check').textContent(), { timeout: 15_000 }).toMatch(/parámetros|parameters/);
    await page.getByTestId('hp-epochs').fill('12');
    await page.getByTestId('train-start').click();
    await page.locator('[data-testid=run-page][data-status=succeeded]').waitFor({ timeout: 180_000 });
    await done(page, 4);
    await screenshot(page, `lesson1-step4-${lang}`);

    // 5. evaluate against the criteria
    await currentTexts(page, lang, 1, 'evaluate');
    await page.getByTestId('lesson-show-me').click();
    await highlighted(page, 'eval-start');
    await page.waitForFunction(() => Boolean((document.querySelector('[data-testid="eval-run"]') as HTMLSelectElement | null)?.value), null, { timeout: 30_000 });
    await page.getByTestId('eval-submit').click();
    await page.getByTestId('eval-page').waitFor({ timeout: 120_000 });
    await done(page, 5);
    await screenshot(page, `lesson1-step5-${lang}`);

    // 6. register
    await currentTexts(page, lang, 1, 'register');
    await page.getByTestId('lesson-show-me').click();
    await highlighted(page, 'register-form');
    await screenshot(page, `lesson1-step6-${lang}`);
    await page.waitForFunction(() => Boolean((document.querySelector('[data-testid="register-run"]') as HTMLSelectElement | null)?.value), null, { timeout: 30_000 });
    await page.getByTestId('register-name').fill(`iris-class-${lang}`);
    await page.getByTestId('register-submit').click();
    await done(page, 6);
    await page.getByTestId('lesson-complete').waitFor();
    expect(await page.getByTestId('lesson-progress').textContent()).toContain(lang === 'es' ? '6 de 6 pasos hechos' : '6 of 6 steps done');
    await screenshot(page, `lesson1-complete-${lang}`);
  }

  it('lesson 1 in Spanish: every step done through the app and ticked from the workspace state', async () => {
    const { page, errors } = await open('es-ES');
    await page.goto(`${server.url}#/lessons`);
    await page.getByTestId('lesson-map').waitFor();
    expect(await page.getByTestId('lesson-card-1').textContent()).toContain('Del problema al modelo');
    await screenshot(page, 'lessons-es');
    await page.getByTestId('lesson-start-1').click();
    await walkLesson1(page, 'es');
    expect(errors).toEqual([]);
    expect(offLoopback).toEqual([]);
    await page.context().close();
  }, 600_000);


  /** Every step of a lesson in the presenter view, in a language: its texts as the translation file has them, a screenshot each. */
  async function presenterTexts(n: number, lang: Lang): Promise<void> {
    const { page, errors } = await open(lang === 'es' ? 'es-ES' : 'en-US');
    await page.goto(`${server.url}#/lessons/present/${n}`);
    await page.getByTestId('presenter-step').waitFor();
    expect(await page.getByTestId('lesson-presenter').textContent()).toContain(texts[lang].lessons[lessonIds[n - 1]].title);
    for (const [i, id] of stepIds(n).entries()) {
      await page.locator(`[data-testid="lesson-step-${i + 1}"] button`).click();
      await page.locator(`[data-testid="presenter-step"][data-step="${id}"]`).waitFor();
      const shown = await page.getByTestId('presenter-step').textContent();
      const t = expected(lang, n, id);
      for (const part of [t.title, t.task, t.what, t.why, t.without]) expect(shown, `${lang} lesson ${n} ${id}`).toContain(part);
      await screenshot(page, `lesson${n}-step${i + 1}-${lang}-presenter`);
    }
    expect(errors).toEqual([]);
    expect(offLoopback).toEqual([]);
    await page.context().close();
  }

  it('lesson 1 in English: every step\'s texts in the presenter view, and a reset to its first step in one click', async () => {
    await presenterTexts(1, 'en');
    const { page, errors } = await open('en-US');
    await page.goto(`${server.url}#/lessons/present/1`);
    await page.locator('[data-testid="lesson-step-1"] button').click();
    await page.locator('[data-testid="presenter-step"][data-step="charter"]').waitFor();
    await page.getByTestId('presenter-reset').click();
    await page.getByTestId('presenter-reset-done').waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByTestId('presenter-progress').textContent(), { timeout: 15_000 }).toContain('0 of 6 steps done · Project: Lesson 1 · Iris');
    await screenshot(page, 'lesson1-presenter-en');
    expect(errors).toEqual([]);
    expect(offLoopback).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('lesson 2 in English: every step done through the app (override, promote, export, verified import, serve and call, rollback)', async () => {
    const { page, errors } = await open('en-US');
    await page.goto(`${server.url}#/lessons`);
    await page.getByTestId('lesson-start-2').click({ timeout: 120_000 });
    // the lesson's project: the sample imported, a quick (1 epoch) and a full model trained, evaluated and registered as v1 and v2
    await current(page, 'override', 300_000);

    // 1. override: promoting v1 (its gate failed) is refused, then done with a written reason
    await atStep(page, 'en', 2, 1, 'promote-open-1');
    await page.getByTestId('promote-open-1').click();
    const form = page.getByTestId('promote-form');
    expect(await form.getByTestId('gate-rule').getAttribute('data-rule')).toBe('failed');
    await form.getByTestId('promote-submit').click();
    await page.getByTestId('gate-refused').waitFor();
    await form.getByTestId('promote-reason').fill('Demo for the class: the quick model ships despite its failing gate.');
    await form.getByTestId('promote-submit').click();
    await done(page, 1);

    // 2. promote v2, whose gate passed
    await atStep(page, 'en', 2, 2, 'promote-open-2');
    await page.getByTestId('promote-open-2').click();
    expect(await form.getByTestId('gate-rule').getAttribute('data-rule')).toBe('passed');
    await form.getByTestId('promote-submit').click();
    await done(page, 2);

    // 3. export the champion's signed bundle (downloaded by the browser)
    await atStep(page, 'en', 2, 3, 'deploy-versions');
    const exportButton = page.locator('[data-testid^="deploy-export-iris-lesson2@2"]');
    const [download] = await Promise.all([page.waitForEvent('download'), exportButton.click()]);
    const bundleFile = path.join(server.dataDir, download.suggestedFilename());
    await download.saveAs(bundleFile);
    await done(page, 3);

    // 4. verify and import it in the classmate's workspace the lesson keeps, opened in a second window
    //    (`ciclo --data-dir FOLDER ui`, as the step says): the lesson sees the import in that workspace's state
    await atStep(page, 'en', 2, 4, 'bundle-pick');
    const classmate = await startUi(path.join(server.dataDir, 'lessons', 'classmate'));
    try {
      // a browser context of its own: the classmate's session cookie must not replace this workspace's
      const { page: second, errors: secondErrors } = await open('en-US', classmate);
      await second.goto(`${classmate.url}#/deploy`);
      await second.getByTestId('bundle-file').setInputFiles(bundleFile);
      await second.getByTestId('bundle-verify').waitFor({ timeout: 30_000 });
      expect(await second.getByTestId('bundle-verdict').textContent()).toBe('Every file matches the signed manifest.');
      expect(await second.getByTestId('bundle-signer').textContent()).toContain('unknown key: not trusted');
      await second.getByTestId('bundle-trust-once').check();
      await second.getByTestId('bundle-import-go').click();
      await second.getByTestId('bundle-imported').waitFor({ timeout: 30_000 });
      expect(await second.getByTestId('bundle-imported').textContent()).toContain('Imported as iris-lesson2@1.');
      await screenshot(second, 'lesson2-step4-en-classmate');
      await done(page, 4);
      expect(secondErrors).toEqual([]);
      await second.context().close();
    } finally {
      await classmate.stop();
    }

    // 5. serve the champion and call it, as the page's example shows (from the terminal: the test's own request)
    await atStep(page, 'en', 2, 5, 'serving-submit');
    await page.waitForFunction(() => Array.from((document.querySelector('[data-testid="serving-model"]') as HTMLSelectElement | null)?.options ?? []).some((o) => o.value === 'iris-lesson2'), null, { timeout: 30_000 });
    await page.getByTestId('serving-model').selectOption('iris-lesson2');
    await page.waitForFunction(() => (document.querySelector('[data-testid="serving-target"]') as HTMLSelectElement | null)?.value === '@champion', null, { timeout: 15_000 });
    await page.getByTestId('serving-submit').click();
    await page.getByTestId('serving-server').waitFor({ timeout: 60_000 });
    const url = (await page.getByTestId('serving-url').textContent())!.trim().replace(/\/$/, '');
    expect(await page.getByTestId('serving-example-text').first().textContent()).toContain(`${url}/v1/models/iris-lesson2:predict`);
    const res = await fetch(`${url}/v1/models/iris-lesson2:predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instances: [{ sepal_length_cm: 5.1, sepal_width_cm: 3.5, petal_length_cm: 1.4, petal_width_cm: 0.2 }] }),
    });
    expect(res.status).toBe(200);
    await done(page, 5);
    await page.getByTestId('serving-stop').click();
    await page.getByTestId('serving-server').waitFor({ state: 'detached' });

    // 6. roll the champion back to its previous holder
    await atStep(page, 'en', 2, 6, 'rollback-open-champion');
    await page.getByTestId('rollback-open-champion').click();
    await page.getByTestId('rollback-reason').fill('The class saw version 2 misbehave.');
    await page.getByTestId('rollback-submit').click();
    await page.getByTestId('lesson-complete').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('lesson-progress').textContent()).toContain('6 of 6 steps done');
    await screenshot(page, 'lesson2-complete-en');
    expect(errors).toEqual([]);
    expect(offLoopback).toEqual([]);
    await page.context().close();
    await presenterTexts(2, 'es');
  }, 600_000);

  it('lesson 3 in Spanish: every step done through the app (simulate, alert, performance, retrain, promote, the story)', async () => {
    const { page, errors } = await open('es-ES');
    await page.goto(`${server.url}#/lessons`);
    await page.getByTestId('lesson-start-3').click({ timeout: 120_000 });
    await current(page, 'simulate', 300_000);

    // 1. production traffic with drift on the petal sizes, labels a day late
    await atStep(page, 'es', 3, 1, 'simulate-card');
    await page.waitForFunction(() => Boolean((document.querySelector('[data-testid="simulate-dataset"]') as HTMLInputElement | null)?.value), null, { timeout: 15_000 });
    // the Monitor shows the lesson's champion (no traffic yet: one simulator, for that model)
    const simulator = page.getByTestId('simulate-card').first();
    await simulator.getByTestId('simulate-shifts').fill('petal_length_cm=+1.5sd\npetal_width_cm=+1.5sd');
    await simulator.getByTestId('simulate-rows').fill('600');
    await simulator.getByTestId('simulate-days').fill('6');
    await simulator.getByTestId('simulate-start').click();
    await done(page, 1, 120_000);

    // 2. the check over the last day fires an alert
    await atStep(page, 'es', 3, 2, 'monitor-check');
    await page.getByTestId('monitor-window').selectOption('lastDay');
    await page.getByTestId('monitor-check').click();
    await page.getByTestId('check-result').waitFor({ timeout: 60_000 });
    await done(page, 2);

    // 3. estimated vs real performance: the simulator delivered labels a day late, joined to the logged rows,
    //    so the step is ticked with the alert (its texts, in Spanish too, are checked in the presenter view)
    await done(page, 3);
    await current(page, 'retrain');
    await page.getByTestId('lesson-show-me').click();
    await page.getByTestId('performance-card').scrollIntoViewIfNeeded();
    await screenshot(page, 'lesson3-step3-es');

    // 4. retrain from the alert into a challenger
    await atStep(page, 'es', 3, 4, 'retrain-start');
    await page.locator('[data-testid^="alert-retrain-"]').first().click();
    await page.getByTestId('retrain-start').click();
    await page.getByTestId('retrain-status').waitFor({ timeout: 240_000 });
    await done(page, 4, 120_000);

    // 5. champion vs challenger on the same recent rows, then promote the challenger
    await atStep(page, 'es', 3, 5, 'challenger-card');
    await page.getByTestId('compare-table').waitFor({ timeout: 60_000 });
    await page.getByTestId('compare-verdict').waitFor({ timeout: 60_000 });
    // the reason goes to the registry's history (and is what a failing gate would ask for)
    await page.getByTestId('move-reason').fill('El aspirante reentrenado acierta más en las filas recientes.');
    await page.getByTestId('promote-challenger').click();
    await page.getByTestId('move-result').waitFor({ timeout: 30_000 });
    await done(page, 5);

    // 6. the story: the lesson's summary from the audit trail
    await atStep(page, 'es', 3, 6, 'lesson-summary-export-3');
    const download = page.waitForEvent('download');
    await page.getByTestId('lesson-summary-export-3').click();
    const html = fs.readFileSync((await (await download).path())!, 'utf8');
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Lección 3: Modelos en el mundo real');
    expect(html).toContain('Reentrenó un aspirante');
    expect(html).not.toMatch(/<script|https?:\/\//);
    await page.getByTestId('lesson-complete').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('lesson-card-progress-3').textContent()).toContain('Lección completada');
    await screenshot(page, 'lesson3-complete-es');
    expect(errors).toEqual([]);
    expect(offLoopback).toEqual([]);
    await page.context().close();
    await presenterTexts(3, 'en');
    await presenterTexts(3, 'es');
  }, 600_000);
});

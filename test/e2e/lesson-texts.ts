import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { screenshot } from './browser.js';

// The texts the lessons e2e test expects, read from the translation files (never written out in one language).
export type Lang = 'es' | 'en';
export const langs: Lang[] = ['es', 'en'];
export const browserLocale: Record<Lang, string> = { es: 'es-ES', en: 'en-US' };
const localesDir = path.join(__dirname, '..', '..', 'shared', 'i18n', 'locales');
const load = (ns: string, lang: Lang) => JSON.parse(fs.readFileSync(path.join(localesDir, `${ns}.${lang}.json`), 'utf8'));
export const texts: Record<Lang, any> = { es: load('lessons', 'es'), en: load('lessons', 'en') };
const deployTexts: Record<Lang, any> = { es: load('deploy', 'es'), en: load('deploy', 'en') };
const dataTexts: Record<Lang, any> = { es: load('data', 'es'), en: load('data', 'en') };
const registryTexts: Record<Lang, any> = { es: load('registry-ui', 'es'), en: load('registry-ui', 'en') };
const namespaces: Record<string, Record<Lang, any>> = { deploy: deployTexts, data: dataTexts, 'registry-ui': registryTexts, lessons: texts };
/** A text of a translation file ("lessons:ui.progress"), with its {{values}} filled in. */
export function tr(lang: Lang, key: string, values: Record<string, string | number> = {}): string {
  const [ns, dotted] = key.split(':');
  const found = dotted.split('.').reduce((o: any, k) => o?.[k], (namespaces[ns] ?? texts)[lang]);
  if (typeof found !== 'string') throw new Error(`No text ${key} in ${lang}`);
  return found.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k]));
}
export const lessonIds = ['problem-to-model', 'safe-releases', 'real-world'];
export const stepIds = (n: number): string[] => Object.keys(texts.en.lessons[lessonIds[n - 1]].steps);
export const stepText = (lang: Lang, n: number, id: string) => texts[lang].lessons[lessonIds[n - 1]].steps[id] as Record<'title' | 'task' | 'what' | 'why' | 'without', string>;
/** What a learner types (reasons are the learner's own words, in the class's language). */
export const typed = {
  override: { es: 'Demostración para la clase: el modelo rápido sale aunque su control falle.', en: 'Demo for the class: the quick model ships despite its failing gate.' },
  rollback: { es: 'La clase vio que la versión 2 se comportaba mal.', en: 'The class saw version 2 misbehave.' },
  promote: { es: 'El aspirante reentrenado acierta más en las filas recientes.', en: 'The retrained challenger is right more often on the recent rows.' },
};

/**
 * Steps whose title does not start on its mark's line (a long Spanish title once dropped below its check
 * mark, leaving the mark alone on a line).
 */
export const titlesBesideMarks = (page: Page, list: string) =>
  page.locator(`${list} .lesson-steps li`).evaluateAll((items) =>
    items.flatMap((li) => {
      const mark = li.querySelector('.lesson-mark')?.getBoundingClientRect();
      const title = li.querySelector('.lesson-step-title');
      const first = title?.getClientRects()[0];
      if (!mark || !first) return [`${li.textContent}: no mark or title`];
      return first.top < mark.bottom && first.bottom > mark.top ? [] : [`${title!.textContent}: below its mark`];
    }),
  );

/** A text as a literal part of a regular expression. */
export const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A screenshot of a lesson step (test-results/), only when LESSON_SCREENSHOTS=1 asks: nothing compares them. */
export const stepShot = (page: Page, name: string): Promise<void> => (process.env.LESSON_SCREENSHOTS ? screenshot(page, name, true) : Promise.resolve());

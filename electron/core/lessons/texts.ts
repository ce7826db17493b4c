import en from '../../../shared/i18n/locales/lessons.en.json' with { type: 'json' };
import es from '../../../shared/i18n/locales/lessons.es.json' with { type: 'json' };
import { hasText, localeTexts, textTree, type TextLang } from '../../../shared/i18n/texts.js';

export type LessonLang = TextLang;
const locales = { en, es };
const texts = { en: localeTexts(locales, 'en', { keepMissing: true }), es: localeTexts(locales, 'es', { keepMissing: true }) };

/** A text of the "lessons" namespace in a language (English when missing), with {{param}} filled in. */
export function lessonText(lang: LessonLang, key: string, params: Record<string, string | number> = {}): string {
  return texts[lang](key, params);
}

/** Whether a key exists in a language (tests and the CLI's glossary). */
export function hasLessonText(lang: LessonLang, key: string): boolean {
  return hasText(locales, lang, key);
}

export function lessonTree(lang: LessonLang, key: string): Record<string, unknown> {
  return textTree(locales, lang, key);
}

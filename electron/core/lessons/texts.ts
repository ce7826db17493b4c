import en from '../../../shared/i18n/locales/lessons.en.json' with { type: 'json' };
import es from '../../../shared/i18n/locales/lessons.es.json' with { type: 'json' };

export type LessonLang = 'en' | 'es';
const locales: Record<LessonLang, unknown> = { en, es };

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree);
}

/** A text of the "lessons" namespace in a language (English when missing), with {{param}} filled in. */
export function lessonText(lang: LessonLang, key: string, params: Record<string, string | number> = {}): string {
  const found = lookup(locales[lang], key) ?? lookup(locales.en, key);
  const text = typeof found === 'string' ? found : key;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Whether a key exists in a language (tests and the CLI's glossary). */
export function hasLessonText(lang: LessonLang, key: string): boolean {
  return typeof lookup(locales[lang], key) === 'string';
}

export function lessonTree(lang: LessonLang, key: string): Record<string, unknown> {
  const found = lookup(locales[lang], key);
  return found && typeof found === 'object' ? (found as Record<string, unknown>) : {};
}

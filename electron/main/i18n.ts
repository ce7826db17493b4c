import en from '../../shared/i18n/locales/desktop.en.json' with { type: 'json' };
import es from '../../shared/i18n/locales/desktop.es.json' with { type: 'json' };
import { localeTexts } from '../../shared/i18n/texts.js';

const catalogs = { en, es } as const;
export type MenuLanguage = keyof typeof catalogs;

/** The language for native menus and dialogs: the user's choice, else the system's, else English. */
export function pickLanguage(preferred: string | null | undefined, systemLocale: string): MenuLanguage {
  for (const l of [preferred, systemLocale]) {
    const base = (l ?? '').toLowerCase().split('-')[0];
    if (base === 'es' || base === 'en') return base;
  }
  return 'en';
}

/**
 * The locale for what Chromium draws itself (the day, month and year fields of a date input), when the user
 * chose a language other than the system's: a Spanish class on an English computer gets dd/mm/aaaa, not
 * mm/dd/yyyy. Undefined when the choice is the system's language (its region's formats stay: en-GB dates) or
 * there is no choice. Chromium reads it once, at start (`--lang`).
 */
export function chromiumLocale(preferred: string | null | undefined, systemLocale: string): string | undefined {
  const chosen = (preferred ?? '').toLowerCase().split('-')[0];
  if (chosen !== 'es' && chosen !== 'en') return undefined;
  if (systemLocale.toLowerCase().split(/[-_]/)[0] === chosen) return undefined;
  return chosen === 'es' ? 'es' : 'en-US';
}

/** Looks up "menu.file"-style keys in the desktop namespace; {{name}} placeholders and plural forms by count. */
export function translator(lang: MenuLanguage): (key: string, params?: Record<string, string | number>) => string {
  return localeTexts(catalogs, lang);
}

export type Translate = ReturnType<typeof translator>;

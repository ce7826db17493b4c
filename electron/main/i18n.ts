import en from '../../shared/i18n/locales/desktop.en.json' with { type: 'json' };
import es from '../../shared/i18n/locales/desktop.es.json' with { type: 'json' };

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

/** Looks up "menu.file"-style keys in the desktop namespace; {{name}} placeholders are filled in. */
export function translator(lang: MenuLanguage) {
  return (key: string, params: Record<string, string | number> = {}): string => {
    let node: unknown = catalogs[lang];
    for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    if (typeof node !== 'string') {
      node = key.split('.').reduce<unknown>((n, p) => (n as Record<string, unknown> | undefined)?.[p], catalogs.en);
    }
    const text = typeof node === 'string' ? node : key;
    return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
  };
}

export type Translate = ReturnType<typeof translator>;

import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

/** Every namespace file in shared/i18n/locales: <namespace>.<lang>.json. */
const files = import.meta.glob('../../../shared/i18n/locales/*.json', { eager: true, import: 'default' }) as Record<string, Record<string, unknown>>;

export const supportedLanguages = ['es', 'en'] as const;
export type Language = (typeof supportedLanguages)[number];

function resources() {
  const out: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [file, content] of Object.entries(files)) {
    const m = /([\w-]+)\.(\w+)\.json$/.exec(file);
    if (!m) continue;
    const [, ns, lang] = m;
    out[lang] ??= {};
    out[lang][ns] = content;
  }
  return out;
}

export function systemLanguage(): Language {
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const l of langs) {
    const base = l.toLowerCase().split('-')[0];
    if ((supportedLanguages as readonly string[]).includes(base)) return base as Language;
  }
  return 'en';
}

export function initI18n(language: Language) {
  const res = resources();
  return i18next.use(initReactI18next).init({
    resources: res,
    lng: language,
    fallbackLng: 'en',
    ns: Object.keys(res.en ?? {}),
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}

export default i18next;

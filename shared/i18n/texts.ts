/**
 * Texts of one locale namespace outside i18next (the core's reports, model cards, lesson story): the same
 * JSON files the UI reads, the same `{{param}}` interpolation, the same plural keys (`key_one`, `key_other`,
 * chosen with Intl.PluralRules from a numeric `count`) and `defaultValue`. English when a key is missing in the
 * language; the key itself when it is missing in both.
 */

export type TextLang = 'en' | 'es';
export type Translate = (key: string, params?: Record<string, unknown>) => string;

export interface TextOptions {
  /** Prefix of every key (a section of the namespace, e.g. "card"). */
  prefix?: string;
  /** How a parameter value is written (default: String; null and undefined as ''). */
  format?: (value: unknown) => string;
  /** Leave `{{name}}` as written when no parameter of that name is given (lesson texts filled in two passes). */
  keepMissing?: boolean;
}

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree);
}

const plainValue = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const rules = new Map<string, Intl.PluralRules>();
const pluralOf = (lang: string, n: number) => {
  let r = rules.get(lang);
  if (!r) rules.set(lang, (r = new Intl.PluralRules(lang)));
  return r.select(n);
};

/** The raw text of a key in a language (plural form by `count`), or undefined. */
function find(locales: Partial<Record<TextLang, unknown>>, lang: TextLang, key: string, count: unknown): string | undefined {
  for (const l of lang === 'en' ? (['en'] as const) : ([lang, 'en'] as const)) {
    const tree = locales[l];
    if (typeof count === 'number') {
      for (const k of [`${key}_${pluralOf(l, count)}`, `${key}_other`]) {
        const text = lookup(tree, k);
        if (typeof text === 'string') return text;
      }
    }
    const text = lookup(tree, key);
    if (typeof text === 'string') return text;
  }
  return undefined;
}

export function localeTexts(locales: Partial<Record<TextLang, unknown>>, lang: TextLang, options: TextOptions = {}): Translate {
  const format = options.format ?? plainValue;
  return (key, params = {}) => {
    const full = options.prefix ? `${options.prefix}.${key}` : key;
    const text = find(locales, lang, full, params.count) ?? (typeof params.defaultValue === 'string' ? params.defaultValue : undefined);
    if (text === undefined) return key;
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in params ? format(params[name]) : options.keepMissing ? whole : ''));
  };
}

/** Whether a key exists (as written, not as a plural) in a language. */
export function hasText(locales: Partial<Record<TextLang, unknown>>, lang: TextLang, key: string): boolean {
  return typeof lookup(locales[lang], key) === 'string';
}

/** A section of a namespace as a tree (lists of texts such as a lesson's steps). */
export function textTree(locales: Partial<Record<TextLang, unknown>>, lang: TextLang, key: string): Record<string, unknown> {
  const found = lookup(locales[lang], key);
  return found && typeof found === 'object' ? (found as Record<string, unknown>) : {};
}

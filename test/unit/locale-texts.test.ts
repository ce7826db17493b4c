import { describe, expect, it } from 'vitest';
import { chromiumLocale, translator } from '../../electron/main/i18n.js';
import { localeTexts } from '../../shared/i18n/texts.js';

// The core's reports, model cards and lesson story read the UI's locale files without i18next: the same
// interpolation, plural keys and fallbacks, so a text reads the same wherever it is shown.
const locales = {
  en: { rows_one: '{{count}} row', rows_other: '{{count}} rows', only: 'English only {{x}}', card: { title: 'Card of {{model}}' } },
  es: { rows_one: '{{count}} fila', rows_other: '{{count}} filas', card: { title: 'Ficha de {{model}}' } },
};

describe('locale texts outside i18next', () => {
  it('chooses the plural form by count, in the language', () => {
    const es = localeTexts(locales, 'es');
    expect(es('rows', { count: 1 })).toBe('1 fila');
    expect(es('rows', { count: 3 })).toBe('3 filas');
    expect(localeTexts(locales, 'en')('rows', { count: 0 })).toBe('0 rows');
  });

  it('falls back to English, then to defaultValue, then to the key', () => {
    const es = localeTexts(locales, 'es');
    expect(es('only', { x: 1 })).toBe('English only 1');
    expect(es('missing', { defaultValue: 'por defecto' })).toBe('por defecto');
    expect(es('missing')).toBe('missing');
  });

  it('reads a section by prefix, formats values, and keeps or empties missing parameters as asked', () => {
    expect(localeTexts(locales, 'es', { prefix: 'card' })('title', { model: 'iris' })).toBe('Ficha de iris');
    expect(localeTexts(locales, 'en', { format: (v) => `[${String(v)}]` })('only', { x: 2 })).toBe('English only [2]');
    expect(localeTexts(locales, 'en')('only')).toBe('English only ');
    expect(localeTexts(locales, 'en', { keepMissing: true })('only')).toBe('English only {{x}}');
  });

  it("the desktop's dialogs count in words, not with (s)", () => {
    expect(translator('es')('dialog.quitServing', { count: 1 })).toMatch(/^Hay 1 servidor de predicción iniciado/);
    expect(translator('es')('dialog.quitServing', { count: 2 })).toMatch(/^Hay 2 servidores de predicción iniciados/);
    expect(translator('en')('dialog.switchRunning', { count: 1 })).toMatch(/^1 job is still running/);
    expect(translator('en')('menu.file')).not.toBe('menu.file');
  });
});

describe("the desktop app's drawn controls (date inputs) in the language the user chose", () => {
  it('asks Chromium for the chosen language only when the system speaks another one', () => {
    // a Spanish class on an English computer: dd/mm/aaaa date fields
    expect(chromiumLocale('es', 'en-US')).toBe('es');
    expect(chromiumLocale('en', 'es-ES')).toBe('en-US');
    expect(chromiumLocale('es', 'es_MX')).toBeUndefined(); // the system's own region stays
    expect(chromiumLocale('en', 'en-GB')).toBeUndefined();
    expect(chromiumLocale(null, 'fr-FR')).toBeUndefined(); // no choice: the system's
    expect(chromiumLocale('fr', 'en-US')).toBeUndefined();
  });
});

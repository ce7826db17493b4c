import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = path.resolve(__dirname, '../../shared/i18n/locales');

function keys(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [`${prefix}[]`];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}

function placeholders(value: unknown): string[] {
  const text = JSON.stringify(value);
  return [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
}

const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
const namespaces = [...new Set(files.map((f) => f.replace(/\.(en|es)\.json$/, '')))];

describe('translations', () => {
  it('every namespace exists in Spanish and English', () => {
    for (const ns of namespaces) {
      expect(files, ns).toContain(`${ns}.en.json`);
      expect(files, ns).toContain(`${ns}.es.json`);
    }
    expect(files.every((f) => /\.(en|es)\.json$/.test(f))).toBe(true);
  });

  for (const ns of namespaces) {
    it(`${ns}: es and en have the same keys, placeholders and no empty strings`, () => {
      const en = JSON.parse(fs.readFileSync(path.join(dir, `${ns}.en.json`), 'utf8'));
      const es = JSON.parse(fs.readFileSync(path.join(dir, `${ns}.es.json`), 'utf8'));
      expect(keys(es).sort()).toEqual(keys(en).sort());
      for (const k of keys(en)) {
        if (k.endsWith('[]')) continue;
        const get = (o: any) => k.split('.').reduce((a, p) => a?.[p], o);
        expect(placeholders(get(es)), `${ns}:${k}`).toEqual(placeholders(get(en)));
      }
    });
  }
});

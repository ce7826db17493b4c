import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// One word per concept on Spanish screens, the one in docs/glossary.md: the quality gate is "control de calidad"
// (never "puerta" or "compuerta" de calidad) and the challenger is "aspirante" (never "retador").
const dir = path.join(__dirname, '..', '..', 'shared', 'i18n', 'locales');
const others = [/\b(puerta|compuerta) de calidad/i, /\bretador(a|es)?\b/i];

describe('Spanish texts use the glossary terms', () => {
  it('no other word for the quality gate or the challenger in any Spanish locale file', () => {
    const found: string[] = [];
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.es.json'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const re of others) for (const line of text.split('\n')) if (re.test(line)) found.push(`${file}: ${line.trim()}`);
    }
    expect(found).toEqual([]);
  });
});

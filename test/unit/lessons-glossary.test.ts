import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessons } from '../../electron/core/lessons/definitions.js';
import { lessonTree } from '../../electron/core/lessons/texts.js';

// The lessons' glossary is the product's glossary (docs/glossary.md): every term a lesson uses is a row of that
// table, in English and in Spanish, so a class hears the same word in the lesson, the screens and the docs.
const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'glossary.md'), 'utf8');
/** "Alias (champion, challenger)" -> "alias": a parenthesis explains, it is not the term. */
const bare = (term: string) =>
  term
    .replace(/\([^)]*\)/g, '')
    .trim()
    .toLowerCase();
const rows = doc
  .split('\n')
  .filter((l) => l.startsWith('| ') && !/^\|\s*-/.test(l) && !l.startsWith('| English'))
  .map(
    (l) =>
      l
        .split('|')
        .slice(1, 3)
        .map((cell) => cell.split('/').map(bare)) as [string[], string[]],
  );

function rowOf(term: string): [string[], string[]] | undefined {
  return rows.find(([en]) => en.includes(bare(term)));
}

describe('lesson glossary and docs/glossary.md', () => {
  const en = lessonTree('en', 'glossary') as Record<string, { term: string; definition: string }>;
  const es = lessonTree('es', 'glossary') as Record<string, { term: string; definition: string }>;

  it('the table is read (it has the rows the lessons rely on)', () => {
    expect(rows.length).toBeGreaterThan(40);
    expect(rowOf('Quality gate')?.[1]).toContain('control de calidad');
  });

  it('both languages have the same glossary keys, each with a term and a definition', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const [key, entry] of Object.entries({ ...en, ...es })) expect(entry.term && entry.definition, key).toBeTruthy();
    for (const key of Object.keys(en)) expect(es[key].definition, key).not.toBe(en[key].definition);
  });

  it('every concept a step uses is in the lesson glossary', () => {
    for (const l of lessons) for (const s of l.steps) for (const c of s.concepts) expect(en[c], `${l.id}.${s.id}: ${c}`).toBeDefined();
  });

  it('every lesson term is a row of docs/glossary.md, with the Spanish of that same row', () => {
    const problems: string[] = [];
    for (const key of Object.keys(en)) {
      const row = rowOf(en[key].term);
      if (!row) problems.push(`${key}: "${en[key].term}" is not an English term of docs/glossary.md`);
      else if (!row[1].includes(bare(es[key].term))) problems.push(`${key}: "${es[key].term}" is not the Spanish of "${row[0].join(' / ')}" (${row[1].join(' / ')})`);
    }
    expect(problems).toEqual([]);
  });
});

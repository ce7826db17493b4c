import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, sourceFiles } from '../helpers/source-files.js';

const root = repoRoot;
const storeDir = path.join('electron', 'core', 'store') + path.sep;

const files = sourceFiles;

/** What marks a line as talking to SQLite: a statement, a script, a pragma, a transaction, or SQL text in a string. */
const sqlMarks: RegExp[] = [
  /\.prepare\(/,
  /\b(db|database|conn|connection)\??\.(exec|pragma|transaction)\(/i,
  /\.transaction\(/,
  /['"`]\s*(SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|TRIGGER|VIEW)|DROP\s+(TABLE|INDEX)|ALTER\s+TABLE|PRAGMA\s+\w+)\b/,
];

/**
 * Files whose SQL has not moved to a store yet (their domains were being changed in parallel when the
 * data layer moved). The list may only shrink: a file here that no longer holds SQL fails the test too.
 */
const notYetMoved = new Set([
  'electron/core/serving/log-writer.ts',
]);

const sqlLines = (file: string): string[] =>
  fs
    .readFileSync(path.join(root, file), 'utf8')
    .split('\n')
    .flatMap((line, i) => (sqlMarks.some((re) => re.test(line)) ? [`${file}:${i + 1}: ${line.trim()}`] : []));

describe('one data layer', () => {
  it('SQL lives only in electron/core/store/ (services call the stores)', () => {
    const offenders = files('electron')
      .filter((f) => !f.startsWith(storeDir) && !notYetMoved.has(f.split(path.sep).join('/')))
      .flatMap(sqlLines);
    expect(offenders).toEqual([]);
  });

  it('the files not moved yet still hold SQL (remove each from the list once it moved)', () => {
    expect([...notYetMoved].filter((f) => sqlLines(f).length === 0)).toEqual([]);
  });
});

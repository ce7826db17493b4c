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

const sqlLines = (file: string): string[] =>
  fs
    .readFileSync(path.join(root, file), 'utf8')
    .split('\n')
    .flatMap((line, i) => (sqlMarks.some((re) => re.test(line)) ? [`${file}:${i + 1}: ${line.trim()}`] : []));

describe('one data layer', () => {
  it('SQL lives only in electron/core/store/ (services call the stores)', () => {
    const offenders = files('electron')
      .filter((f) => !f.startsWith(storeDir))
      .flatMap(sqlLines);
    expect(offenders).toEqual([]);
  });
});

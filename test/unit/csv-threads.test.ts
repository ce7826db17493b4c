import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableContentHash } from '../../electron/core/datasets/blob-format.js';
import { ImportThread } from '../../electron/core/datasets/import-thread.js';
import { readSource } from '../../electron/core/datasets/importer.js';
import { readCsv, type CsvOptions } from '../../electron/core/datasets/parse-csv.js';
import { mulberry32 } from '../../electron/core/stats/random.js';
import { tempDir } from '../helpers/workspace.js';

/**
 * A file read on two threads (pieces read by the worker and appended, or read again by the main thread)
 * must give exactly what one thread gives, and what csv-parse gives: the same stored bytes, warnings,
 * or the same error with the same line.
 */

const dir = tempDir();
let thread: ImportThread | null = null;
beforeAll(() => {
  thread = ImportThread.start();
});
afterAll(() => {
  thread?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Outcome = { hash: string; rows: number; names: string[]; warnings: string[] } | { error: string; key: string | undefined };

async function outcome(file: string, options: CsvOptions): Promise<Outcome> {
  try {
    const { table, warnings } = await readCsv(file, options);
    return { hash: tableContentHash(table), rows: table.rows, names: table.columns.map((c) => c.name), warnings: warnings.map((w) => w.message) };
  } catch (err) {
    const e = err as { message: string; details?: { issues?: { key: string }[] } };
    return { error: e.message, key: e.details?.issues?.[0]?.key };
  }
}

const stats = { appended: 0, readAgain: 0 };

async function expectSameEverywhere(file: string, pieceBytes: number): Promise<Outcome> {
  const split = await outcome(file, { thread, threads: { minBytes: 0, pieceBytes, stats, mainPieces: 1 } });
  const one = await outcome(file, {});
  const full = await outcome(file, { plainPath: false });
  expect(split, path.basename(file)).toEqual(one);
  expect(one, path.basename(file)).toEqual(full);
  return split;
}

/** A random CSV with the awkward cells of real files; `kind` adds one way for it to go wrong or be unusual. */
function randomCsv(seed: number): { text: string; kind: string } {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const kinds = ['plain', 'plain', 'plain', 'late-text', 'early-text', 'ragged', 'quotes', 'crlf', 'bom', 'lone-cr', 'tokens-only', 'no-header'] as const;
  const kind = pick(kinds);
  const numbers = ['1e3', '-0', ' 12 ', '007', '1.50', '0.1', '-3.25', '42', '1E-5', '+7', '.5', '123456789012345678'];
  const tokens = ['', 'NA', 'null', '?', 'N/A', 'nan'];
  const words = ['red', 'Green', 'año', 'naïve', '東京', 'x', 'yes', 'no', 'true', 'FALSE', '2024-03-31', '2024-02-30', '2023-12-01T10:00:00Z'];
  const width = 2 + Math.floor(r() * 5);
  const rows = 40 + Math.floor(r() * 160);
  const kindsOfColumn = Array.from({ length: width }, () => pick(['num', 'num', 'word', 'date', 'mixed', 'sparse'] as const));
  const cell = (c: number, i: number): string => {
    const k = kindsOfColumn[c];
    if (kind === 'tokens-only' && c === 0) return pick(tokens);
    if (r() < 0.08) return pick(tokens);
    if (kind === 'late-text' && c === 0 && i === Math.floor(rows * 0.8)) return 'unknown';
    if (kind === 'early-text' && c === 0 && i === 3) return 'unknown';
    if (k === 'num') return r() < 0.3 ? pick(numbers) : (r() * 200 - 100).toFixed(Math.floor(r() * 4));
    if (k === 'word') return pick(words);
    if (k === 'date') return `202${Math.floor(r() * 5)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`;
    if (k === 'sparse') return r() < 0.9 ? '' : pick(numbers);
    return r() < 0.5 ? pick(numbers) : pick(words);
  };
  const lines: string[] = [];
  if (kind !== 'no-header') lines.push(Array.from({ length: width }, (_, c) => (c === 1 && r() < 0.3 ? ` col ${c}` : `col_${c}`)).join(','));
  for (let i = 0; i < rows; i++) {
    let cells = Array.from({ length: width }, (_, c) => cell(c, i));
    if (kind === 'no-header') cells = cells.map((_, c) => String(i * width + c));
    if (kind === 'ragged' && i === Math.floor(rows * 0.7)) cells.pop();
    if (kind === 'quotes' && i === Math.floor(rows * 0.6)) cells[0] = pick(['"a, b"', '"line\nbreak"', '"say ""hi"""']);
    lines.push(cells.join(','));
    if (r() < 0.03) lines.push('');
  }
  let text = lines.join(kind === 'crlf' ? '\r\n' : '\n') + (r() < 0.8 ? (kind === 'crlf' ? '\r\n' : '\n') : '');
  if (kind === 'lone-cr') text = text.replace(/\n(?=[^\n]*$)/, '\r');
  if (kind === 'bom') text = '\uFEFF' + text;
  return { text, kind };
}

describe('CSV import on two threads', () => {
  it('starts its worker thread', () => {
    expect(thread?.alive).toBe(true);
  });

  it('stores exactly what one thread and csv-parse store, for random files cut into many pieces', async () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 60; seed++) {
      const { text, kind } = randomCsv(seed);
      seen.add(kind);
      const file = path.join(dir, `random-${seed}-${kind}.csv`);
      fs.writeFileSync(file, text);
      await expectSameEverywhere(file, 200 + (seed % 7) * 150);
    }
    expect(seen.size).toBeGreaterThan(8);
    // the worker's pieces were appended, and some (a column turning to text, a ragged row) read again
    expect(stats.appended).toBeGreaterThan(50);
    expect(stats.readAgain).toBeGreaterThan(5);
  }, 120_000);

  it('explains a ragged row in a worker piece with its line, as one thread does', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},${(i * 0.5).toFixed(1)},c${i % 9}`);
    rows[2500] = '1,2';
    const file = path.join(dir, 'ragged-late.csv');
    fs.writeFileSync(file, `a,b,c\n${rows.join('\n')}\n`);
    const r = await expectSameEverywhere(file, 4096);
    expect(r).toMatchObject({ key: 'import.ragged_row' });
    expect((r as { error: string }).error).toContain('line 2502: expected 3 fields');
  });

  it('a column that turns to text in a later piece, and a text column of unique values, come out as on one thread', async () => {
    const rows = Array.from(
      { length: 5000 },
      (_, i) => `${i % 50 === 7 && i > 4000 ? 'n/d' : (i * 1.25).toFixed(2)},id-${i},${i % 3 ? 'NA' : 'x'},${i < 2500 ? '' : String(i % 4)}`,
    );
    const file = path.join(dir, 'turns.csv');
    fs.writeFileSync(file, `v,id,t,late\n${rows.join('\n')}\n`);
    const r = await expectSameEverywhere(file, 2048);
    expect(r).toMatchObject({ rows: 5000 });
  });

  it('text read as bytes (its strings made at the end) mixed with non-ASCII text and repeats across pieces comes out as on one thread', async () => {
    // ids seen once, ids repeated in a later piece, non-ASCII names (kept as strings) between them, a token
    const rows = Array.from({ length: 6000 }, (_, i) => {
      const id = i % 5 === 0 ? `nöm-${i % 700}` : i % 7 === 0 ? `id-${i % 1000}` : `id-${i}`;
      return `${id},${i % 11 === 0 ? 'NA' : ['Zürich', 'Oslo', 'Málaga', 'Lyon'][i % 4]},${i}`;
    });
    const file = path.join(dir, 'bytes-texts.csv');
    fs.writeFileSync(file, `id,city,n\n${rows.join('\n')}\n`);
    const before = stats.appended;
    const r = await expectSameEverywhere(file, 1500);
    expect(r).toMatchObject({ rows: 6000 });
    expect(stats.appended - before).toBeGreaterThan(20);
  });

  it('an import read and profiled on two threads gives the same columns, data and profile as on one', async () => {
    const r = mulberry32(7);
    const lines = ['x,n,colour,day,label'];
    for (let i = 0; i < 20_000; i++)
      lines.push(
        `${r() < 0.05 ? '' : (r() * 100).toFixed(3)},${Math.floor(r() * 10)},${['red', 'green', 'blue'][i % 3]},2024-01-${String(1 + (i % 28)).padStart(2, '0')},${r() < 0.4 ? 'yes' : 'no'}`,
      );
    const file = path.join(dir, 'profiled.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const read = async (threads: CsvOptions['threads']) => {
      const d = await readSource(file, { taskType: 'binary', target: 'label', threads }, {});
      if (d.kind !== 'table') throw new Error('not a table');
      return { data: tableContentHash(d.table), columns: d.columns, warnings: d.warnings, profile: crypto.createHash('sha256').update(JSON.stringify(d.profile)).digest('hex') };
    };
    expect(await read({ minBytes: 0, pieceBytes: 16_384, mainPieces: 2 })).toEqual(await read({ minBytes: Infinity }));
  }, 60_000);
});

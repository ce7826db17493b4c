import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tableContentHash } from '../../electron/core/datasets/blob-format.js';
import { isMissingBytes, plainNumber } from '../../electron/core/datasets/cell-bytes.js';
import { ColumnBuilder } from '../../electron/core/datasets/columns.js';
import { readCsv } from '../../electron/core/datasets/parse-csv.js';
import { sortFloat64 } from '../../electron/core/datasets/radix.js';
import { missingTokens } from '../../shared/schemas/dataset.js';
import { repoRoot, tempDir } from '../helpers/workspace.js';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Outcome = { hash: string; rows: number; names: string[]; warnings: string[] } | { error: string; key: string | undefined };

async function outcome(file: string, plainPath: boolean): Promise<Outcome> {
  try {
    const { table, warnings } = await readCsv(file, { plainPath });
    return { hash: tableContentHash(table), rows: table.rows, names: table.columns.map((c) => c.name), warnings: warnings.map((w) => w.message) };
  } catch (err) {
    const e = err as { message: string; details?: { issues?: { key: string }[] } };
    return { error: e.message, key: e.details?.issues?.[0]?.key };
  }
}

/** The fast path must give exactly what csv-parse gives: the same stored bytes, or the same error. */
async function expectSameAsCsvParse(file: string): Promise<Outcome> {
  const fast = await outcome(file, true);
  const full = await outcome(file, false);
  expect(fast, path.basename(file)).toEqual(full);
  return fast;
}

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('plain CSV fast path', () => {
  it('reads the sample data sets and the bad-input corpus exactly as csv-parse does', async () => {
    const files = [
      ...fs
        .readdirSync(path.join(repoRoot, 'resources/datasets'))
        .filter((f) => f.endsWith('.csv'))
        .map((f) => path.join(repoRoot, 'resources/datasets', f)),
      ...fs
        .readdirSync(path.join(repoRoot, 'test/fixtures/bad-inputs'))
        .filter((f) => f.endsWith('.csv'))
        .map((f) => path.join(repoRoot, 'test/fixtures/bad-inputs', f)),
    ];
    expect(files.length).toBeGreaterThan(15);
    for (const f of files) await expectSameAsCsvParse(f);
  });

  it('handles awkward but quote-free files the same way', async () => {
    const cases: Record<string, string | Buffer> = {
      'crlf.csv': 'a,b,c\r\n1,x,2.5\r\n\r\n3,y,-0\r\n4,z,1e3\r\n',
      'crlf-last-line.csv': 'a,b\r\n1,x\r\n2,y',
      'lf-then-cr.csv': 'a,b\n1,x\r\n2,y\n',
      'old-mac.csv': 'a,b\r1,x\r2,y\r',
      'crlf-then-lf.csv': 'a,b\r\n1,x\n2,y\r\n',
      'bom.csv': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name,n\nJosé,1\nAna,2\n')]),
      'no-header.csv': '1,2,3\n4,5,6\n7,8,9\n',
      'spaces.csv': 'a,b\n 1 ,x \n2, y\n\t3,z\n4\t,z\n',
      'missing.csv': 'a,b\nNA,na\nN/A,n/a\nnull,NULL\nNull,?\nNaN,nan\n5,no\n',
      'numbers.csv': 'a\n007\n+5\n.5\n5.\n-.25e-3\n1E+5\n123456789012345678\n0.1234567890123456789\n1e400\n1e-400\n0x10\n1_000\n-\n',
      'mixed.csv': 'a,b\n1,2\n2,x\n3,4\nabc,5\n',
      'ragged-late.csv': 'a,b\n1,2\n\n3\n4,5\n',
      'ragged-wide.csv': 'a,b\r\n1,2\r\n3,4,5\r\n',
      'semicolon.csv': 'a;b;c\n1;2,5;x\n2;3,5;y\n',
      'tabs.tsv': 'a\tb\n1\tx\n2\ty\n',
      'pipes.csv': 'a|b\n1|x\n2|y\n',
      'trailing-newlines.csv': 'a,b\n1,2\n\n\n',
      'latin1.csv': Buffer.from('nombre,edad\nJos\xe9,3\nMar\xeda,4\n', 'latin1'),
      'utf8-broken.csv': Buffer.concat([Buffer.from('a,b\nx'), Buffer.from([0xc3]), Buffer.from(',1\ny,2\n')]),
      'unicode.csv': 'país,名前\nEspaña,太郎\nMéxico,花子\nEspaña,太郎\n',
    };
    for (const [name, content] of Object.entries(cases)) await expectSameAsCsvParse(write(name, content));
  });

  it('falls back to csv-parse when a quote turns up after the first megabyte, and keeps line numbers across chunks', async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => `${i},${(i * 0.37).toFixed(3)},cat_${i % 7},id-${i}`);
    const late = write('late-quote.csv', `n,x,c,id\n${rows.join('\n')}\n60000,1.5,"quoted, with comma",id-x\n`);
    expect(fs.statSync(late).size).toBeGreaterThan(1 << 20);
    const r = await expectSameAsCsvParse(late);
    expect(r).toMatchObject({ rows: 60_001 });
    const ragged = await expectSameAsCsvParse(write('late-ragged.csv', `n,x,c,id\r\n${rows.join('\r\n')}\r\n1,2\r\n`));
    expect(ragged).toMatchObject({ key: 'import.ragged_row' });
    expect((ragged as { error: string }).error).toContain('late-ragged.csv line 60002: expected 4 fields');
  });
});

describe('cells from bytes', () => {
  it('parses plain numbers to the same double as Number(), and refuses everything else', () => {
    const samples = [
      '0',
      '-0',
      '1',
      '+1',
      '12.5',
      '-12.500',
      '.5',
      '5.',
      '1e5',
      '1E-5',
      '2.5e+10',
      '000123',
      '0.000001234',
      '123456789012345',
      '1234567890123456',
      '9.999999999999999e22',
      '1e22',
      '1e23',
      '1e-22',
      '4.35',
      '0.1',
      '0.3',
      '1.7976931348623157e308',
    ];
    for (let i = 0; i < 2000; i++) samples.push(((Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 12)).toFixed(Math.floor(Math.random() * 8)));
    for (const s of samples) {
      const buf = Buffer.from(`x${s}y`);
      const n = plainNumber(buf, 1, buf.length - 1);
      // NaN means "not handled here": the string path decides; a number must be exactly Number(s)
      if (n === n) expect(Object.is(n, Number(s)), s).toBe(true);
    }
    for (const s of ['1.5', '-0', '123.456', '1e5']) expect(Number.isNaN(plainNumber(Buffer.from(s), 0, s.length))).toBe(false);
    for (const s of ['abc', '-', '.', '1e', '1.2.3', '0x10', '1_0', '1,5', '--1', 'Infinity', '1 ']) expect(Number.isNaN(plainNumber(Buffer.from(s), 0, s.length)), s).toBe(true);
  });

  it('knows the missing tokens by their bytes', () => {
    for (const t of missingTokens.filter((t) => t !== '')) expect(isMissingBytes(Buffer.from(t), 0, t.length), t).toBe(true);
    for (const t of ['no', 'N', 'Nan', 'nulls', 'NA?', 'yes', '??']) expect(isMissingBytes(Buffer.from(t), 0, t.length), t).toBe(false);
  });

  it('a column built from bytes equals the one built from text', () => {
    const cells = ['3', ' 4 ', 'NA', '', '2.5', 'x', 'año', 'x', '7', 'ñ', 'año', '3'];
    const text = new ColumnBuilder('c');
    const bytes = new ColumnBuilder('c');
    for (const c of cells) {
      text.pushText(c);
      const b = Buffer.from(c);
      bytes.pushBytes(b, 0, b.length, 'utf8');
    }
    expect(bytes.finish()).toEqual(text.finish());
  });

  it('radix-sorts doubles in the order of the built-in sort', () => {
    const gens = [() => (Math.random() - 0.5) * 1e6, () => Math.floor(Math.random() * 100), () => [0, -0, 5e-324, -5e-324, Infinity, -Infinity, 1][Math.floor(Math.random() * 7)]];
    for (const gen of gens) {
      const a = Float64Array.from({ length: 10_000 }, gen);
      const expected = a.slice().sort();
      const got = sortFloat64(a);
      expect(got.every((v, i) => Object.is(v, expected[i]))).toBe(true);
    }
  });
});

describe('plain reader and reused chunk buffers', () => {
  it('keeps nothing of a chunk: lines cut across chunks read into one reused buffer come out as from a single chunk', async () => {
    const { PlainLines } = await import('../../electron/core/datasets/plain-csv.js');
    const text = Buffer.from('id,x,colour\r\n' + Array.from({ length: 300 }, (_, i) => `${i},${(i * 0.37).toFixed(3)},${['red', 'green', 'blue'][i % 3]}`).join('\r\n'));
    const read = (chunkSize: number) => {
      const reader = new PlainLines('t.csv', {
        delimiter: ',',
        encoding: 'utf-8',
        bom: false,
        maxLineBytes: 1 << 20,
        start: (cells) => ({ builders: cells.map((c) => new ColumnBuilder(c)), header: true }),
      });
      const buffer = Buffer.alloc(chunkSize);
      for (let at = 0; at < text.length; at += chunkSize) {
        const n = text.copy(buffer, 0, at, at + chunkSize);
        reader.feed(buffer.subarray(0, n));
        buffer.fill(0x2c); // whatever the reader kept of the chunk would now read as delimiters
      }
      reader.end();
      return tableContentHash({ rows: reader.rows, columns: reader.builders!.map((b) => b.finish()) });
    };
    const whole = read(text.length);
    for (const size of [1, 2, 5, 7, 64, 1000]) expect(read(size)).toBe(whole);
  });
});

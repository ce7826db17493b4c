import fs from 'node:fs';
import path from 'node:path';
import { parse as parseSync } from 'csv-parse/sync';
import type { DataIssue, ImportFormat } from '../../../shared/schemas/dataset.js';
import { importError } from './errors.js';
import { looksLikeHeader } from './header-names.js';

const SAMPLE_BYTES = 256 * 1024;
const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export interface TextSniff {
  encoding: 'utf-8' | 'latin1';
  bom: boolean;
  delimiter: Delimiter;
  warnings: DataIssue[];
}

/** Reads the first bytes of a file (never the whole of it). */
export function readHead(file: string, bytes = SAMPLE_BYTES): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

const IMAGE_EXT = /\.(png|jpe?g)$/i;

/** Which importer a path needs: a folder is images, IDX by name or magic number, JSON Lines by name or content, else CSV. */
export function detectFormat(file: string, head: Buffer | null): ImportFormat {
  if (head === null) return 'images';
  const base = path.basename(file).toLowerCase();
  if (/idx\d-ubyte(\.gz)?$/.test(base) || /\.idx\d?(\.gz)?$/.test(base)) return 'idx';
  if (head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 0x08 && head[3] >= 1 && head[3] <= 4) return 'idx';
  if (/\.(jsonl|ndjson)$/.test(base)) return 'jsonl';
  if (/\.json$/.test(base) || firstNonSpace(head) === 0x7b) return 'jsonl';
  if (IMAGE_EXT.test(base)) return 'images';
  return 'csv';
}

function firstNonSpace(buf: Buffer): number {
  let i = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i++;
  return i < buf.length ? buf[i] : -1;
}

/** Refuses what is clearly not a text file: NUL bytes or many control characters in the first bytes. */
export function assertText(file: string, head: Buffer): void {
  const name = path.basename(file);
  if (head.length === 0) throw importError('import.empty_file', { file: name }, `${name} is empty: there is nothing to import.`);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw importError('import.utf16', { file: name }, `${name} is encoded as UTF-16; save it as UTF-8 (or Latin-1) text and import it again.`);
  }
  const n = Math.min(head.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) {
      throw importError('import.binary', { file: name }, `${name} looks like a binary file (it contains NUL bytes), not a CSV, TSV or JSON Lines text file.`);
    }
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  if (control > n * 0.05) {
    throw importError('import.binary', { file: name }, `${name} looks like a binary file (many control characters), not a CSV, TSV or JSON Lines text file.`);
  }
}

/** Is this valid UTF-8 (ignoring a character cut at the end of the sample)? */
function isUtf8(buf: Buffer, complete: boolean): boolean {
  let end = buf.length;
  if (!complete) {
    // step back over a multi-byte sequence the sample may have cut
    let back = 0;
    while (back < 3 && end - back - 1 >= 0 && (buf[end - back - 1] & 0xc0) === 0x80) back++;
    if (end - back - 1 >= 0 && buf[end - back - 1] >= 0xc0) end = end - back - 1;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** Encoding and delimiter of a CSV/TSV file from its first bytes. */
export function sniffText(file: string, head: Buffer, complete: boolean, options: { delimiter?: Delimiter; encoding?: 'utf-8' | 'latin1' }): TextSniff {
  const name = path.basename(file);
  const warnings: DataIssue[] = [];
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  let encoding = options.encoding;
  if (!encoding) {
    encoding = isUtf8(head, complete) ? 'utf-8' : 'latin1';
    if (encoding === 'latin1') {
      warnings.push({
        key: 'import.latin1',
        severity: 'warning',
        column: null,
        params: { file: name },
        message: `${name} is not valid UTF-8, so it was read as Latin-1 (ISO-8859-1). Check that accented letters look right.`,
      });
    }
  }
  const text = head.subarray(bom ? 3 : 0).toString(encoding === 'utf-8' ? 'utf8' : 'latin1');
  const delimiter = options.delimiter ?? guessDelimiter(text, file);
  return { encoding, bom, delimiter, warnings };
}

/**
 * The delimiter that splits the first lines into the same number of fields (more than one), preferring
 * the one giving the most fields; a .tsv name prefers the tab.
 */
export function guessDelimiter(text: string, file = ''): Delimiter {
  const lines = text.split(/\r?\n/).slice(0, 30);
  if (text.length >= SAMPLE_BYTES - 4 && lines.length > 1) lines.pop();
  const nonEmpty = lines.filter((l) => l.trim().length > 0);
  if (/\.tsv$/i.test(file) && nonEmpty.some((l) => l.includes('\t'))) return '\t';
  let best: Delimiter = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts = nonEmpty.map((l) => countOutsideQuotes(l, d));
    if (!counts.length || counts[0] === 0) continue;
    const same = counts.filter((c) => c === counts[0]).length / counts.length;
    const score = same * 1000 + counts[0];
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === d && !quoted) n++;
  }
  return n;
}

/** The first record of a text sample (the header, when there is one). */
export function firstRecord(text: string, delimiter: Delimiter): string[] | null {
  try {
    const records = parseSync(text.split(/\r?\n/).slice(0, 3).join('\n'), { delimiter, relax_column_count: true, relax_quotes: true, to_line: 1 }) as string[][];
    return records[0]?.map((c) => c.trim()) ?? null;
  } catch {
    return null;
  }
}

/**
 * Does the first record look like a header? Yes unless every cell of it is a number (then the file has
 * no header and columns get generated names).
 */
export function sniffHeader(text: string, delimiter: Delimiter): boolean {
  let records: string[][];
  try {
    records = parseSync(text.split(/\r?\n/).slice(0, 5).join('\n'), { delimiter, relax_column_count: true, relax_quotes: true, to_line: 2 }) as string[][];
  } catch {
    return true;
  }
  const first = records[0];
  return !first || !first.length || looksLikeHeader(first);
}

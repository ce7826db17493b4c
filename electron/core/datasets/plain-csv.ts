import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract/errors.js';
import type { ColumnBuilder } from './columns.js';
import { importError } from './errors.js';
import type { ReadProgress } from './parse-csv.js';

export interface PlainCsvOptions {
  delimiter: string;
  encoding: 'utf-8' | 'latin1';
  bom: boolean;
  /** the largest line accepted here (a longer one goes to the full parser, which explains it) */
  maxLineBytes: number;
  /** Called with the first record; returns the column builders, and whether that record was a header. */
  start: (cells: string[]) => { builders: ColumnBuilder[]; header: boolean };
}

export interface PlainCsvResult {
  builders: ColumnBuilder[];
  rows: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Thrown inside the reader when the file needs the full parser. */
class NeedsFullParser extends Error {}

/**
 * The fast path for the common CSV: no quote characters at all. Streams the file in 1 MB chunks, splits
 * each line on the delimiter byte and hands every cell to its column as bytes (numbers never become
 * strings). Line endings are those of the file's first line, as csv-parse does; line numbers count
 * every line, empty ones too, as csv-parse does.
 *
 * Returns null as soon as the file needs the full parser (a quote character, a line ending other than
 * the first line's, an over-long line): the caller then reads it again with csv-parse from the start.
 */
export async function readPlainCsv(
  file: string,
  options: PlainCsvOptions,
  report: ReadProgress,
  onBytes: (n: number) => void,
  onRows: (rows: number) => void,
): Promise<PlainCsvResult | null> {
  const name = path.basename(file);
  const delimiter = options.delimiter.charCodeAt(0);
  const encoding = options.encoding === 'utf-8' ? 'utf8' : 'latin1';
  let builders: ColumnBuilder[] | null = null;
  let width = 0;
  let rows = 0;
  let lineNo = 0;
  /** 0: not known yet, 1: LF, 2: CRLF */
  let mode = 0;
  let rest: Buffer | null = null;
  let skipBom = options.bom;
  let reported = 0;

  const ragged = (found: number) =>
    importError(
      'import.ragged_row',
      { file: name, line: lineNo, expected: width, found },
      `${name} line ${lineNo}: expected ${width} fields (as many as the header has columns) but found ${found}. Check for a missing or extra delimiter on that line.`,
    );

  /** The first non-empty line: the header (or the first row when there is none). */
  const first = (buf: Buffer, from: number, to: number): boolean => {
    const cells: string[] = [];
    let s = from;
    for (let i = from; i <= to; i++) {
      if (i === to || buf[i] === delimiter) {
        cells.push(buf.toString(encoding, s, i));
        s = i + 1;
      } else if (buf[i] === CR) throw new NeedsFullParser();
    }
    const started = options.start(cells);
    builders = started.builders;
    width = builders.length;
    return started.header;
  };

  /**
   * The lines of buf [from, to): each ends with an LF, except the last one of the file (`final`). One
   * pass over the bytes: a cell ends at the delimiter or at the end of its line.
   */
  const consume = (buf: Buffer, from: number, to: number, final: boolean): void => {
    const crlf = mode === 2;
    let lineStart = from;
    let cellStart = from;
    let col = 0;
    for (let i = from; i <= to; i++) {
      let b: number;
      if (i === to) {
        if (!final || lineStart === to) break;
        b = LF;
      } else {
        b = buf[i];
        if (b > CR && b !== delimiter) continue; // the common byte: neither delimiter, CR nor LF
      }
      if (b === delimiter) {
        if (builders !== null && col < width) builders[col].pushBytes(buf, cellStart, i, encoding);
        col++;
        cellStart = i + 1;
      } else if (b === LF) {
        lineNo++;
        let end = i;
        if (crlf && i < to) {
          if (end === lineStart || buf[end - 1] !== CR) throw new NeedsFullParser();
          end--;
        }
        if (end > lineStart) {
          if (builders === null) {
            if (first(buf, lineStart, end)) {
              lineStart = cellStart = i + 1;
              col = 0;
              continue;
            }
            // no header: this line is also the first row
            col = 0;
            cellStart = lineStart;
            for (let k = lineStart; k <= end; k++) {
              if (k === end || buf[k] === delimiter) {
                builders![col++].pushBytes(buf, cellStart, k, encoding);
                cellStart = k + 1;
              }
            }
            col--;
          } else if (col < width) builders[col].pushBytes(buf, cellStart, end, encoding);
          if (col + 1 !== width) throw ragged(col + 1);
          rows++;
        }
        lineStart = cellStart = i + 1;
        col = 0;
      } else if (b === CR) {
        // only as the first half of CRLF in a CRLF file; anything else is for csv-parse
        if (!crlf || i + 1 >= to || buf[i + 1] !== LF) throw new NeedsFullParser();
      }
    }
  };

  const input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      onBytes(chunk.length);
      if (report.signal?.aborted) throw new AppError('cancelled', 'The import was cancelled.');
      if (chunk.indexOf(QUOTE) >= 0) return null;
      let buf = chunk;
      let from = 0;
      if (skipBom) {
        from = 3;
        skipBom = false;
      }
      if (mode === 0) {
        const joined: Buffer = rest ? Buffer.concat([rest, chunk.subarray(from)]) : chunk.subarray(from);
        const lf = joined.indexOf(LF);
        const cr = joined.indexOf(CR);
        if (cr >= 0 && (lf < 0 || cr < lf)) {
          if (cr + 1 < joined.length && joined[cr + 1] !== LF) return null; // old Mac endings: csv-parse's business
          if (cr + 1 < joined.length) mode = 2;
        } else if (lf >= 0) mode = 1;
        rest = null;
        buf = joined;
        from = 0;
        if (mode === 0) {
          rest = joined;
          if (rest.length > options.maxLineBytes) return null;
          continue;
        }
      } else if (rest) {
        // the line cut at the end of the last chunk, completed with the head of this one
        const lf = chunk.indexOf(LF);
        if (lf < 0) {
          rest = Buffer.concat([rest, chunk]);
          if (rest.length > options.maxLineBytes) return null;
          continue;
        }
        const joined = Buffer.concat([rest, chunk.subarray(0, lf + 1)]);
        rest = null;
        consume(joined, 0, joined.length, false);
        from = lf + 1;
      }
      const last = buf.lastIndexOf(LF);
      if (last >= from) consume(buf, from, last + 1, false);
      const left = Math.max(from, last + 1);
      rest = left < buf.length ? buf.subarray(left) : null;
      if (rest && rest.length > options.maxLineBytes) return null;
      if (rows - reported >= 0x10000) {
        reported = rows;
        onRows(rows);
      }
    }
    if (rest) consume(rest, 0, rest.length, true);
  } catch (err) {
    if (err instanceof NeedsFullParser) return null;
    throw err;
  } finally {
    input.destroy();
  }
  return { builders: builders ?? [], rows };
}

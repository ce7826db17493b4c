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
export class NeedsFullParser extends Error {}

/** Line endings: 0 not known yet, 1 LF, 2 CRLF. */
export type LineMode = 0 | 1 | 2;

/** The line ending of the first line of `head` (after a BOM), or null when the full parser must decide (old Mac endings). */
export function lineModeOf(head: Buffer): LineMode | null {
  const lf = head.indexOf(LF);
  const cr = head.indexOf(CR);
  if (cr >= 0 && (lf < 0 || cr < lf)) {
    if (cr + 1 < head.length && head[cr + 1] !== LF) return null;
    return cr + 1 < head.length ? 2 : 0;
  }
  return lf >= 0 ? 1 : 0;
}

/**
 * The fast path for the common CSV: no quote characters at all. Takes the file in chunks (feed), splits
 * each line on the delimiter byte and hands every cell to its column as bytes (numbers never become
 * strings). Line endings are those of the file's first line, as csv-parse does; line numbers count
 * every line, empty ones too, as csv-parse does. Throws NeedsFullParser as soon as the file needs the
 * full parser (a quote character, a line ending other than the first line's, an over-long line).
 *
 * A reader may also start in the middle of a file at a line start (a piece read by another thread):
 * it is then given its builders and line mode, and never sees a header.
 */
export class PlainLines {
  builders: ColumnBuilder[] | null = null;
  width = 0;
  rows = 0;
  lineNo = 0;
  mode: LineMode = 0;
  private rest: Buffer | null = null;
  private skipBom: boolean;
  private readonly delimiter: number;
  private readonly encoding: 'utf8' | 'latin1';

  constructor(
    private readonly name: string,
    private readonly options: Omit<PlainCsvOptions, 'start'> & { start?: PlainCsvOptions['start'] },
    preset?: { builders: ColumnBuilder[]; mode: LineMode },
  ) {
    this.delimiter = options.delimiter.charCodeAt(0);
    this.encoding = options.encoding === 'utf-8' ? 'utf8' : 'latin1';
    this.skipBom = options.bom;
    if (preset) {
      this.builders = preset.builders;
      this.width = preset.builders.length;
      this.mode = preset.mode;
    }
  }

  private ragged(found: number): AppError {
    const { name, lineNo: line, width: expected } = this;
    return importError(
      'import.ragged_row',
      { file: name, line, expected, found },
      `${name} line ${line}: expected ${expected} fields (as many as the header has columns) but found ${found}. Check for a missing or extra delimiter on that line.`,
    );
  }

  /** The first non-empty line: the header (or the first row when there is none). */
  private first(buf: Buffer, from: number, to: number): boolean {
    const cells: string[] = [];
    let s = from;
    for (let i = from; i <= to; i++) {
      if (i === to || buf[i] === this.delimiter) {
        cells.push(buf.toString(this.encoding, s, i));
        s = i + 1;
      } else if (buf[i] === CR) throw new NeedsFullParser();
    }
    const started = this.options.start!(cells);
    this.builders = started.builders;
    this.width = this.builders.length;
    return started.header;
  }

  /**
   * The lines of buf [from, to): each ends with an LF, except the last one of the file (`final`). One
   * pass over the bytes: a cell ends at the delimiter or at the end of its line.
   */
  private consume(buf: Buffer, from: number, to: number, final: boolean): void {
    const crlf = this.mode === 2;
    const delimiter = this.delimiter;
    const encoding = this.encoding;
    let builders = this.builders;
    let width = this.width;
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
        this.lineNo++;
        let end = i;
        if (crlf && i < to) {
          if (end === lineStart || buf[end - 1] !== CR) throw new NeedsFullParser();
          end--;
        }
        if (end > lineStart) {
          if (builders === null) {
            const header = this.first(buf, lineStart, end);
            builders = this.builders!;
            width = this.width;
            if (header) {
              lineStart = cellStart = i + 1;
              col = 0;
              continue;
            }
            // no header: this line is also the first row
            col = 0;
            cellStart = lineStart;
            for (let k = lineStart; k <= end; k++) {
              if (k === end || buf[k] === delimiter) {
                builders[col++].pushBytes(buf, cellStart, k, encoding);
                cellStart = k + 1;
              }
            }
            col--;
          } else if (col < width) builders[col].pushBytes(buf, cellStart, end, encoding);
          if (col + 1 !== width) throw this.ragged(col + 1);
          this.rows++;
        }
        lineStart = cellStart = i + 1;
        col = 0;
      } else if (b === CR) {
        // only as the first half of CRLF in a CRLF file; anything else is for csv-parse
        if (!crlf || i + 1 >= to || buf[i + 1] !== LF) throw new NeedsFullParser();
      }
    }
  }

  /** The next chunk of the file (nothing of it is kept after this returns: the caller may reuse its buffer). */
  feed(chunk: Buffer): void {
    if (chunk.indexOf(QUOTE) >= 0) throw new NeedsFullParser();
    const max = this.options.maxLineBytes;
    let buf = chunk;
    let from = 0;
    if (this.skipBom) {
      from = 3;
      this.skipBom = false;
    }
    if (this.mode === 0) {
      const joined: Buffer = this.rest ? Buffer.concat([this.rest, chunk.subarray(from)]) : chunk.subarray(from);
      const mode = lineModeOf(joined);
      if (mode === null) throw new NeedsFullParser(); // old Mac endings: csv-parse's business
      this.mode = mode;
      this.rest = null;
      buf = joined;
      from = 0;
      if (mode === 0) {
        this.rest = Buffer.from(joined);
        if (joined.length > max) throw new NeedsFullParser();
        return;
      }
    } else if (this.rest) {
      // the line cut at the end of the last chunk, completed with the head of this one
      const lf = chunk.indexOf(LF);
      if (lf < 0) {
        this.rest = Buffer.concat([this.rest, chunk]);
        if (this.rest.length > max) throw new NeedsFullParser();
        return;
      }
      const joined = Buffer.concat([this.rest, chunk.subarray(0, lf + 1)]);
      this.rest = null;
      this.consume(joined, 0, joined.length, false);
      from = lf + 1;
    }
    const last = buf.lastIndexOf(LF);
    if (last >= from) this.consume(buf, from, last + 1, false);
    const left = Math.max(from, last + 1);
    // a copy: the caller may read its next chunk into the same buffer
    this.rest = left < buf.length ? Buffer.from(buf.subarray(left)) : null;
    if (this.rest && this.rest.length > max) throw new NeedsFullParser();
  }

  /** The end of the file (or of a piece): a last line without a line ending is read. */
  end(): void {
    const rest = this.rest;
    this.rest = null;
    if (rest) this.consume(rest, 0, rest.length, true);
  }
}

/**
 * Streams a whole file through PlainLines in 1 MB chunks. Returns null as soon as the file needs the full
 * parser: the caller then reads it again with csv-parse from the start.
 */
export async function readPlainCsv(
  file: string,
  options: PlainCsvOptions,
  report: ReadProgress,
  onBytes: (n: number) => void,
  onRows: (rows: number) => void,
): Promise<PlainCsvResult | null> {
  const reader = new PlainLines(path.basename(file), options);
  let reported = 0;
  const input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      onBytes(chunk.length);
      if (report.signal?.aborted) throw new AppError('cancelled', 'The import was cancelled.');
      reader.feed(chunk);
      if (reader.rows - reported >= 0x10000) {
        reported = reader.rows;
        onRows(reader.rows);
      }
    }
    reader.end();
  } catch (err) {
    if (err instanceof NeedsFullParser) return null;
    throw err;
  } finally {
    input.destroy();
  }
  return { builders: reader.builders ?? [], rows: reader.rows };
}

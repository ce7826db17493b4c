import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { AppError } from '../../../shared/contract/errors.js';
import type { DataIssue } from '../../../shared/schemas/dataset.js';
import { ColumnBuilder, type RawTable } from './columns.js';
import { importError, issue, warning } from './errors.js';
import { generatedNames, headerNames as columnNames } from './header-names.js';
import { withoutTrailingEmptyRows } from './raw-column.js';
import { readPlainThreaded, type ThreadTuning } from './csv-threads.js';
import type { ImportThread } from './import-thread.js';
import { assertText, firstRecord, readHead, sniffHeader, sniffText, type Delimiter, type TextSniff } from './sniff.js';
import { mark } from './trace.js';

export interface ReadProgress {
  signal?: AbortSignal;
  /** fraction of the file read, 0..1 */
  progress?: (fraction: number, message: string) => void;
}

export interface CsvOptions {
  delimiter?: Delimiter;
  encoding?: 'utf-8' | 'latin1';
  header?: boolean;
  /** false: always use csv-parse (tests compare both paths) */
  plainPath?: boolean;
  /** Per column: its own missing-value tokens instead of the default list. */
  missingTokens?: Record<string, string[]>;
  /** The import's second thread, which reads part of a large quote-free file (csv-threads.ts) */
  thread?: ImportThread | null;
  /** when files are split between the threads (tests make small files split) */
  threads?: ThreadTuning;
}

export interface ParsedText {
  table: RawTable;
  warnings: DataIssue[];
}

const MAX_RECORD_BYTES = 32 * 1024 * 1024;
/** Cells longer than this (characters) are kept but warned about: usually a quote left open, or a pasted document. */
export const CELL_WARN_CHARS = 100_000;

/** The line (counted by \n) holding the first carriage return not followed by a line feed, or 0. */
async function firstLoneCrLine(file: string): Promise<number> {
  let line = 1;
  let pendingCr = false;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (pendingCr && b !== 0x0a) return line;
      pendingCr = b === 0x0d;
      if (b === 0x0a) line++;
    }
  }
  return 0;
}

/**
 * A ragged row caused by mixed line endings (a lone CR among CRLF or LF lines) is said as such: the CR
 * joins two lines into one record, which then has too many fields.
 */
async function explainRagged(file: string, err: unknown): Promise<unknown> {
  const first = err instanceof AppError ? (err.details?.issues as { key: string; params: { line: number } }[] | undefined)?.[0] : undefined;
  if (first?.key !== 'import.ragged_row') return err;
  const line = await firstLoneCrLine(file);
  if (!line || line > first.params.line) return err;
  const name = path.basename(file);
  return importError(
    'import.lone_cr',
    { file: name, line },
    `${name}: line ${line} ends with a lone carriage return (\\r without \\n) while other lines end differently, so two lines run together. Save the file with one kind of line ending and import it again.`,
  );
}

/** Column names from a header record (header-names.ts), with a warning for each kind of name made up. */
export function headerNames(file: string, cells: string[], warnings: DataIssue[]): string[] {
  const name = path.basename(file);
  const { names, generated, repeated } = columnNames(cells);
  if (generated.length) {
    warnings.push(
      warning(
        'import.header_generated',
        null,
        { file: name, positions: generated.join(', '), count: generated.length },
        `${name}: the header has no name for column${generated.length > 1 ? 's' : ''} ${generated.join(', ')}; ` +
          `${generated.length > 1 ? 'they were' : 'it was'} named ${generated.map((p) => names[p - 1]).join(', ')}.`,
      ),
    );
  }
  if (repeated.length) {
    const columns = repeated.map((r) => `"${r.name}"`).join(', ');
    const renamed = repeated.flatMap((r) => r.as.map((a) => `"${a}"`)).join(', ');
    warnings.push(
      warning(
        'import.header_repeated',
        null,
        { file: name, columns, renamed, count: repeated.length },
        `${name}: the header repeats the column name${repeated.length > 1 ? 's' : ''} ${columns}; every column needs its own name, so the repeats were named ${renamed}.`,
      ),
    );
  }
  return names;
}

/** The line where the last quote left open in the file was opened (a plain scan, run only after a parse error). */
async function unclosedQuoteLine(file: string): Promise<number> {
  let line = 1;
  let quoted = false;
  let openedAt = 1;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === 0x22) {
        quoted = !quoted;
        if (quoted) openedAt = line;
      } else if (b === 0x0a) line++;
    }
  }
  return openedAt;
}

function csvErrorToAppError(
  err: CsvError & { lines?: number; column?: string | number | null; record?: string[] },
  file: string,
  names: string[] | null,
  quoteLine: number,
): AppError {
  const name = path.basename(file);
  const line = err.lines ?? quoteLine;
  const colIndex = typeof err.column === 'number' ? err.column : null;
  const column = colIndex !== null && names?.[colIndex] !== undefined ? names[colIndex] : colIndex !== null ? `#${colIndex + 1}` : null;
  switch (err.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const found = err.record?.length ?? 0;
      const expected = names?.length ?? 0;
      return importError(
        'import.ragged_row',
        { file: name, line, expected, found },
        `${name} line ${line}: expected ${expected} fields (as many as the header has columns) but found ${found}. Check for a missing or extra delimiter on that line.`,
      );
    }
    case 'CSV_QUOTE_NOT_CLOSED':
    case 'CSV_MAX_RECORD_SIZE': {
      const start = quoteLine;
      return importError(
        'import.unterminated_quote',
        { file: name, line: start },
        `${name} line ${start}: a quoted field opened on this line is never closed (unterminated quote), so the rest of the file would be read as one value.`,
      );
    }
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
      return importError(
        'import.bad_quote',
        { file: name, line, column },
        `${name} line ${line}${column ? `, column "${column}"` : ''}: a quote in the middle of a field. Put the whole field in quotes and double any quote inside it ("").`,
      );
    default:
      return importError('import.csv_error', { file: name, line, detail: err.message }, `${name} line ${line}: ${err.message}`);
  }
}

/** The full parser (csv-parse) for files with quotes: each record goes to `row`, errors become clear AppErrors. */
async function readQuoted(
  file: string,
  sniff: TextSniff,
  hasHeader: boolean,
  headerGuess: string[] | null,
  report: ReadProgress,
  start: (cells: string[], isHeader: boolean) => unknown,
  onBytes: (n: number) => void,
  row: (record: string[]) => void,
  names: () => string[] | null,
): Promise<void> {
  const parser = parse({
    delimiter: sniff.delimiter,
    bom: true,
    encoding: sniff.encoding === 'utf-8' ? 'utf8' : 'latin1',
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  let started = false;
  let failure: unknown = null;
  let count = 0;
  const input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  input.on('data', (chunk) => onBytes(chunk.length));
  try {
    await pipeline(
      input,
      parser,
      async function (source: AsyncIterable<string[]>) {
        for await (const record of source) {
          if (!started) {
            started = true;
            try {
              start(record, hasHeader);
            } catch (err) {
              failure = err;
              break;
            }
            if (hasHeader) continue;
          }
          row(record);
          if ((++count & 0xffff) === 0 && report.signal?.aborted) {
            failure = new AppError('cancelled', 'The import was cancelled.');
            break;
          }
        }
      },
      { signal: report.signal },
    );
  } catch (err) {
    if (failure) throw failure;
    if (err instanceof AppError) throw err;
    if (report.signal?.aborted) throw new AppError('cancelled', 'The import was cancelled.');
    if (err instanceof CsvError) {
      const quoteLine = err.code === 'CSV_QUOTE_NOT_CLOSED' || err.code === 'CSV_MAX_RECORD_SIZE' ? await unclosedQuoteLine(file) : 0;
      throw csvErrorToAppError(err, file, names() ?? headerGuess, quoteLine);
    }
    throw err;
  }
  if (failure) throw failure;
}

/** Streams a CSV/TSV file into columns: sniffed delimiter, encoding and header; never holds the file whole. */
export async function readCsv(file: string, options: CsvOptions, report: ReadProgress = {}): Promise<ParsedText> {
  try {
    return await readCsvBody(file, options, report);
  } catch (err) {
    throw await explainRagged(file, err);
  }
}

async function readCsvBody(file: string, options: CsvOptions, report: ReadProgress): Promise<ParsedText> {
  const name = path.basename(file);
  const size = fs.statSync(file).size;
  const head = readHead(file);
  assertText(file, head);
  const sniff = sniffText(file, head, head.length >= size, options);
  const headText = head.subarray(sniff.bom ? 3 : 0).toString(sniff.encoding === 'utf-8' ? 'utf8' : 'latin1');
  if (headText.trim() === '') throw importError('import.empty_file', { file: name }, `${name} is empty: there is nothing to import.`);
  const hasHeader = options.header ?? sniffHeader(headText, sniff.delimiter);
  const headerGuess = hasHeader ? firstRecord(headText, sniff.delimiter) : null;
  // rows expected from the mean line length of the sample: arrays are sized once instead of doubling
  const sampleLines = Math.max(1, headText.split('\n').length - 1);
  const capacity = Math.min(50_000_000, Math.ceil((size / Math.max(1, head.length / sampleLines)) * 1.05) + 1024);

  let names: string[] | null = null;
  let builders: ColumnBuilder[] = [];
  let rows = 0;
  let bytes = 0;
  let warnings: DataIssue[] = [...sniff.warnings];

  const start = (cells: string[], isHeader: boolean) => {
    warnings = [...sniff.warnings];
    names = isHeader ? headerNames(file, cells, warnings) : generatedNames(cells.length);
    if (!isHeader) {
      warnings.push(
        warning('import.no_header', null, { file: name }, `${name}: the first line holds only numbers, so it was read as data and the columns were named column_1, column_2, ...`),
      );
    }
    builders = names.map((n) => new ColumnBuilder(n, capacity, sniff.delimiter !== ',', options.missingTokens?.[n] ?? null, Boolean(options.thread)));
    return builders;
  };
  const tick = () => report.progress?.(size ? (0.8 * bytes) / size : 0, `Read ${rows.toLocaleString('en')} rows`);

  // most files hold no quote at all: they take the fast path, and fall back to csv-parse if a quote turns up
  const plain =
    headText.includes('"') || options.plainPath === false
      ? null
      : await readPlainThreaded(
          file,
          {
            delimiter: sniff.delimiter,
            encoding: sniff.encoding,
            bom: sniff.bom,
            maxLineBytes: MAX_RECORD_BYTES,
            expectedRows: capacity,
            start: (cells) => ({ builders: start(cells, hasHeader), header: hasHeader }),
          },
          report,
          (n) => (bytes += n),
          (n) => ((rows = n), tick()),
          options.thread ?? null,
          options.threads,
        );
  if (plain) {
    rows = plain.rows;
  } else {
    names = null;
    builders = [];
    rows = 0;
    bytes = 0;
    await readQuoted(
      file,
      sniff,
      hasHeader,
      headerGuess,
      report,
      start,
      (n) => (bytes += n),
      (record) => {
        const n = builders.length;
        for (let i = 0; i < n; i++) builders[i].pushText(record[i]);
        rows++;
        if ((rows & 0xffff) === 0) tick();
      },
      () => names,
    );
  }
  if (names === null) throw importError('import.empty_file', { file: name }, `${name} is empty: there is nothing to import.`);
  if (rows === 0) {
    throw importError('import.no_rows', { file: name }, `${name} has a header line but no data rows: there is nothing to import.`);
  }
  mark('finish start');
  const read: RawTable = { rows, columns: (builders as ColumnBuilder[]).map((b) => b.finish()) };
  mark('finish done');
  const { table, dropped } = withoutTrailingEmptyRows(read);
  if (table.rows === 0) throw importError('import.no_rows', { file: name }, `${name} has a header line but no data rows: there is nothing to import.`);
  if (dropped) {
    warnings.push(
      issue(
        'info',
        'import.empty_rows',
        null,
        { file: name, count: dropped },
        `${name}: the last ${dropped === 1 ? 'line holds' : `${dropped} lines hold`} no values (only delimiters, as a spreadsheet leaves them after its data); ${dropped === 1 ? 'it was' : 'they were'} left out.`,
      ),
    );
  }
  const commaColumns = (builders as ColumnBuilder[]).filter((b) => b.readDecimalComma).map((b) => b.name);
  if (commaColumns.length) {
    const list = commaColumns.map((c) => `"${c}"`).join(', ');
    warnings.push(
      issue(
        'info',
        'import.decimal_comma',
        null,
        { file: name, columns: commaColumns.join(', '), count: commaColumns.length },
        `${name}: column${commaColumns.length > 1 ? 's' : ''} ${list} ${commaColumns.length > 1 ? 'use' : 'uses'} a decimal comma (1,5), so ${commaColumns.length > 1 ? 'they were' : 'it was'} read as numbers.`,
      ),
    );
  }
  for (const c of table.columns) {
    if (c.storage !== 'dict') continue;
    let longest = 0;
    for (const v of c.dict) if (v.length > longest) longest = v.length;
    if (longest > CELL_WARN_CHARS) {
      warnings.push(
        warning(
          'import.huge_cell',
          c.name,
          { file: name, column: c.name, chars: longest, limit: CELL_WARN_CHARS },
          `${name}: column "${c.name}" has a cell of ${longest.toLocaleString('en')} characters (over ${CELL_WARN_CHARS.toLocaleString('en')}). It was kept, but check that no quote was left open; such a column is too long to be a useful feature.`,
        ),
      );
    }
  }
  if (sniff.encoding === 'utf-8') {
    const broken = table.columns.find((c) => c.storage === 'dict' && c.dict.some((s) => s.includes('\uFFFD')));
    if (broken) {
      warnings.push(
        warning(
          'import.bad_utf8',
          broken.name,
          { file: name, column: broken.name },
          `${name}: some text in column "${broken.name}" is not valid UTF-8 and shows as \uFFFD. Save the file as UTF-8 and import it again.`,
        ),
      );
    }
  }
  return { table, warnings };
}

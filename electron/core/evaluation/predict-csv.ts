/**
 * `ciclo predict`: scores a CSV file row by row, streaming (the file is never held whole), and writes
 * every input row plus the prediction columns. Rows that cannot be scored keep empty prediction cells
 * and are reported with their line numbers.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { parse } from 'csv-parse';
import { AppError } from '../../../shared/contract/errors.js';
import { decimalCommaValues } from '../datasets/decimal-comma.js';
import { generatedNames, headerNames, looksLikeHeader } from '../datasets/header-names.js';
import { assertText, readHead, sniffText } from '../datasets/sniff.js';
import type { JobContext } from '../jobs/runner.js';
import { fsyncDir } from '../store/files.js';
import type { Predictor } from './model-source.js';
import { csvCell } from '../datasets/csv-cell.js';

export const CHUNK_ROWS = 2000;
/** At most this many row errors are listed (the count is always complete). */
export const MAX_ERRORS = 1000;

export interface RowError {
  line: number;
  /** in English, with the file and line ("data.csv line 7: …"): the CLI's language */
  message: string;
  /** the problem as a code and params, which the app translates (rows:<code>) */
  code: string;
  params: Record<string, string | number>;
}

export interface PredictCsvResult {
  input: string;
  output: string;
  rows: number;
  scored: number;
  failed: number;
  errors: RowError[];
  /** The columns added after the input's own. */
  addedColumns: string[];
  classes: string[] | null;
}

/** Cells are written by the one CSV cell writer (quoting, CSV-injection neutralisation). */
export { csvCell };

/** How many line breaks (CRLF, LF or CR) a record's fields hold: a quoted field may span lines. */
function lineBreaks(record: string[]): number {
  let n = 0;
  for (const cell of record) if (cell.includes('\n') || cell.includes('\r')) n += cell.match(/\r\n|\r|\n/g)!.length;
  return n;
}

/** A number written with a decimal comma (7,2 or 1.234,5) in dot form; anything else as it is (the model says what is wrong). */
export function dotDecimal(cell: string): string {
  const t = cell.trim();
  if (!t.includes(',')) return cell;
  const n = decimalCommaValues([t]);
  return n ? String(n[0]) : cell;
}

function uniqueName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let i = 2; taken.has(name); i++) name = `${wanted}_${i}`;
  taken.add(name);
  return name;
}

interface PendingRow {
  line: number;
  cells: string[];
  /** Feature cells keyed by column name, or null when the row cannot be scored. */
  raw: Record<string, string> | null;
}

/** One scored row handed to a prediction log (ciclo predict --log): its request id is also written in the output. */
export interface ScoredRow {
  requestId: string;
  line: number;
  input: Record<string, string>;
  output: { label?: string; probabilities?: Record<string, number>; value?: number };
}

export interface PredictCsvOptions {
  /** Called with every chunk of scored rows; adds a request_id column to the output. */
  log?: (rows: ScoredRow[]) => void;
  /** Prefix of the per-row request ids (default: a random one per file). */
  requestPrefix?: string;
}

export async function predictCsv(
  predictor: Predictor,
  inputFile: string,
  outputFile: string,
  ctx?: Pick<JobContext, 'progress' | 'throwIfCancelled'>,
  options: PredictCsvOptions = {},
): Promise<PredictCsvResult> {
  const prefix = options.requestPrefix ?? `batch-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const input = path.resolve(inputFile);
  const output = path.resolve(outputFile);
  if (input === output) throw new AppError('invalid_input', 'The output file must differ from the input file.');
  let size: number;
  try {
    const stat = fs.statSync(input);
    if (!stat.isFile()) throw new AppError('invalid_input', `${input} is not a file.`);
    size = stat.size;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('invalid_input', `Cannot read ${input}: ${(err as Error).message}`);
  }
  if (!predictor.features.length) throw new AppError('invalid_input', `The model of run ${predictor.runId} reads images, not table rows, so it cannot score a CSV file.`);
  const head = readHead(input);
  assertText(input, head);
  const sniff = sniffText(input, head, head.length >= size, {});
  const name = path.basename(input);

  const tmp = `${output}.${process.pid}.tmp`;
  fs.mkdirSync(path.dirname(output), { recursive: true });
  const out = fs.createWriteStream(tmp, { encoding: 'utf8' });
  let writeError: Error | null = null;
  out.on('error', (err) => (writeError ??= err));
  const write = async (text: string) => {
    if (writeError) throw writeError;
    if (!out.write(text)) await once(out, 'drain');
  };
  const d = sniff.delimiter;
  const K = predictor.classes?.length ?? 0;
  const result: PredictCsvResult = { input, output, rows: 0, scored: 0, failed: 0, errors: [], addedColumns: [], classes: predictor.classes };
  let header: string[] | null = null;
  let featureIndex: number[] = [];
  let pending: PendingRow[] = [];
  let bytes = 0;
  let lastLine = 0;
  let emptyLines = 0;
  // as on import: with a delimiter other than a comma, numbers may be written with a decimal comma (7,2)
  const commaNumbers = predictor.features.map((f) => d !== ',' && f.type === 'numeric');
  // ... and then the added numbers (probabilities, values) are written the same way, so that a spreadsheet set
  // to decimal commas reads them as numbers: decided once, from the rows before the first write
  let sawComma = false;
  let commaOut: boolean | null = null;
  const num = (x: number) => (commaOut ? String(x).replace('.', ',') : String(x));
  // the output keeps the input's byte-order mark and line ending (a spreadsheet reads it back the same way)
  const eol = /\r\n/.test(head.subarray(0, head.indexOf(10) + 1).toString('latin1')) ? '\r\n' : '\n';

  const fail = (line: number, message: string, code = 'row.unreadable', params: Record<string, string | number> = { reason: message }) => {
    result.failed++;
    if (result.errors.length < MAX_ERRORS) result.errors.push({ line, message: `${name} line ${line}: ${message}`, code, params });
  };

  const flush = async () => {
    commaOut ??= sawComma;
    const ok = pending.filter((r) => r.raw !== null);
    const width = K || 1;
    let scores: Float64Array = new Float64Array(0);
    const rejected = new Map<number, { reason: string; code?: string; params?: Record<string, string | number> }>();
    if (ok.length) {
      const res = await predictor.predictRows(ok.map((r) => r.raw!));
      scores = res.output;
      if (scores.length !== ok.length * width) throw new AppError('internal', `The model returned ${scores.length} values for ${ok.length} rows.`);
      for (const r of res.rejected) rejected.set(r.index, r);
    }
    let j = 0;
    const lines: string[] = [];
    const logged: ScoredRow[] = [];
    for (const r of pending) {
      const cells = r.cells.map((c) => csvCell(c, d));
      let scored = false;
      if (r.raw !== null) {
        const why = rejected.get(j);
        if (why !== undefined) fail(r.line, why.reason, why.code, why.params);
        else if (K) {
          const row = scores.subarray(j * K, (j + 1) * K);
          let best = 0;
          for (let k = 1; k < K; k++) if (row[k] > row[best]) best = k;
          cells.push(csvCell(predictor.classes![best], d), ...Array.from(row, num));
          scored = true;
          if (options.log)
            logged.push({
              requestId: `${prefix}-${r.line}`,
              line: r.line,
              input: r.raw!,
              output: { label: predictor.classes![best], probabilities: Object.fromEntries(predictor.classes!.map((c, k) => [c, row[k]])) },
            });
        } else {
          cells.push(num(scores[j]));
          scored = true;
          if (options.log) logged.push({ requestId: `${prefix}-${r.line}`, line: r.line, input: r.raw!, output: { value: scores[j] } });
        }
        j++;
      }
      if (scored) result.scored++;
      else cells.push(...new Array<string>(K ? K + 1 : 1).fill(''));
      if (options.log) cells.push(scored ? csvCell(`${prefix}-${r.line}`, d) : '');
      lines.push(cells.join(d));
    }
    if (logged.length) options.log!(logged);
    pending = [];
    if (lines.length) await write(lines.join(eol) + eol);
  };

  const reader = fs.createReadStream(input, { highWaterMark: 1 << 20 });
  reader.on('data', (chunk) => (bytes += chunk.length));
  const parser = parse({
    delimiter: d,
    bom: true,
    encoding: sniff.encoding === 'utf-8' ? 'utf8' : 'latin1',
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
    record_delimiter: ['\r\n', '\n', '\r'],
  });
  reader.pipe(parser);
  reader.on('error', (err) => parser.destroy(err));
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { empty_lines: number } }>) {
      const { record, info } = item;
      // Line numbers are counted here: csv-parse counts a CRLF inside a quoted field as two lines.
      const line = lastLine + 1 + (info.empty_lines - emptyLines);
      lastLine = line + lineBreaks(record);
      emptyLines = info.empty_lines;
      if (header === null) {
        // the import's names. A header when it names what the model reads; no header when the model reads
        // column_1, column_2, ... (trained on a file without one) and this line does not name them; else the
        // import's rule (a first line of numbers only is data)
        const named = headerNames(record).names;
        const reads = (names: string[]) => predictor.features.every((f) => names.includes(f.name));
        const headed = reads(named) || (!reads(generatedNames(record.length)) && looksLikeHeader(record));
        header = headed ? named : generatedNames(record.length);
        const index = new Map<string, number>();
        header.forEach((h, i) => index.has(h) || index.set(h, i));
        const missing = predictor.features.filter((f) => !index.has(f.name)).map((f) => f.name);
        if (missing.length) {
          throw new AppError(
            'invalid_input',
            `${name} line 1: the header has no column ${missing.map((m) => `"${m}"`).join(', ')}, which the model reads; no row can be scored. Its columns: ${header.join(', ')}.`,
            { missing },
          );
        }
        featureIndex = predictor.features.map((f) => index.get(f.name)!);
        const taken = new Set(header);
        const target = predictor.target;
        result.addedColumns = [uniqueName(`predicted_${target}`, taken), ...(predictor.classes ?? []).map((c) => uniqueName(`proba_${c}`, taken))];
        if (options.log) result.addedColumns.push(uniqueName('request_id', taken));
        await write((sniff.bom && sniff.encoding === 'utf-8' ? '\uFEFF' : '') + [...header, ...result.addedColumns].map((c) => csvCell(c, d)).join(d) + eol);
        if (headed) continue;
      }
      result.rows++;
      let cells = record;
      let problem: string | null = null;
      if (cells.length > header.length) problem = `the row has ${cells.length} fields but the header has ${header.length}`;
      const fields = { fields: cells.length, header: header.length };
      if (cells.length < header.length) cells = [...cells, ...new Array<string>(header.length - cells.length).fill('')];
      else if (cells.length > header.length) cells = cells.slice(0, header.length);
      let raw: Record<string, string> | null = null;
      if (problem) fail(line, problem, 'row.too_many_fields', fields);
      else {
        const absent = predictor.features.filter((_, j) => featureIndex[j] >= record.length).map((f) => f.name);
        if (absent.length) {
          fail(line, `no value for column ${absent.map((a) => `"${a}"`).join(', ')} (the row has ${record.length} fields, the header ${header.length})`, 'row.absent_columns', {
            columns: absent.join(', '),
            count: absent.length,
            fields: record.length,
            header: header.length,
          });
        } else {
          raw = {};
          predictor.features.forEach((f, j) => {
            const cell = record[featureIndex[j]];
            if (!commaNumbers[j]) return void (raw![f.name] = cell);
            const dotted = dotDecimal(cell);
            if (dotted !== cell) sawComma = true;
            raw![f.name] = dotted;
          });
        }
      }
      pending.push({ line, cells, raw });
      if (pending.length >= CHUNK_ROWS) {
        ctx?.throwIfCancelled();
        await flush();
        ctx?.progress(size ? Math.min(0.99, bytes / size) : 0, `${result.rows} rows`);
      }
    }
    if (header === null) throw new AppError('invalid_input', `${name} is empty: it has no header line.`);
    await flush();
    result.errors.sort((a, b) => a.line - b.line);
    out.end();
    await once(out, 'finish');
    const fd = fs.openSync(tmp, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, output);
    fsyncDir(path.dirname(output));
    return result;
  } catch (err) {
    reader.destroy();
    out.destroy();
    fs.rmSync(tmp, { force: true });
    if (err instanceof AppError) throw err;
    const e = err as Error & { code?: string; lines?: number };
    if (e.code?.startsWith('CSV_')) throw new AppError('invalid_input', `${name} line ${e.lines ?? '?'}: ${e.message}`, { line: e.lines });
    throw err;
  }
}

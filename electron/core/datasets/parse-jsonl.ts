import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { AppError } from '../../../shared/contract/errors.js';
import { ColumnBuilder, type RawTable } from './columns.js';
import { importError } from './errors.js';
import type { ParsedText, ReadProgress } from './parse-csv.js';
import { assertText, readHead } from './sniff.js';

/**
 * Streams a JSON Lines file (one JSON object per line) into columns. Columns are the keys in the order
 * first seen; a key missing from a line is a missing value. A whole-file JSON array is refused with a hint.
 */
export async function readJsonLines(file: string, report: ReadProgress = {}, missingTokens: Record<string, string[]> = {}): Promise<ParsedText> {
  const name = path.basename(file);
  const size = fs.statSync(file).size;
  const head = readHead(file);
  assertText(file, head);
  const input = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let bytes = 0;
  input.on('data', (chunk) => (bytes += chunk.length));
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const builders = new Map<string, ColumnBuilder>();
  let rows = 0;
  let lineNo = 0;
  try {
    for await (const raw of lines) {
      lineNo++;
      const line = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (!line.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (err) {
        if (rows === 0 && line.trim().startsWith('[')) {
          throw importError('import.json_array', { file: name, line: lineNo }, `${name} line ${lineNo}: this is a JSON array; Ciclo reads JSON Lines (one JSON object per line).`);
        }
        throw importError('import.bad_json', { file: name, line: lineNo, detail: (err as Error).message }, `${name} line ${lineNo}: not valid JSON (${(err as Error).message}).`);
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw importError('import.json_not_object', { file: name, line: lineNo }, `${name} line ${lineNo}: each line must be a JSON object such as {"a": 1, "b": "x"}.`);
      }
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        let b = builders.get(key);
        if (!b) {
          b = new ColumnBuilder(key, 1024, false, missingTokens[key] ?? null);
          b.padTo(rows);
          builders.set(key, b);
        }
        b.pushValue(record[key]);
      }
      rows++;
      for (const b of builders.values()) if (b.length < rows) b.pushMissing();
      if ((rows & 0x3fff) === 0) {
        if (report.signal?.aborted) throw new AppError('cancelled', 'The import was cancelled.');
        report.progress?.(size ? (0.8 * bytes) / size : 0, `Read ${rows.toLocaleString('en')} rows`);
      }
    }
  } finally {
    lines.close();
    input.destroy();
  }
  if (rows === 0) throw importError('import.empty_file', { file: name }, `${name} is empty: there is nothing to import.`);
  if (builders.size === 0) throw importError('import.no_columns', { file: name }, `${name}: the JSON objects have no keys, so there are no columns.`);
  const table: RawTable = { rows, columns: [...builders.values()].map((b) => b.finish()) };
  return { table, warnings: [] };
}

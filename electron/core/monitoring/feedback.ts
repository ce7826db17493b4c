/**
 * Ground truth arriving later: a CSV of request_id,label (or the original columns plus the label),
 * matched to logged rows by request id (and row_index when the file has one). Unknown ids are
 * reported, never silently dropped; a label given twice keeps the last one and says so.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { FeedbackResult, Text } from '../../../shared/schemas/monitoring.js';
import type { Db } from '../store/db.js';
import { monitorError } from './context.js';
import { knownRequests, storeFeedback } from '../store/prediction-log-store.js';

export function parseCsvText(text: string, what: string): Record<string, string>[] {
  try {
    return parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as Record<string, string>[];
  } catch (err) {
    throw monitorError('invalid_input', 'error.bad_csv', { file: what, reason: (err as Error).message }, `${what} is not a readable CSV file: ${(err as Error).message}`);
  }
}

export function readCsvRows(file: string): Record<string, string>[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw monitorError(
      'invalid_input',
      'error.no_file',
      { file },
      `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}.`,
    );
  }
  const rows = parseCsvText(text, file);
  if (!rows.length) throw monitorError('invalid_input', 'error.empty_csv', { file }, `${file} has no data rows.`);
  return rows;
}

const t = (key: string, params: Record<string, unknown>, message: string): Text => ({ key: `monitor:${key}`, params, message });

export function applyFeedback(db: Db, rows: Record<string, string>[], options: { idColumn?: string; labelColumn?: string; target: string; file: string }): FeedbackResult {
  const header = Object.keys(rows[0] ?? {});
  const idColumn = options.idColumn ?? 'request_id';
  if (!header.includes(idColumn))
    throw monitorError(
      'invalid_input',
      'error.no_id_column',
      { file: options.file, column: idColumn, columns: header.join(', ') },
      `${options.file} has no column "${idColumn}" (its columns: ${header.join(', ')}); name the id column with --id-column.`,
    );
  const labelColumn = options.labelColumn ?? (header.includes('label') ? 'label' : header.includes(options.target) ? options.target : '');
  if (!labelColumn || !header.includes(labelColumn)) {
    throw monitorError(
      'invalid_input',
      'error.no_label_column',
      { file: options.file, column: options.labelColumn ?? `label or ${options.target}`, columns: header.join(', ') },
      `${options.file} has no label column ("${options.labelColumn ?? `label" or "${options.target}`}"); its columns: ${header.join(', ')}. Name it with --label-column.`,
    );
  }
  const hasRowIndex = header.includes('row_index');
  const byKey = new Map<string, { requestId: string; rowIndex: number; label: string }>();
  const duplicateIds = new Set<string>();
  let missingLabel = 0;
  for (const r of rows) {
    const requestId = (r[idColumn] ?? '').trim();
    const label = (r[labelColumn] ?? '').trim();
    if (!requestId || !label) {
      missingLabel++;
      continue;
    }
    const rowIndex = hasRowIndex && /^\d+$/.test(r.row_index ?? '') ? Number(r.row_index) : 0;
    const key = `${requestId}#${rowIndex}`;
    if (byKey.has(key)) {
      duplicateIds.add(requestId);
      byKey.delete(key); // re-insert so the last one given wins
    }
    byKey.set(key, { requestId, rowIndex, label });
  }
  const entries = [...byKey.values()];
  const known = knownRequests(db, entries);
  const unknownIds = entries.filter((e) => !known.has(`${e.requestId}#${e.rowIndex}`)).map((e) => e.requestId);
  const matched = entries.filter((e) => known.has(`${e.requestId}#${e.rowIndex}`));
  const { stored, replaced } = storeFeedback(db, matched);
  const messages: Text[] = [t('feedback.stored', { stored, rows: rows.length }, `${stored} of ${rows.length} labels joined to logged predictions.`)];
  if (unknownIds.length)
    messages.push(
      t(
        'feedback.unknown',
        { count: unknownIds.length, ids: unknownIds.slice(0, 5).join(', ') },
        `${unknownIds.length} request ids are not in the log and were not stored: ${unknownIds.slice(0, 5).join(', ')}${unknownIds.length > 5 ? ', …' : ''}.`,
      ),
    );
  if (duplicateIds.size)
    messages.push(
      t(
        'feedback.duplicates',
        { count: duplicateIds.size, ids: [...duplicateIds].slice(0, 5).join(', ') },
        `${duplicateIds.size} request ids were labelled more than once; the last label given was kept: ${[...duplicateIds].slice(0, 5).join(', ')}.`,
      ),
    );
  if (replaced) messages.push(t('feedback.replaced', { count: replaced }, `${replaced} labels replaced ones given before.`));
  if (missingLabel) messages.push(t('feedback.missing', { count: missingLabel }, `${missingLabel} rows had no request id or no label and were skipped.`));
  return {
    rows: rows.length,
    stored,
    replaced,
    unknown: unknownIds.length,
    unknownIds: unknownIds.slice(0, 1000),
    duplicates: duplicateIds.size,
    duplicateIds: [...duplicateIds].slice(0, 1000),
    missingLabel,
    idColumn,
    labelColumn,
    messages,
  };
}

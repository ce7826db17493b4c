import fs from 'node:fs';
import path from 'node:path';
import type { Column, DataIssue, DatasetProfile, ImportFormat } from '../../../shared/schemas/dataset.js';
import type { ColumnRole, ColumnType } from '../../../shared/schemas/dataset.js';
import type { TaskType } from '../../../shared/metrics.js';
import type { RawImages } from './blob-format.js';
import type { RawTable } from './columns.js';
import { importError } from './errors.js';
import { readIdx } from './idx.js';
import { profileImages, readImageFolder } from './images.js';
import { defaultMissingTokens } from '../../../shared/schemas/prep.js';
import { effectiveTable, viewOf } from './cells.js';
import { decideSchema } from './infer.js';
import { cleanTokens, type PrepChoice } from './prep-choices.js';
import type { ThreadTuning } from './csv-threads.js';
import { ImportThread } from './import-thread.js';
import { readCsv, type ReadProgress } from './parse-csv.js';
import { profileTable, profileTableWith } from './profile.js';
import { readJsonLines } from './parse-jsonl.js';
import { guessedTargetNote, guessTarget } from './target-guess.js';
import { detectFormat, readHead, type Delimiter } from './sniff.js';
import { mark } from './trace.js';

export interface ReadOptions {
  format?: ImportFormat;
  delimiter?: Delimiter;
  header?: boolean;
  encoding?: 'utf-8' | 'latin1';
  target?: string | null;
  types?: Record<string, ColumnType>;
  roles?: Record<string, ColumnRole>;
  taskType: TaskType;
  previous?: { columns: Column[]; target: string | null } | null;
  /** Per column: missing-value tokens and strategy, date handling. */
  prep?: Record<string, PrepChoice>;
  /** when the import uses its second thread (defaults suit large files; tests lower them) */
  threads?: ThreadTuning;
  /**
   * Started once a table is read and typed, and run while it is profiled (the import stores the table's data
   * blob then: on the import's second thread when it has one, which is otherwise idle at that point).
   */
  whileProfiling?: (table: RawTable, thread: ImportThread | null) => Promise<unknown>;
}

export type ReadData =
  | { kind: 'table'; table: RawTable; columns: Column[]; target: string | null; warnings: DataIssue[]; profile: DatasetProfile }
  | { kind: 'images'; images: RawImages; columns: Column[]; target: string; warnings: DataIssue[]; profile: DatasetProfile };

const DEFAULT_TOKENS: readonly string[] = [...defaultMissingTokens];

/** Checks a path before any work starts: it exists and is a file or a folder we can read. Returns its format. */
export function checkSource(file: string, format?: ImportFormat): ImportFormat {
  const shown = path.basename(file) || file;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') {
      throw importError(
        'import.symlink_loop',
        { path: file },
        `${file} is a symbolic link loop (links that point at each other, never at a file): point it at the real file or folder.`,
      );
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw importError('import.not_readable', { path: file }, `${file} cannot be read: you have no permission to open it.`);
    }
    throw importError('import.not_found', { path: file }, `There is no file or folder at ${file}.`);
  }
  if (stat.isDirectory()) {
    if (format && format !== 'images') {
      throw importError('import.folder_not_images', { path: file, format }, `${shown} is a folder; only an image folder (one sub-folder per class) can be imported from a folder.`);
    }
    return 'images';
  }
  if (!stat.isFile()) throw importError('import.not_a_file', { path: file }, `${shown} is not a regular file.`);
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw importError('import.unreadable', { path: file }, `${shown} cannot be read (permission denied).`);
  }
  if (stat.size === 0) throw importError('import.empty_file', { file: shown }, `${shown} is empty: there is nothing to import.`);
  const detected = format ?? detectFormat(file, readHead(file, 4096));
  if (detected === 'images') {
    throw importError('import.single_image', { path: file }, `${shown} is a single image; import the folder that holds one sub-folder of images per class.`);
  }
  return detected;
}

/** The data set name a path suggests: the file name without its extensions, or the folder name. */
export function defaultName(file: string): string {
  const base = path.basename(path.resolve(file));
  const idx = base.replace(/[-.]?(images?|labels?)-idx\d-ubyte(\.gz)?$/i, '');
  if (idx !== base) return idx || 'idx';
  return base.replace(/\.(csv|tsv|txt|jsonl|ndjson|json)(\.gz)?$/i, '') || base;
}

/** Reads a source into canonical columns (or images) with their schema and profile. Stores nothing. */
export async function readSource(file: string, options: ReadOptions, report: ReadProgress): Promise<ReadData> {
  const format = checkSource(file, options.format);
  const source = path.basename(file);
  if (format === 'images' || format === 'idx') {
    const read = format === 'images' ? await readImageFolder(file, report) : { ...(await readIdx(file, report)), warnings: [] as DataIssue[] };
    if (options.target && options.target !== 'label') {
      throw importError(
        'import.target_missing',
        { file: source, column: options.target, known: 'label' },
        `Target column "${options.target}" is not in ${source}; an image data set has one target, "label".`,
      );
    }
    const columns: Column[] = [{ name: 'label', type: 'categorical', role: 'target', missing: 0 }];
    report.progress?.(0.9, 'Profiling');
    return { kind: 'images', images: read.images, columns, target: 'label', warnings: read.warnings, profile: profileImages(read.images, read.sizes) };
  }
  // a column's own tokens apply while reading; otherwise those the previous version used, else the defaults
  const tokens: Record<string, string[]> = {};
  for (const c of options.previous?.columns ?? []) if (c.missingTokens) tokens[c.name] = c.missingTokens;
  for (const [name, choice] of Object.entries(options.prep ?? {})) if (choice.missingTokens) tokens[name] = cleanTokens(choice.missingTokens);
  // a large quote-free CSV is read on two threads (the second one starts now, while the file is sniffed);
  // a quote in the sample sends the file to the full parser, on one thread
  const split = format !== 'jsonl' && fs.statSync(file).size >= (options.threads?.minBytes ?? LARGE_FILE) && !readHead(file).includes(0x22);
  const thread = split ? ImportThread.start() : null;
  try {
    return await readTable(file, format, options, tokens, report, thread);
  } finally {
    thread?.close();
  }
}

/** Files at least this large use the import's second thread. */
const LARGE_FILE = 16 << 20;

async function readTable(
  file: string,
  format: ImportFormat,
  options: ReadOptions,
  tokens: Record<string, string[]>,
  report: ReadProgress,
  thread: ImportThread | null,
): Promise<ReadData> {
  const source = path.basename(file);
  const parsed = format === 'jsonl' ? await readJsonLines(file, report, tokens) : await readCsv(file, { ...options, missingTokens: tokens, thread }, report);
  mark('read done');
  report.progress?.(0.85, 'Inferring types');
  const view = effectiveTable(parsed.table, (name) => tokens[name] ?? DEFAULT_TOKENS);
  // a file that writes numbers with a decimal comma writes its dates day first (when its dates could be either)
  const decimalComma = parsed.warnings.some((w) => w.key === 'import.decimal_comma');
  const choices = {
    target: options.target,
    types: options.types,
    roles: options.roles,
    previous: options.previous,
    prep: options.prep,
    taskType: options.taskType,
    decimalComma,
    source,
  };
  let schema = decideSchema(view, choices);
  // a first import that names no target gets one suggested (by its name, or the last column), and says so
  const guess = options.target === undefined && !options.previous && schema.target === null ? guessTarget(view, schema.columns, options.taskType) : null;
  if (guess) {
    schema = decideSchema(view, { ...choices, target: guess.column });
    schema.warnings.push(guessedTargetNote(guess));
  }
  mark('schema done');
  // (not before the schema is decided: a rejected choice stores nothing)
  const alongside = options.whileProfiling?.(parsed.table, thread);
  report.progress?.(0.88, 'Profiling');
  const profiled = viewOf(parsed.table, schema.columns);
  // with a second thread, it summarises the columns of numbers while this one does the rest
  const profiling = thread?.alive
    ? profileTableWith(
        profiled,
        schema.columns,
        schema.target,
        (job, counter) => thread.numberStats(job, counter),
        (columns) => thread.readySummaries(columns),
      )
    : Promise.resolve().then(() => profileTable(profiled, schema.columns, schema.target));
  const [profile] = await Promise.all([profiling.then((p) => (mark('profile done'), p)), alongside]);
  mark('profile and blob done');
  return { kind: 'table', table: parsed.table, columns: schema.columns, target: schema.target, warnings: [...parsed.warnings, ...schema.warnings], profile };
}

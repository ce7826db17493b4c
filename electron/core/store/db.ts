import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/contract/app-error.js';
import { BUSY_TIMEOUT_MS } from './busy.js';
import { migrations as allMigrations, type Migration } from './migrations/index.js';

export type Db = Database.Database;

const bindings = new WeakMap<Db, string>();
/** The addon a connection was opened with (Electron's build), so another thread can open the same file alike. */
export const nativeBindingOf = (db: Db): string | undefined => bindings.get(db);

export interface OpenDbOptions {
  /** Path of a better-sqlite3 addon built for another runtime (Electron); Node uses the default build. */
  nativeBinding?: string;
  migrations?: Migration[];
}

/**
 * Opens another workspace's database to read it, never to write (no migrations, no pragmas that write);
 * null when that workspace has no database yet. A lesson reads its classmate workspace this way.
 */
export function openDbReadOnly(file: string, nativeBinding?: string): Db | null {
  if (!fs.existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return db;
}

/**
 * Another connection to a workspace database that openDb has opened (and migrated), for a thread of its
 * own (the serving log writer's): the same busy timeout and durability, no migrations. Foreign keys stay
 * off, as the thread only inserts rows of tables without any.
 */
export function openWriterDb(file: string, nativeBinding?: string): Db {
  const db = new Database(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('synchronous = NORMAL');
  return db;
}

/**
 * Opens (creating when new) the workspace's SQLite file: WAL, foreign keys, a busy timeout so two
 * processes can share it, and every pending migration applied in one transaction each.
 * A workspace written by a newer Ciclo is refused before anything is touched.
 */
export function openDb(file: string, options: OpenDbOptions = {}): Db {
  const migrations = options.migrations ?? allMigrations;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // statement journals in memory: a multi-row insert into prediction_logs inside a transaction (and,
    // until migration 0016, the per-day totals trigger of 0014) needs a statement journal; as a temporary
    // file it made every logged row about 5x slower, in memory about 1.3x
    db.pragma('temp_store = MEMORY');
    migrate(db, migrations);
    if (options.nativeBinding) bindings.set(db, options.nativeBinding);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function schemaVersion(db: Db): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

function migrate(db: Db, migrations: Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const known = migrations.length ? migrations[migrations.length - 1].version : 0;
  const current = schemaVersion(db);
  if (current > known) {
    throw new AppError(
      'workspace_too_new',
      `This workspace was written by a newer version of Ciclo (schema ${current}; this Ciclo knows up to ${known}). ` + 'Update Ciclo to open it; nothing was changed.',
      { schemaVersion: current, supported: known },
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    // BEGIN IMMEDIATE takes the write lock first, so two processes never apply the same migration.
    const apply = db.transaction(() => {
      if (schemaVersion(db) >= m.version) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    });
    apply.immediate();
  }
}

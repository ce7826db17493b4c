import type Database from 'better-sqlite3';
import type { Db } from './db.js';

/**
 * Typed helpers over better-sqlite3 that every store module uses: a statement cache per connection and
 * `one/all/run` that say which row type a query returns. SQL lives in electron/core/store/ only (a test
 * checks it); services call the stores' named functions.
 */

/** Bound parameters (better-sqlite3 accepts numbers, strings, bigints, buffers and null). */
export type Param = unknown;

const MAX_CACHED = 500;
const caches = new WeakMap<Db, Map<string, Database.Statement>>();

/** The prepared statement for this SQL on this connection, prepared once and kept (the oldest dropped past 500). */
export function statement(db: Db, sql: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(sql, stmt);
  }
  return stmt;
}

/** The first row, or undefined. */
export function one<Row>(db: Db, sql: string, ...params: Param[]): Row | undefined {
  return statement(db, sql).get(...params) as Row | undefined;
}

/** Every row. */
export function all<Row>(db: Db, sql: string, ...params: Param[]): Row[] {
  return statement(db, sql).all(...params) as Row[];
}

/** Every row as an array of column values (no names), in column order. */
export function allRaw<Row extends unknown[]>(db: Db, sql: string, ...params: Param[]): Row[] {
  // a raw statement keeps that mode: prepared apart, never from the shared cache
  return db
    .prepare(sql)
    .raw()
    .all(...params) as Row[];
}

/** A write: changes and lastInsertRowid. */
export function run(db: Db, sql: string, ...params: Param[]): Database.RunResult {
  return statement(db, sql).run(...params);
}

/** Runs a script (several statements, no parameters). */
export function execScript(db: Db, sql: string): void {
  db.exec(sql);
}

/** Runs fn in one transaction (DEFERRED, as better-sqlite3's default; nested calls become savepoints). */
export function transaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn)();
}

/** Runs fn in one transaction that takes the write lock first (BEGIN IMMEDIATE). */
export function immediateTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/** A counter SQLite bumps whenever another connection commits (PRAGMA data_version). */
export function dataVersion(db: Db): number {
  return db.pragma('data_version', { simple: true }) as number;
}

/** `?, ?, ?` for n parameters (an IN list). */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

import type { Db } from './db.js';
import { all, allRaw } from './sql.js';

/**
 * Every place the store keeps a blob hash: the one list the collector reads, easy to extend.
 *
 * Columns of any table named `hash`, `*_hash` or `*_blob` (TEXT) are found on their own, so a new table
 * that follows the naming is covered without a line here. Anything else (a hash inside a JSON column, a
 * column with another name) is added with `extraBlobReferences.push(...)` from its domain, or a line in
 * the list below. The collector is conservative besides: a blob younger than its grace period is never
 * removed, referenced or not.
 */
export interface BlobReference {
  table: string;
  /** A column holding a hash, or an SQL expression over the table's columns (e.g. json_extract(...)). */
  expr: string;
}

export const extraBlobReferences: BlobReference[] = [
  // e.g. { table: 'bundles', expr: "json_extract(manifest, '$.packageHash')" }
];

/** Columns named like a blob reference that hold another hash (table.column). */
export const notBlobReferences = new Set<string>([
  // a bundle's identity: the SHA-256 of its manifest, never stored as a blob
  'imported_bundles.manifest_hash',
]);

const NAMED = /^(hash|.+_hash|.+_blob)$/i;

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The hash columns found by name in every table of the store, plus the extra references. */
export function blobReferences(db: Db): BlobReference[] {
  const tables = all<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").map((t) => t.name);
  const out: BlobReference[] = [];
  for (const table of tables) {
    const cols = all<{ name: string; type: string }>(db, `PRAGMA table_info(${quote(table)})`);
    for (const c of cols) if (NAMED.test(c.name) && !/BLOB/i.test(c.type) && !notBlobReferences.has(`${table}.${c.name}`)) out.push({ table, expr: quote(c.name) });
  }
  for (const r of extraBlobReferences) if (tables.includes(r.table)) out.push(r);
  return out;
}

/** Every hash the store refers to. */
export function referencedHashes(db: Db): Set<string> {
  const out = new Set<string>();
  for (const r of blobReferences(db)) {
    const rows = allRaw<[unknown]>(db, `SELECT DISTINCT ${r.expr} AS h FROM ${quote(r.table)} WHERE ${r.expr} IS NOT NULL`);
    for (const [h] of rows) if (typeof h === 'string') out.add(h);
  }
  return out;
}

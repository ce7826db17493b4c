import crypto from 'node:crypto';
import type { Column, VersionDiff } from '../../../shared/schemas/dataset.js';
import type { RawImages } from './blob-format.js';
import type { RawColumn, RawTable } from './columns.js';

export interface DiffSide {
  id: string;
  version: number;
  hash: string;
  rows: number;
  columns: Column[];
  target: string | null;
}

function stringHash(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** One 53-bit key per row over the given columns, the same for equal values whatever the dictionary codes. */
function rowKeys(cols: RawColumn[], rows: number): Float64Array {
  const h1 = new Uint32Array(rows).fill(0x811c9dc5);
  const h2 = new Uint32Array(rows).fill(0x9747b28c);
  const pair = new Float64Array(1);
  const words = new Uint32Array(pair.buffer);
  const mix = (h: number, x: number, k: number) => Math.imul((h ^ x) >>> 0, k) >>> 0;
  for (const col of cols) {
    if (col.storage === 'f64') {
      for (let i = 0; i < rows; i++) {
        pair[0] = col.values[i];
        h1[i] = mix(mix(h1[i], words[0], 0x01000193), words[1], 0x01000193);
        h2[i] = mix(mix(h2[i], words[1], 0x5bd1e995), words[0], 0x5bd1e995);
      }
    } else {
      const a = col.dict.map((s) => stringHash(s, 0x811c9dc5));
      const b = col.dict.map((s) => stringHash(s, 0x9747b28c));
      for (let i = 0; i < rows; i++) {
        const c = col.codes[i];
        h1[i] = mix(h1[i], c < 0 ? 0xdeadbeef : a[c], 0x01000193);
        h2[i] = mix(h2[i], c < 0 ? 0xfeedface : b[c], 0x5bd1e995);
      }
    }
  }
  const keys = new Float64Array(rows);
  for (let i = 0; i < rows; i++) keys[i] = (h1[i] & 0x1fffff) * 4294967296 + h2[i];
  return keys;
}

/** Rows of `to` not in `from` and rows of `from` not in `to`, counting repeated rows (multisets). */
export function multisetChange(from: ArrayLike<number | string>, to: ArrayLike<number | string>): { added: number; removed: number } {
  const counts = new Map<number | string, number>();
  for (let i = 0; i < from.length; i++) counts.set(from[i], (counts.get(from[i]) ?? 0) + 1);
  let added = 0;
  for (let i = 0; i < to.length; i++) {
    const c = counts.get(to[i]);
    if (c) counts.set(to[i], c - 1);
    else added++;
  }
  let removed = 0;
  for (const c of counts.values()) removed += c;
  return { added, removed };
}

function schemaChanges(from: DiffSide, to: DiffSide): Omit<VersionDiff, 'rowsAdded' | 'rowsRemoved' | 'comparedColumns'> {
  const before = new Map(from.columns.map((c) => [c.name, c]));
  const after = new Map(to.columns.map((c) => [c.name, c]));
  const retyped: VersionDiff['columnsRetyped'] = [];
  const roles: VersionDiff['rolesChanged'] = [];
  for (const c of to.columns) {
    const b = before.get(c.name);
    if (!b) continue;
    if (b.type !== c.type) retyped.push({ name: c.name, from: b.type, to: c.type });
    if (b.role !== c.role) roles.push({ name: c.name, from: b.role, to: c.role });
  }
  return {
    from: { id: from.id, version: from.version, hash: from.hash },
    to: { id: to.id, version: to.version, hash: to.hash },
    rowsFrom: from.rows,
    rowsTo: to.rows,
    columnsAdded: to.columns.filter((c) => !before.has(c.name)).map((c) => c.name),
    columnsRemoved: from.columns.filter((c) => !after.has(c.name)).map((c) => c.name),
    columnsRetyped: retyped,
    rolesChanged: roles,
    targetChanged: from.target !== to.target ? { from: from.target, to: to.target } : null,
  };
}

/**
 * The diff of two table versions. Rows are compared on the columns both versions share and store the
 * same way (numbers with numbers, text with text); which columns those were is part of the answer.
 */
export function diffTables(from: DiffSide, fromData: RawTable, to: DiffSide, toData: RawTable): VersionDiff {
  const toByName = new Map(toData.columns.map((c) => [c.name, c]));
  const compared = fromData.columns
    .filter((c) => toByName.get(c.name)?.storage === c.storage)
    .map((c) => c.name)
    .sort();
  const pick = (t: RawTable) => compared.map((n) => t.columns.find((c) => c.name === n)!);
  const { added, removed } =
    compared.length > 0 ? multisetChange(rowKeys(pick(fromData), fromData.rows), rowKeys(pick(toData), toData.rows)) : { added: toData.rows, removed: fromData.rows };
  return { ...schemaChanges(from, to), rowsAdded: added, rowsRemoved: removed, comparedColumns: compared };
}

function imageKeys(images: RawImages): string[] {
  const frame = images.height * images.width * images.channels;
  const keys: string[] = [];
  for (let i = 0; i < images.rows; i++) {
    const h = crypto.createHash('sha1').update(images.pixels.subarray(i * frame, (i + 1) * frame));
    keys.push(`${images.classes[images.labels[i]]}:${h.digest('base64')}`);
  }
  return keys;
}

/** The diff of two image versions: images (with their class) added and removed. */
export function diffImages(from: DiffSide, fromData: RawImages, to: DiffSide, toData: RawImages): VersionDiff {
  const comparable = fromData.height === toData.height && fromData.width === toData.width && fromData.channels === toData.channels;
  const { added, removed } = comparable ? multisetChange(imageKeys(fromData), imageKeys(toData)) : { added: toData.rows, removed: fromData.rows };
  return { ...schemaChanges(from, to), rowsAdded: added, rowsRemoved: removed, comparedColumns: comparable ? ['image', 'label'] : [] };
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tableContentHash } from '../../electron/core/datasets/blob-format.js';
import { ColumnBuilder, type RawTable } from '../../electron/core/datasets/columns.js';
import { ImportThread } from '../../electron/core/datasets/import-thread.js';
import { dictJsonFromBytes, dictJsonOf, takeDictBytes } from '../../electron/core/datasets/table-chunks.js';
import { tempDir } from '../helpers/workspace.js';

/**
 * A table's stored bytes are the same whichever way they are made: a dictionary's JSON from the bytes its
 * texts were read from, or from its strings; the blob written by the import's second thread, or streamed
 * by the main thread.
 */

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Cells as the CSV fast path gives them: bytes, in a builder. */
function column(name: string, cells: string[], shared = false): ColumnBuilder {
  const b = new ColumnBuilder(name, 16, false, null, shared);
  for (const c of cells) {
    const buf = Buffer.from(c, 'utf8');
    b.pushBytes(buf, 0, buf.length, 'utf8');
  }
  return b;
}

const odd = ['back\\slash', 'tab\there', 'quote"d', 'ñandú', 'emoji 😀', 'plain', '', 'NA', 'bell\u0007', 'x', 'plain', '7', 'del\u007f'];

describe('stored table bytes', () => {
  it('makes a dictionary JSON from its bytes exactly as JSON.stringify of its strings', () => {
    for (const cells of [odd, ['a', 'b', 'a'], ['only'], ['ü', 'ö'], Array.from({ length: 5000 }, (_, i) => `id-${i % 4000}`)]) {
      const col = column('c', ['text', ...cells]).finish();
      if (col.storage !== 'dict') throw new Error('expected text');
      const bytes = takeDictBytes(col.dict);
      expect(bytes).not.toBeNull();
      expect(dictJsonFromBytes(bytes!)!.equals(dictJsonOf(col.dict)), cells.slice(0, 3).join()).toBe(true);
      // taken once: the bytes are let go
      expect(takeDictBytes(col.dict)).toBeNull();
    }
  });

  it('writes the same blob on the second thread as the main thread streams', async () => {
    const rows = ['1.5', '', '-3', '1e3', 'NA', '2'];
    const make = (shared: boolean): RawTable => {
      const cols = [column('x', rows, shared), column('word', odd.slice(0, rows.length), shared), column('mixed', ['1', '2', 'a', '', 'b', 'ü'], shared)];
      return { rows: rows.length, columns: cols.map((c) => c.finish()) };
    };
    const expected = tableContentHash(make(false));
    const thread = ImportThread.start();
    try {
      const file = path.join(dir, 'blob');
      const written = await thread.writeTable(make(true), file);
      expect(written?.hash).toBe(expected);
      expect(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(expected);
      expect(written?.size).toBe(fs.statSync(file).size);
    } finally {
      thread.close();
    }
  });
});

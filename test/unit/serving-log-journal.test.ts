import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexFile, indexOrphanJournals, journalDir } from '../../electron/core/serving/log-journal-index.js';
import { JournalWriter } from '../../electron/core/serving/log-journal-writer.js';
import { newRing, Ring } from '../../electron/core/serving/log-ring.js';
import { LogWriter, type ServedVersion } from '../../electron/core/serving/log-writer.js';
import { bodyRows, CONTENT_CSV, CONTENT_JSON, PROTOCOLS } from '../../electron/core/serving/request-rows.js';
import { openDb, type Db } from '../../electron/core/store/db.js';
import { logRecord } from '../../electron/core/store/prediction-log-store.js';
import type { Preprocessing } from '../../electron/core/training/preprocess.js';
import { repoRoot, tempDir } from '../helpers/workspace.js';

// The served log's journal: requests go in as bytes (the body as received, the answers' output texts) and
// come out of the indexer as the very rows the server logged before the journal existed.

const pre = { featureNames: ['a', 'b', 'c'], inputShape: [3], image: null, features: [] } as unknown as Preprocessing;
const version: ServedVersion = { projectId: 'p', modelName: 'm', version: 3, runId: 'run', deploymentId: 'dep', preprocessing: pre };
const out = (i: number) => `{"label":"${i % 2 ? 'yes' : 'no'}","probabilities":{"no":0.25,"yes":0.75}}`;

/** Every protocol and content type a served request can have, with the rows it holds. */
const bodies: { protocol: string; content: number; text: string }[] = [
  { protocol: 'tfserving', content: CONTENT_JSON, text: JSON.stringify({ instances: [{ a: 1, b: 'x', c: null }, [2, 'y', 3.5]] }) },
  { protocol: 'tfserving', content: CONTENT_JSON, text: JSON.stringify({ inputs: { a: [1, 2], b: ['x', 'é'], c: [0, 1] } }) },
  { protocol: 'tfserving', content: CONTENT_JSON, text: JSON.stringify({ inputs: [[1, 'x', 2]] }) },
  { protocol: 'mlflow', content: CONTENT_JSON, text: JSON.stringify({ dataframe_split: { columns: ['a', 'b', 'c'], data: [[1, 'x', 2]] } }) },
  { protocol: 'mlflow', content: CONTENT_JSON, text: JSON.stringify({ dataframe_records: [{ c: 1, a: 2, b: 'z' }] }) },
  { protocol: 'mlflow', content: CONTENT_JSON, text: JSON.stringify({ instances: [[1, 'x', 2], { a: 1, b: 'q', c: 2 }] }) },
  { protocol: 'mlflow', content: CONTENT_JSON, text: JSON.stringify({ inputs: { a: [1], b: ['x'], c: [2] } }) },
  { protocol: 'mlflow', content: CONTENT_CSV, text: 'a,b,c\n1,x,2\n3,"y,z",\n' },
  { protocol: 'v2', content: CONTENT_JSON, text: JSON.stringify({ inputs: [{ name: 'x', shape: [2, 3], datatype: 'FP32', data: [1, 2, 3, 4, 5, 6] }] }) },
  {
    protocol: 'v2',
    content: CONTENT_JSON,
    text: JSON.stringify({
      inputs: [
        { name: 'a', shape: [1], datatype: 'FP32', data: [1] },
        { name: 'b', shape: [1], datatype: 'BYTES', data: ['x'] },
        { name: 'c', shape: [1, 1], datatype: 'FP32', data: [[2]] },
      ],
    }),
  },
];

function logged(db: Db) {
  return db
    .prepare(
      'SELECT request_id, row_index, ts, project_id, model_name, model_version, run_id, source, protocol, deployment_id, input, output, prediction, latency_ms, warnings FROM prediction_logs ORDER BY request_id, row_index',
    )
    .all() as Record<string, unknown>[];
}

/** Served requests `r0..` of every body, added as the server adds them. */
function serve(w: LogWriter, times = 1, prefix = 'r'): number {
  let rows = 0;
  for (let t = 0; t < times; t++)
    bodies.forEach((b, k) => {
      const n = bodyRows(b.protocol, b.content, b.text, pre).length;
      const warnings = k === 0 ? [{ row: 1, field: 'b', message: 'row 1: "y" was never seen' }] : [];
      w.addServed(
        version,
        PROTOCOLS.indexOf(b.protocol as 'v2'),
        b.content,
        `${prefix}${t}-${k}`,
        Buffer.from(b.text),
        Array.from({ length: n }, (_, i) => out(i)),
        warnings,
        1.25,
      );
      rows += n;
    });
  return rows;
}

const dayTotals = (db: Db) => db.prepare("SELECT SUM(requests) AS n FROM prediction_log_days WHERE source = 'server'").get() as { n: number };

describe('the served log journal', () => {
  it('every protocol and content type: the indexed rows are the rows the server logged before (LogRow through logRecord)', () => {
    const db = openDb(path.join(tempDir(), 'ciclo.db'));
    const w = new LogWriter(db, { flushMs: 60_000 }); // no thread: the ring is read back on this thread
    const t0 = Date.now();
    serve(w);
    w.flush();
    const got = logged(db);
    // what scoring.ts logged per row until this change: logRecord of the row object with the answer's output text
    const want = bodies.flatMap((b, k) =>
      bodyRows(b.protocol, b.content, b.text, pre).map((input, i) =>
        logRecord(
          {
            requestId: `r0-${k}`,
            rowIndex: i,
            ts: '',
            projectId: 'p',
            modelName: 'm',
            modelVersion: 3,
            runId: 'run',
            source: 'server',
            protocol: b.protocol,
            deploymentId: 'dep',
            input,
            output: null,
            prediction: i % 2 ? 'yes' : 'no',
            latencyMs: 1.25,
            warnings: k === 0 && i === 1 ? [{ row: 1, field: 'b', message: 'row 1: "y" was never seen' }] : null,
          },
          out(i),
        ),
      ),
    );
    want.sort((x, y) => String(x[0]).localeCompare(String(y[0])) || Number(x[1]) - Number(y[1]));
    expect(got.map((r) => [...Object.values(r).slice(0, 2), '', ...Object.values(r).slice(3)])).toEqual(want);
    for (const r of got) expect(Date.parse(r.ts as string)).toBeGreaterThanOrEqual(t0 - 1);
    expect(got.find((r) => r.request_id === 'r0-1' && r.row_index === 1)!.input).toBe('{"a":2,"b":"é","c":1}');
    expect(dayTotals(db).n).toBe(got.length);
    w.close();
    db.close();
  });

  it('a full ring drops and counts whole requests, never blocks', () => {
    const db = openDb(path.join(tempDir(), 'ciclo.db'));
    const w = new LogWriter(db, { flushMs: 60_000, ringBytes: 4096 });
    const rows = serve(w, 20);
    expect(w.dropped).toBeGreaterThan(0);
    w.flush();
    const n = logged(db).length;
    expect(n).toBeGreaterThan(0);
    expect(n + w.dropped).toBe(rows);
    w.close();
    db.close();
  });

  it('the ring hands over records across its wrap in order', () => {
    const ring = new Ring(newRing(100));
    const seen: string[] = [];
    const put = (s: string) => {
      const at = ring.reserve(s.length);
      if (at < 0) return false;
      ring.buf.write(s, at, 'latin1');
      ring.commit(at + s.length);
      return true;
    };
    for (let i = 0; i < 40; i++) {
      expect(put(`record-${String(i).padStart(3, '0')}|`)).toBe(true);
      if (i % 3 === 2) ring.drain((b) => seen.push(b.toString('latin1')));
    }
    ring.drain((b) => seen.push(b.toString('latin1')));
    expect(seen.join('')).toBe(Array.from({ length: 40 }, (_, i) => `record-${String(i).padStart(3, '0')}|`).join(''));
    expect(put('x'.repeat(100))).toBe(false);
  });

  /** A journal file of a dead process: requests served through a ring into a JournalWriter. */
  function orphanJournal(db: Db, times: number, prefix = 'r'): { file: string; rows: number } {
    const dir = journalDir(db);
    const w = new LogWriter(db, { flushMs: 60_000 });
    const j = new JournalWriter(dir);
    const rows = serve(w, times, prefix);
    (w as unknown as { ring: Ring }).ring.drain((b) => j.append(b));
    j.close();
    w.close();
    const name = fs.readdirSync(dir).find((f) => !f.startsWith('999999999-'))!;
    const dead = path.join(dir, `999999999-${name.slice(name.indexOf('-') + 1)}`); // a pid no process has
    fs.renameSync(path.join(dir, name), dead);
    return { file: dead, rows };
  }

  it('a torn last record (kill -9 in a write) is ignored; re-indexing a file stores nothing twice', () => {
    const db = openDb(path.join(tempDir(), 'ciclo.db'));
    const { file, rows } = orphanJournal(db, 3);
    fs.truncateSync(file, fs.statSync(file).size - 7);
    const lastRows = bodyRows(bodies.at(-1)!.protocol, CONTENT_JSON, bodies.at(-1)!.text, pre).length;
    const first = indexFile(db, file);
    expect(first.rows).toBe(rows - lastRows);
    expect(indexFile(db, file).rows).toBe(rows - lastRows); // handed to the insert again: ignored
    expect(logged(db)).toHaveLength(rows - lastRows);
    expect(dayTotals(db).n).toBe(rows - lastRows);
    expect(indexOrphanJournals(db)).toBe(rows - lastRows); // claimed, indexed (a third time), deleted
    expect(fs.readdirSync(journalDir(db))).toEqual([]);
    expect(logged(db)).toHaveLength(rows - lastRows);
    expect(dayTotals(db).n).toBe(rows - lastRows);
    db.close();
  });

  it('the journal past its disk budget drops and counts rows; indexing frees it', () => {
    const db = openDb(path.join(tempDir(), 'ciclo.db'));
    const w = new LogWriter(db, { flushMs: 60_000 });
    const j = new JournalWriter(journalDir(db), 6000, 2000);
    const rows = serve(w, 30);
    const ring = (w as unknown as { ring: Ring }).ring;
    ring.drain((b) => j.append(b));
    expect(j.dropped).toBeGreaterThan(0);
    expect(j.index(db, Infinity)).toBe(true);
    expect(logged(db).length + j.dropped).toBe(rows);
    expect(fs.readdirSync(journalDir(db)).length).toBe(1); // the current file only; the indexed ones are gone
    j.close();
    expect(fs.readdirSync(journalDir(db))).toEqual([]);
    w.close();
    db.close();
  });

  it('two processes claiming the same orphans: each file is indexed by one of them, every row once', async () => {
    const dbFile = path.join(tempDir(), 'ciclo.db');
    const db = openDb(dbFile);
    let rows = 0;
    for (let k = 0; k < 6; k++) rows += orphanJournal(db, 5, `f${k}-`).rows;
    db.close();
    const script = `import { openDb } from './electron/core/store/db.ts'; import { indexOrphanJournals } from './electron/core/serving/log-journal-index.ts';
      const db = openDb(${JSON.stringify(dbFile)}); console.log(indexOrphanJournals(db)); db.close();`;
    const run = () =>
      new Promise<number>((resolve, reject) => {
        const c = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot });
        let text = '';
        c.stdout.on('data', (d) => (text += d));
        c.on('exit', (code) => (code === 0 ? resolve(Number(text.trim())) : reject(new Error(`exit ${code}`))));
      });
    const counts = await Promise.all([run(), run()]);
    expect(counts[0] + counts[1]).toBe(rows);
    const again = openDb(dbFile);
    expect(logged(again)).toHaveLength(rows);
    expect(dayTotals(again).n).toBe(rows);
    expect(fs.readdirSync(journalDir(again))).toEqual([]);
    again.close();
  }, 60_000);
});

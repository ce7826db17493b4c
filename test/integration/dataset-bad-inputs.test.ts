import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../electron/core/services.js';
import { doorOf } from '../../electron/core/door.js';
import { startServer, type RunningServer } from '../../electron/server/server.js';
import type { ImportResult } from '../../shared/schemas/dataset.js';
import { repoRoot, testServices } from '../helpers/workspace.js';

interface Case {
  case: string;
  expect: 'error' | 'ok';
  key?: string;
  message?: string[];
  options?: Record<string, unknown>;
  columns?: { name: string; type: string; role: string }[];
  warnings?: string[];
  validation?: string[];
  values?: Record<string, string[]>;
  project?: 'binary' | 'multiclass' | 'regression';
}

const corpus = path.join(repoRoot, 'test/fixtures/bad-inputs');
const manifest = JSON.parse(fs.readFileSync(path.join(corpus, 'manifest.json'), 'utf8')) as { cases: Case[] };

/** Imports through the router and the job runner, as the UI does; returns the result or the error. */
async function importCase(
  s: Services,
  project: string,
  c: Case,
): Promise<{ result?: ImportResult; error?: { message: string; code?: string; key?: string; params?: Record<string, unknown>; inJob?: boolean } }> {
  try {
    // the corpus checks reading, not target suggestion: a case without a target imports with none
    const job = (await s.call('dataset.import', { project, path: path.join(corpus, c.case), target: null, ...c.options }, { door: 'test' })) as { id: string };
    const done = await s.jobs.wait(job.id);
    if (done.status === 'succeeded') return { result: done.result as ImportResult };
    // a failure inside the job keeps its translatable issue (key and params) in job.error.details
    const issues = done.error?.details?.issues as { key: string; params: Record<string, unknown>; message: string }[] | undefined;
    return { error: { message: done.error?.message ?? done.message, code: done.error?.code, key: issues?.[0]?.key, params: issues?.[0]?.params, inJob: true } };
  } catch (err) {
    const e = err as { message: string; code?: string; details?: { issues?: { key: string }[] } };
    return { error: { message: e.message, code: e.code, key: e.details?.issues?.[0]?.key } };
  }
}

function storedFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'tmp') continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...storedFiles(full));
    else out.push(full);
  }
  return out;
}

describe('bad-input corpus', () => {
  const opened: Services[] = [];
  afterAll(async () => {
    for (const s of opened) await s.close();
  });

  it('lists every file of the corpus in the manifest', () => {
    const listed = new Set(manifest.cases.map((c) => c.case));
    const present = fs.readdirSync(corpus).filter((f) => f !== 'manifest.json' && f !== 'http');
    expect(present.filter((f) => !listed.has(f))).toEqual([]);
  });

  it('a failed import job keeps the issue key and params in job.error.details', async () => {
    const s = testServices();
    opened.push(s);
    await s.call('project.create', { name: 'details', taskType: 'multiclass' }, { door: 'test' });
    const failed = async (file: string, options: Record<string, unknown> = {}) => {
      const job = (await s.call('dataset.import', { project: 'details', path: path.join(corpus, file), ...options }, { door: 'test' })) as { id: string };
      const done = await s.jobs.wait(job.id);
      expect(done.status).toBe('failed');
      expect(done.error?.code).toBe('invalid_input');
      return (done.error?.details as { issues: { key: string; params: Record<string, unknown> }[] }).issues[0];
    };
    expect(await failed('ragged.csv')).toMatchObject({ key: 'import.ragged_row', params: { file: 'ragged.csv', line: 4, expected: 3, found: 4 } });
    expect(await failed('unterminated-quote.csv')).toMatchObject({ key: 'import.unterminated_quote', params: { file: 'unterminated-quote.csv', line: 3 } });
    expect(await failed('missing-target.csv', { target: 'price' })).toMatchObject({ key: 'import.target_missing', params: { column: 'price', known: 'size, colour, label' } });
    expect(await failed('not-a-number.csv', { types: { amount: 'numeric' } })).toMatchObject({ key: 'import.type_mismatch', params: { column: 'amount', row: 2, value: 'abc' } });
  });

  for (const c of manifest.cases) {
    it(`${c.case}: ${c.expect === 'error' ? c.message!.join(' … ') : 'imports'}`, async () => {
      const s = testServices();
      opened.push(s);
      const project = (await s.call('project.create', { name: 'corpus', taskType: c.project ?? 'multiclass' }, { door: 'test' })) as { id: string };
      const out = await importCase(s, project.id, c);
      if (c.expect === 'error') {
        expect(out.error, `expected ${c.case} to fail`).toBeDefined();
        // a refusal, never a crash
        expect(out.error!.code).not.toBe('internal');
        for (const fragment of c.message!) expect(out.error!.message).toContain(fragment);
        // every refusal carries its key, whether it came before the job or from inside it
        expect(out.error!.key).toBe(c.key);
        if (out.error!.inJob) expect(Object.keys(out.error!.params ?? {}).length).toBeGreaterThan(0);
        // nothing stored: no data set rows, no blobs
        expect((s.db.prepare('SELECT COUNT(*) AS n FROM datasets').get() as { n: number }).n).toBe(0);
        expect((s.db.prepare('SELECT COUNT(*) AS n FROM dataset_versions').get() as { n: number }).n).toBe(0);
        expect(storedFiles(s.blobs.root)).toEqual([]);
        const stage = (await s.call('project.get', { project: project.id }, { door: 'test' })) as { stage: string };
        expect(stage.stage).toBe('designed');
        return;
      }
      expect(out.error?.message).toBeUndefined();
      const r = out.result!;
      expect(r.version.columns.map(({ name, type, role }) => ({ name, type, role }))).toEqual(c.columns);
      expect(r.warnings.map((w) => w.key)).toEqual(c.warnings ?? []);
      if (c.validation) for (const key of c.validation) expect(r.validation.map((v) => v.key)).toContain(key);
      if (c.values) {
        const table = await s.datasets.loadTable(r.version.id);
        for (const [col, values] of Object.entries(c.values)) expect(table.values[col]).toEqual(values);
      }
    });
  }
});

interface HttpCase {
  case: string;
  method: string;
  status: number;
  code: string;
  message: string[];
}

const httpCorpus = path.join(corpus, 'http');
const httpManifest = JSON.parse(fs.readFileSync(path.join(httpCorpus, 'manifest.json'), 'utf8')) as { cases: HttpCase[] };

describe('bad HTTP bodies (browser mode)', () => {
  let s: Services;
  let server: RunningServer;
  beforeAll(async () => {
    s = testServices();
    server = await startServer({ door: doorOf(s), uploadDir: path.join(s.dataDir, 'uploads') });
  });
  afterAll(async () => {
    await server.close();
    await s.close();
  });

  it('lists every body of the corpus in its manifest', () => {
    const listed = new Set(httpManifest.cases.map((c) => c.case));
    expect(fs.readdirSync(httpCorpus).filter((f) => f !== 'manifest.json' && !listed.has(f))).toEqual([]);
  });

  for (const c of httpManifest.cases) {
    it(`${c.case} to ${c.method}: ${c.status} ${c.code}`, async () => {
      const res = await fetch(`${server.url}api/${c.method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
        body: fs.readFileSync(path.join(httpCorpus, c.case)),
      });
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(res.status).toBe(c.status);
      expect(body.error.code).toBe(c.code);
      for (const fragment of c.message) expect(body.error.message).toContain(fragment);
      // nothing stored, nothing polluted
      expect((s.db.prepare('SELECT COUNT(*) AS n FROM projects').get() as { n: number }).n).toBe(0);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }
});

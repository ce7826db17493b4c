import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/errors.js';
import { openDb, schemaVersion } from '../../electron/core/store/db.js';
import { migrations } from '../../electron/core/store/migrations/index.js';
import { BlobStore } from '../../electron/core/store/blobs.js';
import { Readable } from 'node:stream';
import { repoRoot, tempDir, testServices } from '../helpers/workspace.js';
import type { Services } from '../../electron/core/services.js';

const open: Services[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('metadata store', () => {
  it('applies every migration once, in WAL mode with foreign keys on', () => {
    const file = path.join(tempDir(), 'ciclo.db');
    const db = openDb(file);
    expect(schemaVersion(db)).toBe(migrations[migrations.length - 1].version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
    const again = openDb(file);
    const rows = again.prepare('SELECT version FROM schema_version ORDER BY version').all() as { version: number }[];
    expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    again.close();
  });

  it('migration files are numbered 1..n without gaps, one per file', () => {
    const dir = path.join(repoRoot, 'electron/core/store/migrations');
    const numbered = fs
      .readdirSync(dir)
      .filter((f) => /^\d{4}-.+\.ts$/.test(f))
      .sort();
    expect(numbered.map((f) => Number(f.slice(0, 4)))).toEqual(numbered.map((_, i) => i + 1));
    expect(migrations.map((m) => m.version)).toEqual(numbered.map((_, i) => i + 1));
  });

  it('refuses a workspace written by a newer Ciclo and leaves it untouched', () => {
    const file = path.join(tempDir(), 'ciclo.db');
    openDb(file).close();
    const raw = new Database(file);
    raw.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(999, 'from-the-future', new Date().toISOString());
    raw.close();
    const before = fs.readFileSync(file);
    let error: unknown;
    try {
      openDb(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('workspace_too_new');
    expect((error as AppError).message).toMatch(/newer version of Ciclo/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('two processes can write to one workspace at the same time', () => {
    const dir = tempDir();
    const script = `
      import { createServices } from './electron/core/services.ts';
      const s = createServices({ dataDir: process.argv[2] });
      for (let i = 0; i < 40; i++) await s.call('project.create', { name: 'p-' + process.argv[3] + '-' + i, taskType: 'binary' }, { door: 'test' });
      await s.close();
    `;
    const file = path.join(dir, 'writer.mts');
    fs.writeFileSync(file, script.replaceAll('./electron', path.join(repoRoot, 'electron')));
    const runOne = (tag: string) =>
      new Promise<number>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', file, dir, tag], {
          cwd: repoRoot,
          env: { ...process.env, CICLO_PREFS_DIR: path.join(dir, 'prefs') },
          stdio: 'inherit',
        });
        child.on('close', (code) => resolve(code ?? -1));
      });
    return Promise.all([runOne('a'), runOne('b')]).then(async (codes) => {
      expect(codes).toEqual([0, 0]);
      const s = testServices(dir);
      open.push(s);
      expect(s.projects.list(true)).toHaveLength(80);
    });
  });
});

describe('blob store', () => {
  it('names blobs by the sha256 of their content and stores identical content once', async () => {
    const blobs = new BlobStore(tempDir());
    const a = blobs.put('hello');
    expect(a).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect(blobs.put(Buffer.from('hello'))).toBe(a);
    expect(blobs.readText(a)).toBe('hello');
    const streamed = await blobs.putStream(Readable.from([Buffer.from('hel'), Buffer.from('lo')]));
    expect(streamed).toEqual({ hash: a, size: 5 });
    expect(fs.readdirSync(path.join(blobs.root, 'tmp'))).toEqual([]);
  });

  it('rejects names that are not hashes (no path tricks)', () => {
    const blobs = new BlobStore(tempDir());
    expect(() => blobs.pathOf('../../etc/passwd')).toThrow(/Not a blob hash/);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../shared/contract/errors.js';
import { BundleService } from '../../electron/core/bundles/service.js';
import { DEFAULT_LIMITS } from '../../electron/core/bundles/format.js';
import type { Services } from '../../electron/core/services.js';
import { repoRoot, testServices } from '../helpers/workspace.js';

// The bad-bundle corpus (made by test/fixtures/bundles/make-corpus.mjs): every case is refused with its own
// message, by verify and by import, and an import refusal leaves the workspace exactly as it was.
const dir = path.join(repoRoot, 'test/fixtures/bundles');
const corpus = JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8')) as {
  signer: { publicKey: string; fingerprint: string };
  cases: { file: string; expect: string; check: string }[];
};

let s: Services;
const call = <T = any>(method: string, input: unknown) => s.call(method, input, { door: 'test' }) as Promise<T>;
const failure = (method: string, input: unknown) =>
  call(method, input).then(
    () => {
      throw new Error(`${method} should have failed`);
    },
    (e: AppError) => e,
  );

function listFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}
function snapshot() {
  const tables = (s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((t) => t.name);
  const counts = Object.fromEntries(tables.map((t) => [t, (s.db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n]));
  return { counts, blobs: listFiles(path.join(s.dataDir, 'blobs')) };
}

beforeAll(async () => {
  s = testServices();
  await call('keys.show', {});
});
afterAll(async () => {
  await s?.close();
});

describe('the bad-bundle corpus', () => {
  it('has a base bundle that verifies (so each case fails for its own reason)', async () => {
    const r = await call('bundle.verify', { path: path.join(dir, 'base.ciclo') });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.signer.fingerprint).toBe(corpus.signer.fingerprint);
    expect(r.trusted).toBe(false);
  });

  for (const c of corpus.cases) {
    it(`refuses ${c.file}: "${c.expect}", storing nothing`, async () => {
      const file = path.join(dir, c.file);
      const report = await call('bundle.verify', { path: file });
      expect(report.ok).toBe(false);
      expect(report.problems.map((p: { message: string }) => p.message).join('\n')).toContain(c.expect);
      expect(report.problems.some((p: { check: string }) => p.check === c.check)).toBe(true);
      const before = snapshot();
      const err = await failure('bundle.import', { path: file, trustSigner: true });
      expect(err.code).toBe('invalid_input');
      expect(err.message).toContain(c.expect);
      expect(snapshot()).toEqual(before);
    });
  }
});

describe('signers', () => {
  it('refuses an unknown signer unless trusted, naming its fingerprint', async () => {
    const before = snapshot();
    const err = await failure('bundle.import', { path: path.join(dir, 'base.ciclo') });
    expect(err.message).toContain(`signed by key ${corpus.signer.fingerprint}, which this workspace does not trust`);
    expect(snapshot()).toEqual(before);
  });

  it('refuses a revoked signer always, even with trustSigner', async () => {
    const trusted = await call('keys.trust', { key: corpus.signer.publicKey, name: 'Corpus laptop' });
    expect(trusted).toMatchObject({ fingerprint: corpus.signer.fingerprint, name: 'Corpus laptop', revokedAt: null });
    expect((await call('bundle.verify', { path: path.join(dir, 'base.ciclo') })).trusted).toBe(true);
    await call('keys.revoke', { key: corpus.signer.fingerprint.slice(0, 9), reason: 'laptop stolen' });
    const list = await call<any[]>('keys.list', {});
    expect(list[0].own).toBe(true);
    expect(list.find((k) => k.fingerprint === corpus.signer.fingerprint).revokedAt).toBeTruthy();
    const before = snapshot();
    const err = await failure('bundle.import', { path: path.join(dir, 'base.ciclo'), trustSigner: true });
    expect(err.message).toContain('which this workspace revoked');
    expect(snapshot()).toEqual(before);
    const again = await failure('keys.trust', { key: corpus.signer.publicKey, name: 'again' });
    expect(again.message).toContain('revoked');
  });
});

describe('size limits', () => {
  it('refuses a file over the per-file limit and a bundle over the total limit before inflating anything', async () => {
    const file = path.join(dir, 'base.ciclo');
    const perFile = await new BundleService(s, { ...DEFAULT_LIMITS, maxFileBytes: 200 }).verify(file);
    expect(perFile.ok).toBe(false);
    expect(perFile.problems.map((p) => p.message).join('\n')).toMatch(/over the limit of 200 bytes per file/);
    const total = await new BundleService(s, { ...DEFAULT_LIMITS, maxTotalBytes: 1000 }).verify(file);
    expect(total.problems.map((p) => p.message).join('\n')).toMatch(/would inflate to \d+ bytes in all, over the limit of 1000 bytes/);
  });
});

describe('keys', () => {
  it('keeps the private key in the workspace, readable by its owner only, and shows only the public key', async () => {
    const k = await call('keys.show', {});
    expect(k.publicKey).toMatch(/^ciclo-ed25519:/);
    expect(k.fingerprint).toMatch(/^([0-9a-f]{4}:){7}[0-9a-f]{4}$/);
    const file = path.join(s.dataDir, 'keys', 'workspace-ed25519.pem');
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(JSON.stringify(await call('keys.list', {}))).not.toContain('PRIVATE');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract/errors.js';
import type { Provenance, VerifyReport } from '../../../shared/contract/bundles.js';
import type { CallContext } from '../router.js';
import type { Services } from '../services.js';
import { exportBundle } from './export.js';
import { DEFAULT_LIMITS, ENTRY, type BundleLimits } from './format.js';
import { importOfVersion } from '../store/bundle-store.js';
import { alreadyImported, importBundle, planImport } from './import.js';
import { KeyStore } from './keys.js';
import { verifyBundle, type Verified } from './verify.js';

const asRecord = (b: Buffer | undefined): Record<string, unknown> | null => {
  if (!b) return null;
  try {
    const v = JSON.parse(b.toString('utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/** Signed model bundles: export, verify, inspect, import; the workspace key and the trust store. */
export class BundleService {
  readonly keys: KeyStore;
  readonly exportsDir: string;

  constructor(
    private readonly s: Services,
    readonly limits: BundleLimits = DEFAULT_LIMITS,
  ) {
    this.keys = new KeyStore(s.db, s.dataDir);
    this.exportsDir = path.join(s.dataDir, 'exports');
  }

  defaultFileName(model: string, version: number): string {
    return `${model.replace(/[^\p{L}\p{N}._-]+/gu, '_')}-v${version}.ciclo`;
  }

  async export(ref: string, output?: string) {
    const { model, version } = this.s.registry.resolveRef(ref);
    const file = output ?? path.join(this.exportsDir, this.defaultFileName(model.name, version.version));
    return exportBundle(this.s, this.keys, ref, file);
  }

  /** A bundle written to the exports folder, for a browser download; nothing outside that folder is served. */
  download(file: string) {
    const full = path.resolve(this.exportsDir, file);
    if (path.dirname(full) !== this.exportsDir || !full.endsWith('.ciclo'))
      throw new AppError('invalid_input', 'Only bundles written to the workspace exports folder can be downloaded.');
    if (!fs.existsSync(full)) throw new AppError('not_found', `No exported bundle called ${path.basename(full)}.`, { what: 'bundle', ref: file });
    return { fileName: path.basename(full), base64: fs.readFileSync(full).toString('base64') };
  }

  private report(v: Verified): VerifyReport {
    let plan: VerifyReport['plan'] = null;
    if (v.ok && v.manifest && v.manifestHash) {
      const already = alreadyImported(this.s, v.manifestHash, v.manifest, v.signer?.trust === 'own');
      const charterName = (asRecord(v.documents.get(ENTRY.charter))?.name as string | undefined) ?? v.manifest.model.name;
      try {
        const p = planImport(this.s, v.manifest, charterName);
        plan = { alreadyImportedAs: already, model: p.model, nextVersion: p.nextVersion, newModel: p.newModel, project: p.project, newProject: p.newProject };
      } catch (err) {
        v.problems.push({ check: 'manifest', message: (err as Error).message });
        v.ok = false;
      }
    }
    const trusted = Boolean(v.ok && v.signer && (v.signer.trust === 'own' || v.signer.trust === 'trusted'));
    return {
      ok: v.ok,
      signer: v.signer,
      trusted,
      model: v.manifest?.model.name ?? null,
      version: v.manifest?.model.version ?? null,
      problems: v.problems,
      manifestHash: v.manifestHash,
      files: v.files,
      plan,
    };
  }

  async verify(file: string): Promise<VerifyReport> {
    return this.report(await verifyBundle(path.resolve(file), this.keys, this.limits));
  }

  async inspect(file: string) {
    const v = await verifyBundle(path.resolve(file), this.keys, this.limits);
    const audit = asRecord(v.documents.get(ENTRY.audit));
    return {
      report: this.report(v),
      manifest: v.manifest as unknown as Record<string, unknown> | null,
      documents: v.manifest
        ? {
            charter: asRecord(v.documents.get(ENTRY.charter)),
            evaluation: asRecord(v.documents.get(ENTRY.evaluation)),
            lineage: asRecord(v.documents.get(ENTRY.lineage)),
            inputSchema: asRecord(v.documents.get(ENTRY.inputSchema)),
            auditEvents: Array.isArray(audit?.events) ? audit.events.length : 0,
          }
        : null,
    };
  }

  import(input: { path: string; trustSigner: boolean; name?: string }, ctx: CallContext) {
    return importBundle(this.s, this.keys, this.limits, input, ctx);
  }

  provenance(ref: string): Provenance | null {
    const { version } = this.s.registry.resolveRef(ref);
    const row = importOfVersion(this.s.db, version.id);
    if (!row) return null;
    const docs = this.s.blobs.readJson<Record<string, Record<string, unknown>>>(row.files_blob);
    const evaluation = docs[ENTRY.evaluation] as
      { latest?: { metrics?: Record<string, number>; gatePassed?: boolean; datasetRef?: string } | null; gate?: { status?: string } } | undefined;
    const latest = evaluation?.latest ?? null;
    const key = this.keys.status(row.signer_public_key);
    const audit = docs[ENTRY.audit] as { events?: unknown[] } | undefined;
    return {
      manifestHash: row.manifest_hash,
      signer: { fingerprint: row.signer_fingerprint, name: key.name, trustedHow: row.trusted_how },
      originalModel: row.original_model,
      originalVersion: row.original_version,
      importedAt: row.imported_at,
      importedBy: row.imported_by,
      lineageText: `imported from bundle ${row.manifest_hash}, signed by ${row.signer_fingerprint}`,
      reported: latest ? { metrics: latest.metrics ?? {}, gate: evaluation?.gate?.status ?? null, datasetRef: latest.datasetRef ?? null } : null,
      documents: {
        charter: docs[ENTRY.charter] ?? null,
        evaluation: docs[ENTRY.evaluation] ?? null,
        lineage: docs[ENTRY.lineage] ?? null,
        inputSchema: docs[ENTRY.inputSchema] ?? null,
        auditEvents: Array.isArray(audit?.events) ? audit.events.length : 0,
      },
    };
  }
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/contract/errors.js';
import { columnTypeSchema, type ColumnType } from '../../../shared/schemas/dataset.js';
import { criterionSchema } from '../../../shared/schemas/charter.js';
import { hyperparametersSchema, modelDesignSchema, templateOptionsSchema, type Run } from '../../../shared/schemas/training.js';
import { osUser } from '../audit.js';
import { readSource } from '../datasets/importer.js';
import { newId, nowIso } from '../ids.js';
import type { CallContext } from '../router.js';
import type { Services } from '../services.js';
import type { Db } from '../store/db.js';
import { fsyncDir } from '../store/files.js';
import { importByManifest, insertImport } from '../store/bundle-store.js';
import { RunStore } from '../store/run-store.js';
import { transaction } from '../store/sql.js';
import { ENTRY, type BundleLimits, type Manifest } from './format.js';
import type { KeyStore } from './keys.js';
import { exampleImages, readsImageSet } from './images.js';
import { verifyBundle, type Verified } from './verify.js';

/** The signed documents an import reads, checked (a trusted signer can still ship a broken bundle). */
const lineageDoc = z.object({
  dataset: z.object({ name: z.string(), version: z.number(), hash: z.string(), columns: z.array(z.object({ name: z.string(), type: columnTypeSchema })) }),
  split: z.object({ seed: z.number().int() }).nullable(),
  run: z.object({
    id: z.string(),
    name: z.string(),
    template: z.string(),
    params: hyperparametersSchema,
    design: modelDesignSchema,
    templateOptions: templateOptionsSchema,
    inputShape: z.array(z.number().int()),
    classes: z.array(z.string()).nullable(),
    features: z.array(z.string()),
    paramCount: z.number().int(),
    epochsDone: z.number().int(),
    bestEpoch: z.number().int().nullable(),
    metrics: z.record(z.string(), z.number()),
    bestMetrics: z.record(z.string(), z.number()).nullable(),
    backend: z.string().nullable(),
    environment: z.unknown(),
    durationMs: z.number(),
  }),
  preprocessingHash: z.string(),
});
const charterDoc = z.object({
  name: z.string().min(1),
  taskType: z.enum(['binary', 'multiclass', 'regression']),
  description: z.string(),
  intendedUse: z.string(),
  owner: z.string(),
  criteria: z.array(criterionSchema),
  /** The charter's positive class (binary projects; absent in bundles written before it existed). */
  positiveClass: z.string().min(1).nullable().optional(),
});
const inputSchemaDoc = z.object({ target: z.string(), columns: z.array(z.object({ name: z.string(), type: columnTypeSchema })) });

function doc<T>(v: Verified, name: string, schema: z.ZodType<T>): T {
  try {
    return schema.parse(JSON.parse(v.documents.get(name)!.toString('utf8')));
  } catch (err) {
    const why = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : 'not valid JSON';
    throw new AppError('invalid_input', `The bundle's ${name} is not what Ciclo expects (${why}); nothing was imported.`, {
      problems: [{ check: 'manifest', file: name, message: why }],
    });
  }
}

export function refusal(v: Verified): AppError {
  return new AppError('invalid_input', `The bundle was refused; nothing was imported.\n${v.problems.map((p) => `- ${p.message}`).join('\n')}`, { problems: v.problems });
}

/**
 * The version a bundle already is here, when it still exists: the version it was imported as, or (a bundle
 * this workspace signed coming home) the version it was exported from, when that still has the same package.
 */
export function alreadyImported(s: Services, manifestHash: string, manifest?: Manifest, own?: boolean): string | null {
  const row = importByManifest(s.db, manifestHash);
  if (!row) {
    if (!manifest || !own) return null;
    const home = s.registry.store.versionWithPackage(manifest.model.name, manifest.model.version, manifest.model.packageHash);
    return home ? `${home.name}@${home.version}` : null;
  }
  const v = s.registry.store.versionName(row.version_id);
  return v ? `${v.model}@${v.version}` : null;
}

/** Where the bundle would land: the model (new or next version) and the project. */
export function planImport(s: Services, manifest: Manifest, charterName: string, name?: string) {
  const modelName = name ?? manifest.model.name;
  const existing = s.registry.store.modelByRef(modelName);
  if (existing) {
    const project = s.projects.resolve(existing.project_id);
    if (project.taskType !== manifest.model.task) {
      throw new AppError(
        'conflict',
        `Model ${existing.name} predicts a ${project.taskType} target; the bundle holds a ${manifest.model.task} model. Import it under another name (--name).`,
      );
    }
    if (existing.archived) throw new AppError('conflict', `Model ${existing.name} is archived; restore it before importing new versions, or import under another name (--name).`);
    return {
      model: existing.name,
      nextVersion: s.registry.store.nextVersion(existing.id),
      newModel: false,
      project: project.name,
      projectId: project.id as string | null,
      newProject: false,
    };
  }
  const same = s.projects.list(true).find((p) => p.name.toLowerCase() === charterName.toLowerCase());
  if (same && same.taskType === manifest.model.task && !same.archived)
    return { model: modelName, nextVersion: 1, newModel: true, project: same.name, projectId: same.id, newProject: false };
  const taken = new Set(s.projects.list(true).map((p) => p.name.toLowerCase()));
  let projectName = same ? `${charterName} (imported)` : charterName;
  for (let i = 2; taken.has(projectName.toLowerCase()); i++) projectName = `${charterName} (imported ${i})`;
  return { model: modelName, nextVersion: 1, newModel: true, project: projectName, projectId: null, newProject: true };
}

/** Collects the model package into the blob store's temp folder while the bundle is verified; kept only if it verifies. */
class PackageSink {
  readonly tmp: string;
  private fd: number;
  constructor(root: string) {
    this.tmp = path.join(root, 'tmp', `bundle-${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
    this.fd = fs.openSync(this.tmp, 'w');
  }
  write = (name: string, chunk: Uint8Array) => {
    if (name === ENTRY.package && chunk.length) fs.writeSync(this.fd, chunk);
  };
  keep(target: string): void {
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    this.fd = -1;
    if (fs.existsSync(target)) return fs.rmSync(this.tmp);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(this.tmp, target);
    fsyncDir(path.dirname(target));
  }
  discard(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    fs.rmSync(this.tmp, { force: true });
  }
}

export async function importBundle(s: Services, keys: KeyStore, limits: BundleLimits, input: { path: string; trustSigner: boolean; name?: string }, ctx: CallContext) {
  const file = path.resolve(input.path);
  const sink = new PackageSink(s.blobs.root);
  let v: Verified;
  try {
    v = await verifyBundle(file, keys, limits, sink.write);
  } catch (err) {
    sink.discard();
    throw err;
  }
  try {
    if (!v.ok || !v.manifest || !v.signer || !v.manifestHash) throw refusal(v);
    const manifest = v.manifest;
    const signer = v.signer;
    const before = alreadyImported(s, v.manifestHash, manifest, signer.trust === 'own');
    if (before) {
      sink.discard();
      const [m, n] = before.split('@');
      const row = s.registry.resolveRef(before).version;
      return { id: row.id, projectId: row.project_id, model: m, version: Number(n), ref: before, created: false, alreadyImportedAs: before };
    }
    if (signer.trust === 'unknown' && !input.trustSigner) {
      throw new AppError(
        'invalid_input',
        `The bundle is signed by key ${signer.fingerprint}, which this workspace does not trust; nothing was imported. Trust it first (ciclo keys trust KEY --name "...", or Settings > Trusted keys) or import with --trust-signer.`,
        {
          problems: [{ check: 'signer', message: `Unknown signer ${signer.fingerprint}.` }],
          fingerprint: signer.fingerprint,
        },
      );
    }
    const charter = doc(v, ENTRY.charter, charterDoc);
    const lineage = doc(v, ENTRY.lineage, lineageDoc);
    const schema = doc(v, ENTRY.inputSchema, inputSchemaDoc);
    const plan = planImport(s, manifest, charter.name, input.name);

    // the example rows become a small data set version of the project (a version needs its data): read as any CSV import
    const types: Record<string, ColumnType> = Object.fromEntries(schema.columns.map((c) => [c.name, c.type]));
    const targetType = lineage.dataset.columns.find((c) => c.name === schema.target)?.type;
    if (targetType) types[schema.target] = targetType;
    // an image model's example images become an image data set version instead (images.ts)
    const read = readsImageSet(preprocessingOf(v)) ? exampleImages(v.documents) : await exampleTable(v, schema.target, manifest.model.task, types);

    // verified and planned: from here on the workspace changes
    sink.keep(s.blobs.pathOf(manifest.model.packageHash));
    const staged = await s.datasets.stage(read);
    const documentsBlob = s.blobs.putJson(
      Object.fromEntries([...v.documents].filter(([n]) => n.endsWith('.json')).map(([n, b]) => [n, JSON.parse(b.toString('utf8')) as unknown])),
    );
    const fileSha = await sha256File(file);
    const lineageText = `imported from bundle ${v.manifestHash}, signed by ${signer.fingerprint}`;
    return transaction(s.db, () => {
      const again = alreadyImported(s, v.manifestHash!);
      if (again) throw new AppError('conflict', `The bundle was imported as ${again} while this import ran.`);
      const projectId =
        plan.projectId ??
        s.projects.create({
          name: plan.project,
          taskType: charter.taskType,
          description: charter.description,
          intendedUse: charter.intendedUse,
          owner: charter.owner,
          criteria: charter.criteria,
          positiveClass: charter.taskType === 'binary' ? (charter.positiveClass ?? null) : null,
        }).id;
      const dsName = `${lineage.dataset.name} (bundle example)`;
      const ds = s.datasets.commit(
        projectId,
        dsName,
        `bundle ${v.manifestHash!.slice(0, 12)}: the input example of ${manifest.model.name}@${manifest.model.version} (training data ${lineage.dataset.name}@${lineage.dataset.version}, ${lineage.dataset.hash.slice(0, 12)}, is not in bundles)`,
        read,
        staged,
      );
      const split = (() => {
        try {
          return s.datasets.ensureSplit(ds.version.id, { seed: lineage.split?.seed });
        } catch {
          return s.datasets.ensureSplit(ds.version.id, { seed: lineage.split?.seed, stratify: false });
        }
      })();
      const r = lineage.run;
      const runId = newId('run');
      const runs = new RunStore(s.db);
      runs.insert(
        {
          id: runId,
          projectId,
          name: `${manifest.model.name}@${manifest.model.version} (imported)`,
          jobId: null,
          taskType: manifest.model.task,
          template: r.template,
          datasetVersionId: ds.version.id,
          datasetRef: `${ds.version.name}@${ds.version.version}`,
          splitId: split.id,
          backendRequested: 'auto',
          params: r.params,
          design: r.design,
          templateOptions: r.templateOptions,
          inputShape: r.inputShape,
          classes: r.classes,
          features: r.features,
          preprocessingHash: lineage.preprocessingHash,
          paramCount: r.paramCount,
          tags: ['imported'],
          notes: `${lineageText}. Trained elsewhere as run ${r.name} (${r.id}) on ${lineage.dataset.name}@${lineage.dataset.version}.`,
        },
        'succeeded',
      );
      runs.update(runId, {
        package_hash: manifest.model.packageHash,
        metrics: JSON.stringify(r.metrics),
        best_metrics: r.bestMetrics ? JSON.stringify(r.bestMetrics) : null,
        environment: r.environment ? JSON.stringify(r.environment) : null,
        backend: r.backend,
        epochs_done: r.epochsDone,
        best_epoch: r.bestEpoch,
        duration_ms: Math.round(r.durationMs),
        finished_at: nowIso(),
      });
      const version = s.registry.register(
        { run: runId, name: plan.model, description: `${lineageText} (originally ${manifest.model.name}@${manifest.model.version}).`, tags: ['imported'] },
        ctx,
      );
      const trustedHow = signer.trust === 'unknown' ? 'trust_signer' : signer.trust === 'own' ? 'own' : 'trusted';
      insertImport(s.db, {
        manifest_hash: v.manifestHash!,
        version_id: version.id,
        model_name: version.modelName,
        original_model: manifest.model.name,
        original_version: manifest.model.version,
        signer_fingerprint: signer.fingerprint,
        signer_public_key: signer.publicKey,
        trusted_how: trustedHow,
        file_sha256: fileSha,
        files_blob: documentsBlob,
        imported_at: nowIso(),
        imported_by: osUser(),
      });
      if (trustedHow === 'trust_signer') {
        s.audit.append({
          action: 'bundle.trust_signer',
          projectId,
          subjectId: version.id,
          door: ctx.door,
          details: { fingerprint: signer.fingerprint, bundle: v.manifestHash, model: version.ref },
        });
      }
      return { id: version.id, projectId, model: version.modelName, version: version.version, ref: version.ref, created: true };
    });
  } catch (err) {
    sink.discard();
    throw err;
  }
}

/** The example rows as a table, read as any CSV import. */
async function exampleTable(v: Verified, target: string, taskType: Manifest['model']['task'], types: Record<string, ColumnType>) {
  const exampleFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ciclo-bundle-')), 'input-example.csv');
  fs.writeFileSync(exampleFile, v.documents.get(ENTRY.inputExample)!);
  const read = await readSource(exampleFile, { target, taskType, types, previous: null }, {}).finally(() => fs.rmSync(path.dirname(exampleFile), { recursive: true, force: true }));
  if (read.kind !== 'table') throw new AppError('invalid_input', "The bundle's input example is not a table.");
  return read;
}

function preprocessingOf(v: Verified): { image: { source: string } | null } | null {
  try {
    return JSON.parse(v.documents.get(ENTRY.preprocessing)!.toString('utf8')) as { image: { source: string } | null };
  } catch {
    return null;
  }
}

async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export type { Run };

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { zipSync, type ZipOptions } from 'fflate';
import { AppError } from '../../../shared/contract/errors.js';
import type { Column } from '../../../shared/schemas/dataset.js';
import type { Services } from '../services.js';
import { auditOfSubjects } from '../store/audit-store.js';
import { importOfVersion } from '../store/bundle-store.js';
import { writeFileAtomic } from '../store/files.js';
import { formatDate } from '../datasets/dates.js';
import { decodePackage } from '../training/package.js';
import type { Preprocessing } from '../training/preprocess.js';
import { CICLO_VERSION } from '../version.js';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, ENTRY, MANIFEST, SIGNATURE, zipMtime, type Manifest, type SignatureDoc } from './format.js';
import { imageExampleFiles, readsImageSet } from './images.js';
import type { KeyStore } from './keys.js';

/** How many rows of the training data travel as the input example (features and target, as the user typed them). */
export const EXAMPLE_ROWS = 20;

const json = (v: unknown) => Buffer.from(JSON.stringify(v, null, 2) + '\n', 'utf8');

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The input schema a user of the model must meet: each feature column with its type, categories and whether it may be empty. */
export function inputSchemaOf(pre: Preprocessing, columns: Column[]) {
  const byName = new Map(columns.map((c) => [c.name, c]));
  return {
    kind: pre.inputKind,
    target: pre.target.name,
    task: pre.target.task,
    classes: pre.target.classes,
    columns: pre.features.map((f) => ({
      name: f.name,
      type: f.kind === 'categorical' ? (byName.get(f.name)?.type ?? 'categorical') : f.type,
      categories: f.kind === 'categorical' ? f.categories : null,
      // missing values are imputed as in training, so no column is strictly required; the column itself must be present
      required: true,
      missingAllowed: true,
    })),
    image: pre.image,
  };
}

async function exampleCsv(s: Services, datasetVersionId: string, pre: Preprocessing): Promise<string> {
  const table = await s.datasets.loadTable(datasetVersionId);
  const names = [...pre.featureNames, pre.target.name];
  const types = new Map(table.columns.map((c) => [c.name, c.type]));
  const orders = new Map(table.columns.map((c) => [c.name, c.dateOrder]));
  const lines = [names.map(csvCell).join(',')];
  for (let i = 0; i < Math.min(EXAMPLE_ROWS, table.rowCount); i++) {
    lines.push(
      names
        .map((n) => {
          const col = table.values[n];
          if (!col) return '';
          const v = col[i];
          if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
          if (typeof v === 'number' && types.get(n) === 'datetime') return formatDate(v, orders.get(n));
          if (typeof v === 'number' && types.get(n) === 'boolean') return v ? 'true' : 'false';
          return csvCell(String(v));
        })
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/** Everything a bundle of `ref` holds, in the fixed order of ENTRY_ORDER. */
export async function bundleEntries(
  s: Services,
  ref: string,
): Promise<{ files: Map<string, Buffer>; modelName: string; version: number; description: string; tags: string[]; task: Manifest['model']['task']; packageHash: string }> {
  const { model, version: row } = s.registry.resolveRef(ref);
  const view = s.registry.view(model, row);
  const run = s.training.get(row.run_id);
  const packageBytes = s.blobs.read(row.package_hash);
  const pkg = decodePackage(packageBytes);
  const pre = pkg.meta.preprocessing;
  const project = s.projects.resolve(row.project_id);
  const dataset = s.datasets.resolveVersion(row.dataset_version_id);
  const evaluations = s.evaluation.list({ run: run.id, limit: 20 });
  const latest = view.gate.evaluationId ? s.evaluation.get(view.gate.evaluationId) : null;
  const split = (() => {
    try {
      const sp = s.datasets.getSplit(run.splitId);
      return { seed: sp.seed, counts: sp.counts };
    } catch {
      return null;
    }
  })();
  const { modelCard } = await import('../registry/documents.js');
  const cards = { en: modelCard(s.registry, s.datasets, view.ref, 'en'), es: modelCard(s.registry, s.datasets, view.ref, 'es') };
  const audit = auditOfSubjects(s.db, [run.id, row.id, model.id]);
  const history = s.registry.store.events(model.id).filter((e) => e.toVersion === row.version || e.fromVersion === row.version);

  const files = new Map<string, Buffer>();
  files.set(ENTRY.package, Buffer.from(packageBytes.buffer, packageBytes.byteOffset, packageBytes.byteLength));
  files.set(ENTRY.preprocessing, json(pre));
  files.set(ENTRY.inputSchema, json(inputSchemaOf(pre, dataset.columns)));
  // an image model travels with a few of its training images (images.ts); a table model with example rows
  const imageSet = readsImageSet(pre) ? imageExampleFiles(pre, await s.datasets.loadImages(dataset.id)) : null;
  files.set(ENTRY.inputExample, imageSet?.get(ENTRY.inputExample) ?? Buffer.from(await exampleCsv(s, dataset.id, pre), 'utf8'));
  files.set(
    ENTRY.charter,
    json({
      name: project.name,
      taskType: project.taskType,
      description: project.description,
      intendedUse: project.intendedUse,
      owner: project.owner,
      criteria: project.criteria,
      positiveClass: project.positiveClass ?? null,
    }),
  );
  files.set(
    ENTRY.evaluation,
    json({
      gate: view.gate,
      latest: latest
        ? {
            id: latest.id,
            datasetRef: latest.datasetRef,
            subset: latest.subset,
            rows: latest.rows,
            gatePassed: latest.gatePassed,
            metrics: latest.metrics,
            gate: latest.gate,
            createdAt: latest.createdAt,
          }
        : null,
      evaluations: evaluations.map((e) => ({
        id: e.id,
        datasetRef: e.datasetRef,
        subset: e.subset,
        rows: e.rows,
        gatePassed: e.gatePassed,
        metrics: e.metrics,
        createdAt: e.createdAt,
      })),
    }),
  );
  const lineage = {
    dataset: { name: dataset.name, version: dataset.version, hash: dataset.hash, rows: dataset.rows, target: dataset.target, columns: dataset.columns },
    split,
    run: {
      id: run.id,
      name: run.name,
      template: run.template,
      params: run.params,
      design: run.design,
      templateOptions: run.templateOptions,
      inputShape: run.inputShape,
      classes: run.classes,
      features: run.features,
      paramCount: run.paramCount,
      epochs: run.epochs,
      epochsDone: run.epochsDone,
      bestEpoch: run.bestEpoch,
      metrics: run.metrics,
      bestMetrics: run.bestMetrics,
      backend: run.backend,
      environment: run.environment,
      seed: run.params.seed,
      durationMs: run.durationMs,
      createdAt: run.createdAt,
      finishedAt: run.finishedAt,
    },
    preprocessingHash: crypto.createHash('sha256').update(JSON.stringify(pre)).digest('hex'),
    model: { name: model.name, version: row.version, registeredAt: row.created_at, stage: row.stage, aliases: view.aliases },
  };
  // a version imported here keeps the lineage it came with (its training data is not in this workspace)
  const imported = importOfVersion(s.db, row.id);
  const original = imported ? s.blobs.readJson<Record<string, Record<string, unknown>>>(imported.files_blob)[ENTRY.lineage] : undefined;
  files.set(
    ENTRY.lineage,
    json(original && imported ? { ...original, model: lineage.model, importedFrom: { bundle: imported.manifest_hash, signer: imported.signer_fingerprint } } : lineage),
  );
  files.set(ENTRY.audit, json({ events: audit.map((a) => ({ ...a, details: JSON.parse(a.details) as unknown })), history }));
  files.set(ENTRY.cardEnMd, Buffer.from(cards.en.markdown, 'utf8'));
  files.set(ENTRY.cardEnHtml, Buffer.from(cards.en.html, 'utf8'));
  files.set(ENTRY.cardEsMd, Buffer.from(cards.es.markdown, 'utf8'));
  files.set(ENTRY.cardEsHtml, Buffer.from(cards.es.html, 'utf8'));
  for (const [p, bytes] of imageSet ?? []) if (p !== ENTRY.inputExample) files.set(p, bytes);
  return {
    files,
    modelName: model.name,
    version: row.version,
    description: row.description,
    tags: JSON.parse(row.tags) as string[],
    task: pkg.meta.task,
    packageHash: row.package_hash,
  };
}

const sha = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

/** Writes the signed bundle of `ref` to `output` (atomically) and says what it wrote. */
export async function exportBundle(s: Services, keys: KeyStore, ref: string, output: string) {
  const b = await bundleEntries(s, ref);
  const signer = keys.show();
  const manifest: Manifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    createdWith: `Ciclo ${CICLO_VERSION}`,
    model: { name: b.modelName, version: b.version, description: b.description, tags: b.tags, task: b.task, packageHash: b.packageHash },
    signer,
    files: [...b.files].map(([p, bytes]) => ({ path: p, size: bytes.length, sha256: sha(bytes) })),
  };
  const manifestBytes = json(manifest);
  const sig: SignatureDoc = { algorithm: 'ed25519', publicKey: signer.publicKey, signature: keys.sign(manifestBytes) };
  const mtime = zipMtime();
  const entries: Record<string, [Uint8Array, ZipOptions]> = {};
  entries[MANIFEST] = [manifestBytes, { level: 6, mtime }];
  entries[SIGNATURE] = [json(sig), { level: 6, mtime }];
  // the weights hardly compress: stored, so export and verify stream them at disk speed
  for (const [p, bytes] of b.files) entries[p] = [bytes, { level: p === ENTRY.package || p.endsWith('.png') ? 0 : 6, mtime }];
  const zipped = zipSync(entries, { mtime });
  const file = path.resolve(output);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory())
    throw new AppError('invalid_input', `${file} is a folder; give the bundle's file name (such as ${b.modelName}-v${b.version}.ciclo).`);
  writeFileAtomic(file, zipped);
  return {
    file,
    fileName: path.basename(file),
    sha256: sha(zipped),
    bytes: zipped.length,
    model: b.modelName,
    version: b.version,
    manifestHash: sha(manifestBytes),
    signer: { fingerprint: signer.fingerprint },
  };
}

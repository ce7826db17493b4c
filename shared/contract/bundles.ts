import { z } from 'zod';
import { modelRefSchema, modelNameSchema } from '../schemas/registry.js';
import { command, query } from './define.js';

/** Signed model bundles (.ciclo), the keys that sign them, and exports for use outside Ciclo. */

const filePath = z.string().trim().min(1, 'Say which file.');

export const trustedKeySchema = z.object({
  fingerprint: z.string(),
  publicKey: z.string(),
  name: z.string(),
  trustedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedReason: z.string(),
  /** This workspace's own key (always trusted, never revocable). */
  own: z.boolean(),
});
export type TrustedKey = z.infer<typeof trustedKeySchema>;

export const bundleProblemSchema = z.object({
  check: z.enum(['zip', 'entry', 'size', 'manifest', 'signature', 'files', 'hash', 'format', 'signer']),
  file: z.string().optional(),
  message: z.string(),
});

export const signerSchema = z.object({
  fingerprint: z.string(),
  publicKey: z.string().optional(),
  /** own: this workspace; trusted: in the trust store; unknown: never seen; revoked: refused for good. */
  trust: z.enum(['own', 'trusted', 'unknown', 'revoked']).optional(),
  name: z.string().nullable().optional(),
});

export const bundleFileSchema = z.object({ path: z.string(), size: z.number().int(), sha256: z.string(), ok: z.boolean() });

export const verifyReportSchema = z.object({
  ok: z.boolean(),
  signer: signerSchema.nullable(),
  trusted: z.boolean(),
  model: z.string().nullable(),
  version: z.number().int().nullable(),
  problems: z.array(bundleProblemSchema),
  /** SHA-256 of manifest.json: the identity of the bundle. */
  manifestHash: z.string().nullable(),
  files: z.array(bundleFileSchema),
  /** What importing it would do (when ok). */
  plan: z
    .object({
      alreadyImportedAs: z.string().nullable(),
      model: z.string(),
      nextVersion: z.number().int(),
      newModel: z.boolean(),
      project: z.string(),
      newProject: z.boolean(),
    })
    .nullable(),
});
export type VerifyReport = z.infer<typeof verifyReportSchema>;

export const bundleDocumentsSchema = z.object({
  charter: z.record(z.string(), z.unknown()).nullable(),
  evaluation: z.record(z.string(), z.unknown()).nullable(),
  lineage: z.record(z.string(), z.unknown()).nullable(),
  inputSchema: z.record(z.string(), z.unknown()).nullable(),
  auditEvents: z.number().int(),
});

export const provenanceSchema = z.object({
  manifestHash: z.string(),
  signer: z.object({ fingerprint: z.string(), name: z.string().nullable(), trustedHow: z.enum(['own', 'trusted', 'trust_signer']) }),
  originalModel: z.string(),
  originalVersion: z.number().int(),
  importedAt: z.string(),
  importedBy: z.string(),
  lineageText: z.string(),
  /** What the exporter's own evaluation said: shown as "reported by the exporter", never used by the gate. */
  reported: z.object({ metrics: z.record(z.string(), z.number()), gate: z.string().nullable(), datasetRef: z.string().nullable() }).nullable(),
  documents: bundleDocumentsSchema,
});
export type Provenance = z.infer<typeof provenanceSchema>;

export const exportFormats = ['tfjs', 'onnx'] as const;

export const bundleMethods = {
  'keys.show': query(
    z.object({}).default({}),
    z.object({ publicKey: z.string(), fingerprint: z.string() }),
    "This workspace's public key and its fingerprint (the key pair is made on first use; the private key never leaves the workspace).",
  ),
  'keys.list': query(z.object({}).default({}), z.array(trustedKeySchema), 'The keys this workspace trusts to sign bundles (its own first), revoked ones included.'),
  'keys.trust': command(
    z.object({
      key: z.string().trim().min(1, 'Give the public key (ciclo-ed25519:...).'),
      name: z.string().trim().min(1, 'Give the key a name, such as "Ana\'s laptop".').max(100),
    }),
    trustedKeySchema,
    'Trust a public key to sign bundles imported here.',
  ),
  'keys.revoke': command(
    z.object({ key: z.string().trim().min(1, 'Say which key (fingerprint, name or public key).'), reason: z.string().max(500).default('') }),
    trustedKeySchema,
    'Revoke a key: bundles it signed are refused from now on, even with --trust-signer.',
  ),
  'bundle.export': command(
    z.object({ model: modelRefSchema, output: z.string().trim().min(1).optional() }),
    z.object({
      file: z.string(),
      fileName: z.string(),
      sha256: z.string(),
      bytes: z.number().int(),
      model: z.string(),
      version: z.number().int(),
      manifestHash: z.string(),
      signer: z.object({ fingerprint: z.string() }),
    }),
    'Write a signed bundle (.ciclo) of a model version: package, schema, example, charter, evaluation, card, lineage and audit events. Default place: the workspace exports folder.',
  ),
  'bundle.download': query(
    z.object({ file: filePath }),
    z.object({ fileName: z.string(), base64: z.string() }),
    'The bytes of a bundle written to the workspace exports folder (browser mode downloads it).',
  ),
  'bundle.verify': query(
    z.object({ path: filePath }),
    verifyReportSchema,
    'Check a bundle completely without storing anything: zip structure, sizes, every hash, the manifest, the signature and the signer.',
  ),
  'bundle.inspect': query(
    z.object({ path: filePath }),
    z.object({ report: verifyReportSchema, manifest: z.record(z.string(), z.unknown()).nullable(), documents: bundleDocumentsSchema.nullable() }),
    'What a bundle holds (its manifest and documents) and whether it verifies, without importing it.',
  ),
  'bundle.import': command(
    z.object({ path: filePath, trustSigner: z.boolean().default(false), name: modelNameSchema.optional() }),
    z.object({
      id: z.string(),
      projectId: z.string(),
      model: z.string(),
      version: z.number().int(),
      ref: z.string(),
      created: z.boolean(),
      alreadyImportedAs: z.string().optional(),
    }),
    'Verify a bundle, then store it as a model version (or report the version it already is). Unknown signers need trust or trustSigner; revoked ones are refused.',
  ),
  'bundle.provenance': query(
    z.object({ model: modelRefSchema }),
    provenanceSchema.nullable(),
    "Where an imported model version came from (bundle, signer, original version, the exporter's reported results); null for a version trained here.",
  ),
  'model.export': command(
    z.object({ model: modelRefSchema, format: z.enum(exportFormats), output: z.string().trim().min(1, 'Say which folder to write.') }),
    z.object({
      format: z.enum(exportFormats),
      dir: z.string(),
      files: z.array(z.string()),
      model: z.string(),
      version: z.number().int(),
      /** ONNX: the export run in onnxruntime-node against tfjs on random rows before it was kept. */
      check: z.object({ runtime: z.string(), rows: z.number().int(), maxAbsDiff: z.number() }).nullable(),
    }),
    'Export a model version for use outside Ciclo: a TensorFlow.js LayersModel folder (model.json, weights, preprocessing.json), or ONNX for dense designs (checked against tfjs, max abs difference <= 1e-5).',
  ),
  'model.exportable': query(
    z.object({ model: modelRefSchema }),
    z.object({ tfjs: z.object({ ok: z.boolean(), reason: z.string().nullable() }), onnx: z.object({ ok: z.boolean(), reason: z.string().nullable() }) }),
    'Which outside formats a model version can be exported to, and why not when it cannot.',
  ),
};

import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { MethodOutput } from '../../../shared/contract/api.js';
import { runCommand, userError } from '../context.js';
import { details, table } from '../output.js';

/** `ciclo bundle ...`, `ciclo keys ...` and `ciclo model export`: signed bundles and exports for use outside Ciclo. */

type Report = MethodOutput<'bundle.verify'>;

function trustText(r: Report): string {
  if (!r.signer) return '-';
  const t = r.signer.trust;
  const who = r.signer.name ? ` "${r.signer.name}"` : '';
  return `${r.signer.fingerprint}${who} (${t === 'own' ? 'this workspace' : t === 'trusted' ? 'trusted' : t === 'revoked' ? 'REVOKED' : 'unknown: not trusted'})`;
}

function renderReport(r: Report): string {
  const lines = [
    details([
      ['bundle', r.ok ? 'ok: every file matches the signed manifest' : 'REFUSED'],
      ['model', r.model ? `${r.model}@${r.version}` : '-'],
      ['signer', trustText(r)],
      ['identity', r.manifestHash ?? '-'],
      ...(r.plan
        ? ([
            [
              'import',
              r.plan.alreadyImportedAs
                ? `already imported as ${r.plan.alreadyImportedAs}`
                : `${r.plan.model}@${r.plan.nextVersion}${r.plan.newModel ? ' (new model)' : ''} in project ${r.plan.project}${r.plan.newProject ? ' (new)' : ''}`,
            ],
          ] as [string, unknown][])
        : []),
    ]),
  ];
  if (r.files.length)
    lines.push(
      '',
      table(
        r.files.map((f) => ({ file: f.path, bytes: f.size, sha256: f.sha256.slice(0, 16), ok: f.ok ? 'ok' : 'CHANGED' })),
        ['file', 'bytes', 'sha256', 'ok'],
      ),
    );
  if (r.problems.length) lines.push('', 'Problems:', ...r.problems.map((p) => `- [${p.check}${p.file ? ` ${p.file}` : ''}] ${p.message}`));
  return lines.join('\n');
}

export function registerBundleCommands(program: Command): void {
  const bundle = program.command('bundle').description('Signed model bundles (.ciclo) to pass models between workspaces.');

  bundle
    .command('export <model>')
    .description('Write a signed bundle of a model version (M, M@VERSION or M@alias).')
    .option('--output <file>', 'where to write it (default: NAME-vVERSION.ciclo in the current folder)')
    .action(async (ref: string, opts: { output?: string }, cmd: Command) => {
      await runCommand(
        cmd,
        async (ctx) => {
          const resolved = await ctx.call('model.resolve', { model: ref });
          const output = path.resolve(opts.output ?? `${resolved.modelName.replace(/[^\p{L}\p{N}._-]+/gu, '_')}-v${resolved.version}.ciclo`);
          const r = await ctx.call('bundle.export', { model: ref, output });
          return { file: r.file, sha256: r.sha256, bytes: r.bytes, model: r.model, version: r.version, signer: r.signer };
        },
        (r) => `Wrote ${r.file} (${r.bytes} bytes, sha256 ${r.sha256}): ${r.model}@${r.version}, signed by ${r.signer.fingerprint}.`,
      );
    });

  bundle
    .command('verify <file>')
    .description(
      'Check a bundle completely (zip, sizes, hashes, manifest, signature, signer) without storing anything. Exit 0 when it verifies and its signer is trusted, 1 otherwise.',
    )
    .action(async (file: string, _opts, cmd: Command) => {
      await runCommand(
        cmd,
        async (ctx) => {
          const r = await ctx.call('bundle.verify', { path: file });
          return {
            ok: r.ok,
            signer: r.signer,
            trusted: r.trusted,
            model: r.model,
            version: r.version,
            problems: r.problems,
            manifestHash: r.manifestHash,
            files: r.files,
            plan: r.plan,
          };
        },
        (r) => renderReport(r as Report),
        (r) => (r.ok && r.trusted ? 0 : 1),
      );
    });

  bundle
    .command('inspect <file>')
    .description('What a bundle holds (manifest, charter, reported evaluation, lineage), without importing it.')
    .action(async (file: string, _opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('bundle.inspect', { path: file }),
        (r) => {
          const d = r.documents;
          const lineage = d?.lineage as
            { dataset?: { name?: string; version?: number; hash?: string }; run?: { template?: string; seed?: number; backend?: string } } | null | undefined;
          const evaluation = d?.evaluation as { latest?: { metrics?: Record<string, number>; datasetRef?: string } | null; gate?: { status?: string } } | null | undefined;
          const extra: [string, unknown][] = d
            ? [
                ['project (charter)', (d.charter?.name as string | undefined) ?? '-'],
                ['trained on', lineage?.dataset ? `${lineage.dataset.name}@${lineage.dataset.version} (${String(lineage.dataset.hash).slice(0, 12)})` : '-'],
                ['run', lineage?.run ? `${lineage.run.template}, seed ${lineage.run.seed}, backend ${lineage.run.backend}` : '-'],
                [
                  'reported by the exporter',
                  evaluation?.latest
                    ? `${Object.entries(evaluation.latest.metrics ?? {})
                        .slice(0, 4)
                        .map(([k, v]) => `${k} ${Number(v).toPrecision(4)}`)
                        .join(', ')} on ${evaluation.latest.datasetRef} (gate ${evaluation.gate?.status})`
                    : 'no evaluation',
                ],
                ['audit events', d.auditEvents],
              ]
            : [];
          return [renderReport(r.report), ...(extra.length ? ['', details(extra)] : [])].join('\n');
        },
        (r) => (r.report.ok ? 0 : 1),
      );
    });

  bundle
    .command('import <file>')
    .description('Verify a bundle, then store it as a model version; importing the same bundle again changes nothing.')
    .option('--trust-signer', 'accept a signer this workspace does not know (recorded in the audit log with its fingerprint)')
    .option('--name <model>', 'import under another model name')
    .action(async (file: string, opts: { trustSigner?: boolean; name?: string }, cmd: Command) => {
      await runCommand(
        cmd,
        async (ctx) => {
          const r = await ctx.call('bundle.import', { path: file, trustSigner: Boolean(opts.trustSigner), name: opts.name });
          return { model: r.model, version: r.version, ref: r.ref, created: r.created, ...(r.alreadyImportedAs ? { alreadyImportedAs: r.alreadyImportedAs } : {}) };
        },
        (r) => (r.created ? `Imported as ${r.ref}.` : `Already imported as ${r.alreadyImportedAs}; nothing changed.`),
      );
    });

  const keys = program.command('keys').description("This workspace's signing key and the keys it trusts.");
  keys
    .command('show')
    .description("Print this workspace's public key and its fingerprint (share them; the private key never leaves the workspace).")
    .action(async (_opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('keys.show', {}),
        (k) => `${k.publicKey}\nfingerprint: ${k.fingerprint}`,
      );
    });
  keys
    .command('list')
    .description('The keys this workspace trusts (its own first), revoked ones included.')
    .action(async (_opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('keys.list', {}),
        (list) =>
          table(
            list.map((k) => ({
              fingerprint: k.fingerprint,
              name: k.name,
              status: k.own ? 'own' : k.revokedAt ? `revoked ${k.revokedAt.slice(0, 10)}` : 'trusted',
              since: k.trustedAt?.slice(0, 10) ?? '',
            })),
            ['fingerprint', 'name', 'status', 'since'],
          ),
      );
    });
  keys
    .command('trust <key>')
    .description('Trust a public key (ciclo-ed25519:..., or a file holding the output of `ciclo keys show`).')
    .requiredOption('--name <name>', 'who the key belongs to, such as "Ana\'s laptop"')
    .action(async (key: string, opts: { name: string }, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => {
          let text = key;
          if (!key.startsWith('ciclo-ed25519:')) {
            if (!fs.existsSync(key)) throw userError(`"${key}" is neither a public key (ciclo-ed25519:...) nor a file.`);
            text = fs.readFileSync(key, 'utf8');
          }
          return ctx.call('keys.trust', { key: text, name: opts.name });
        },
        (k) => `Trusted ${k.fingerprint} ("${k.name}").`,
      );
    });
  keys
    .command('revoke <key>')
    .description('Revoke a key (fingerprint, name or public key): its bundles are refused from now on, even with --trust-signer.')
    .option('--reason <text>', 'why')
    .action(async (key: string, opts: { reason?: string }, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('keys.revoke', { key, reason: opts.reason ?? '' }),
        (k) => `Revoked ${k.fingerprint} ("${k.name}").`,
      );
    });
}

/** `ciclo model export`: registered with the model commands (electron/cli/program.ts loads both together). */
export function registerModelExportCommand(program: Command): void {
  const model = program.commands.find((c) => c.name() === 'model') ?? program.command('model');
  model
    .command('export <model>')
    .description(
      'Export a model version for use outside Ciclo: --format tfjs writes a TensorFlow.js LayersModel folder with preprocessing.json; --format onnx writes model.onnx (dense, dropout, batch-norm and CNN designs), checked in onnxruntime-node against tfjs.',
    )
    .requiredOption('--format <format>', 'tfjs or onnx')
    .requiredOption('--output <dir>', 'folder to write (created; must not already hold an export)')
    .action(async (ref: string, opts: { format: string; output: string }, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => {
          if (opts.format !== 'tfjs' && opts.format !== 'onnx') throw userError(`--format must be tfjs or onnx, not "${opts.format}".`);
          return ctx.call('model.export', { model: ref, format: opts.format, output: path.resolve(opts.output) });
        },
        (r) =>
          `Wrote ${r.model}@${r.version} as ${r.format} to ${r.dir}: ${r.files.join(', ')}.${r.check ? ` Checked in ${r.check.runtime} on ${r.check.rows} rows: max abs difference ${r.check.maxAbsDiff.toExponential(2)}.` : ''}`,
      );
    });
}

import type { Command } from 'commander';
import { runCommand, userError } from '../context.js';
import { table } from '../output.js';

function size(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) ((v /= 1024), i++);
  return `${i ? v.toFixed(1) : v} ${units[i]}`;
}

/** `ciclo gc [--dry-run] [--grace SECONDS]`: collect orphaned files of the workspace. */
export function registerGcCommand(program: Command): void {
  program
    .command('gc')
    .description('Remove what killed or crashed work left behind: temporary files, blobs nothing refers to, uploads never imported.')
    .option('--dry-run', 'only report what would be removed')
    .option('--grace <seconds>', 'keep unreferenced blobs and uploads younger than this (an import may still be writing them)', '3600')
    .action(async (opts, cmd: Command) => {
      await runCommand(
        cmd,
        async (ctx) => {
          const grace = Number(opts.grace);
          if (!Number.isFinite(grace) || grace < 0) throw userError(`--grace must be a number of seconds (0 or more), not "${opts.grace}".`);
          return ctx.call('workspace.gc', { dryRun: Boolean(opts.dryRun), graceSeconds: grace });
        },
        (r) =>
          [
            r.items.length
              ? table(
                  r.items.map((o) => ({ kind: o.kind, bytes: o.bytes, path: o.path })),
                  ['kind', 'bytes', 'path'],
                )
              : '',
            opts.dryRun
              ? `${r.orphans} orphaned file(s), ${size(r.bytes)}, would be removed (dry run: nothing was removed).`
              : `${r.removed} of ${r.orphans} orphaned file(s) removed, ${size(r.bytes)}.`,
          ]
            .filter(Boolean)
            .join('\n'),
        () => 0,
        // no collection at open: --dry-run must see (and leave) everything
        { gc: false },
      );
    });
}

import type { Command } from 'commander';
import { summarize } from '../../core/registry/audit-timeline.js';
import { runCommand, userError } from '../context.js';
import { details, table } from '../output.js';

export function registerSystemCommands(program: Command): void {
  program
    .command('info')
    .description('Show where the workspace lives and which Ciclo wrote it.')
    .action(async (_opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('system.info', {}),
        (i) =>
          details([
            ['workspace', i.dataDir],
            ['schema', i.schemaVersion],
            ['ciclo', i.version],
            ['node', i.node],
            ['platform', i.platform],
          ]),
      );
    });

  const jobs = program.command('jobs').description('Long-running work: imports, training, evaluations.');
  jobs
    .command('list')
    .description('List jobs, newest first.')
    .option('--project <project>', 'only this project')
    .option('--limit <n>', 'at most this many', (v) => Number(v), 50)
    .action(async (opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('job.list', { projectId: opts.project, limit: opts.limit }),
        (list) =>
          table(
            list.map((j) => ({ id: j.id, kind: j.kind, status: j.status, progress: `${Math.round(j.progress * 100)}%`, message: j.message, created: j.createdAt })),
            ['id', 'kind', 'status', 'progress', 'message', 'created'],
          ),
      );
    });
  jobs
    .command('cancel <id>')
    .description('Ask a running job to stop (works from another process too).')
    .action(async (id: string, _opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('job.cancel', { id }),
        (j) => `Cancellation requested for ${j.id}.`,
      );
    });

  program
    .command('audit')
    .description('The audit trail: every state change in the workspace, newest first.')
    .option('--project <project>', 'only this project (name or id)')
    .option('--action <action>', 'only this action or family, such as project or project.create')
    .option('--since <date>', 'only events at or after this date (ISO 8601, such as 2026-01-31)')
    .option('--limit <n>', 'at most this many', (v) => Number(v), 200)
    .action(async (opts, cmd: Command) => {
      await runCommand(
        cmd,
        async (ctx) => {
          const since = opts.since ? new Date(opts.since) : undefined;
          if (since && Number.isNaN(since.getTime())) throw userError(`--since "${opts.since}" is not a date: use ISO 8601, such as 2026-01-31 or 2026-01-31T14:00.`);
          return ctx.call('audit.list', { projectId: opts.project, action: opts.action, since: since?.toISOString(), limit: opts.limit });
        },
        (list) =>
          table(
            list.map((e) => ({
              at: e.at,
              action: e.action,
              project: e.projectId,
              subject: e.subjectId,
              door: e.door,
              details: summarize(e.action, e.details).slice(e.action.length + 2),
            })),
            ['at', 'action', 'project', 'subject', 'door', 'details'],
          ),
      );
    });
}

/**
 * `ciclo serve REF...`: a local prediction server for registered models (see electron/core/serving), and
 * `ciclo deployments list`: what is or was served.
 */
import type { Command } from 'commander';
import { AppError } from '../../../shared/contract/errors.js';
import type { Deployment } from '../../../shared/schemas/serving.js';
import { createServices, type Services } from '../../core/services.js';
import { isLoopback, startPredictionServer } from '../../core/serving/server.js';
import { resolveDataDir } from '../../core/workspace.js';
import { globals, runCommand } from '../context.js';
import { reportError, table } from '../output.js';

function int(v: string, name: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new AppError('invalid_input', `${name} must be a whole number from ${min} to ${max}, not "${v}".`);
  return n;
}

function num(v: string, name: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new AppError('invalid_input', `${name} must be a number from ${min} to ${max}, not "${v}".`);
  return n;
}

export function registerServeCommands(program: Command): void {
  program
    .command('serve <refs...>')
    .description('Serve registered models over REST (TensorFlow Serving, MLflow scoring, Open Inference v2): M@alias follows the alias, swapping versions without downtime.')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '8080')
    .option('--host <address>', 'address to bind; any other than 127.0.0.1 requires a token', '127.0.0.1')
    .option('--token <token>', 'bearer token to require (generated when --host is not loopback and none is given)')
    .option('--max-batch <n>', 'largest micro-batch in rows', '64')
    .option('--max-delay-ms <ms>', 'how long a request may wait for others to batch with (0 disables batching)', '2')
    .option('--max-rows <n>', 'most rows one request may hold', '10000')
    .option('--max-body <bytes>', 'largest request body', String(16 * 1024 * 1024))
    .option('--runtime <name>', 'tfjs, onnx or auto (ONNX Runtime when the model converts)', 'auto')
    .option(
      '--shadow <ref>',
      'a challenger (NAME@ALIAS or NAME@VERSION of a served model) that scores the same requests off the response path; its predictions are logged as source shadow, never returned (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--no-log', 'do not log predictions in the workspace')
    .option('--log-sample <fraction>', 'fraction of requests logged (0..1)', '1')
    .option('--log-retention-days <days>', 'delete logged predictions older than this (0 keeps them)', '30')
    .option('--verbose', 'print request rate and latency every second')
    .addHelpText(
      'after',
      '\nExamples:\n  ciclo serve churn@champion\n  ciclo serve churn@champion --shadow churn@challenger\n  ciclo serve churn@champion fraud@production --port 9000 --runtime onnx\n  curl -s localhost:8080/v1/models/churn:predict -d \'{"instances": [{"age": 41, "plan": "basic"}]}\'',
    )
    .action(async (refs: string[], opts, cmd: Command) => {
      const g = globals(cmd);
      const json = Boolean(g.json);
      let services: Services | undefined;
      try {
        const runtime = String(opts.runtime);
        if (!['tfjs', 'onnx', 'auto'].includes(runtime)) throw new AppError('invalid_input', `--runtime must be tfjs, onnx or auto, not "${runtime}".`);
        const settings = {
          maxBatch: int(opts.maxBatch, '--max-batch', 1, 4096),
          maxDelayMs: num(opts.maxDelayMs, '--max-delay-ms', 0, 1000),
          maxRows: int(opts.maxRows, '--max-rows', 1, 1_000_000),
          maxBodyBytes: int(opts.maxBody, '--max-body', 1024, 512 * 1024 * 1024),
          runtime: runtime as 'tfjs' | 'onnx' | 'auto',
          log: opts.log !== false,
          logSample: num(opts.logSample, '--log-sample', 0, 1),
          logRetentionDays: int(opts.logRetentionDays, '--log-retention-days', 0, 3650),
        };
        const port = int(opts.port, '--port', 0, 65535);
        services = createServices({ dataDir: resolveDataDir(g.dataDir) });
        const s = services;
        const server = await startPredictionServer(s, { refs, shadows: opts.shadow, host: opts.host, port, token: opts.token, settings });
        const status = server.status();
        if (json)
          process.stdout.write(
            JSON.stringify({
              url: server.url,
              port: server.port,
              host: server.host,
              token: server.token,
              models: status.models.map(({ name, version, alias, runtime: rt, deploymentId, shadow }) => ({
                name,
                version,
                alias,
                runtime: rt,
                deploymentId,
                shadow: shadow && { ref: shadow.ref, version: shadow.version, runtime: shadow.runtime },
              })),
            }) + '\n',
          );
        else {
          const lines = [`Serving on ${server.url}  (docs: ${server.url}/, OpenAPI: ${server.url}/openapi.json)`];
          for (const m of status.models) {
            lines.push(`  ${m.name}  version ${m.version}${m.alias ? ` (follows @${m.alias})` : ''}  runtime ${m.runtime}`);
            if (m.shadow)
              lines.push(`    shadow: ${m.shadow.ref} (version ${m.shadow.version}, ${m.shadow.runtime}) scores the same requests; logged as source shadow, never returned`);
            lines.push(`    POST ${server.url}/v1/models/${m.name}:predict   POST ${server.url}/v2/models/${m.name}/infer`);
          }
          lines.push(`    POST ${server.url}/invocations   (MLflow; ${status.models[0].name}${status.models.length > 1 ? ', or ?model=NAME' : ''})`);
          for (const h of server.hosts) if (h.current.runtimeNote) lines.push(`  note: ${h.name} runs on tfjs: ${h.current.runtimeNote}`);
          if (server.token) lines.push(`Token: ${server.token}  (send "Authorization: Bearer <token>")`);
          lines.push(`Batching: up to ${settings.maxBatch} rows, ${settings.maxDelayMs} ms; logging ${settings.log ? `on (sample ${settings.logSample})` : 'off'}. Ctrl+C stops.`);
          process.stdout.write(lines.join('\n') + '\n');
        }
        if (!isLoopback(server.host))
          process.stderr.write(
            `ciclo: warning: listening on ${server.host}, reachable from other computers; every request needs the token. Only prediction endpoints are served.\n`,
          );
        let last = { requests: 0, errors: 0 };
        const verbose = opts.verbose
          ? setInterval(() => {
              const t = server.stats.ticks.at(-1);
              if (!t) return;
              const v = server.hosts.map((h) => `${h.name}@${h.current.version}`).join(' ');
              process.stderr.write(
                `${new Date().toISOString().slice(11, 19)}  ${t.requests} req/s  ${t.rows} rows/s  p50 ${t.p50Ms?.toFixed(1) ?? '-'} ms  p99 ${t.p99Ms?.toFixed(1) ?? '-'} ms  errors ${t.errors}  batch ${t.meanBatch?.toFixed(1) ?? '-'}  ${v}\n`,
              );
              last = { requests: server.stats.requests, errors: server.stats.errors };
            }, 1000)
          : null;
        void last;
        let swapsSeen = 0;
        const swapWatch = setInterval(() => {
          const all = server.hosts.flatMap((h) => h.swaps.map((sw) => ({ name: h.name, ...sw })));
          for (const sw of all.slice(swapsSeen)) if (!json) process.stderr.write(`${sw.at}  ${sw.name}: now serving version ${sw.to} (was ${sw.from}; loaded in ${sw.ms} ms)\n`);
          swapsSeen = all.length;
        }, 500);
        const stop = async () => {
          if (verbose) clearInterval(verbose);
          clearInterval(swapWatch);
          await server.close();
          await s.close();
          process.exit(0);
        };
        process.once('SIGINT', () => void stop());
        process.once('SIGTERM', () => void stop());
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        process.exitCode = reportError(e, json);
        await services?.close().catch(() => undefined);
      }
    });

  const deployments = program.command('deployments').description('What is or was served by ciclo serve (or the Deploy phase).');
  deployments
    .command('list')
    .description('Deployments, newest first: model, version, alias, address, status, requests, p50/p99 latency, swaps.')
    .option('--model <name>', 'only this model')
    .option('--status <status>', 'running, stopped or failed')
    .option('--limit <n>', 'at most this many', '100')
    .action(async (opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('deployments.list', { model: opts.model, status: opts.status, limit: int(opts.limit, '--limit', 1, 100000) }),
        (list: Deployment[]) =>
          table(
            list.map((d) => ({
              id: d.id,
              model: d.modelName,
              version: d.version,
              alias: d.alias ?? '',
              address: d.port ? `${d.host}:${d.port}` : '',
              runtime: d.runtime,
              status: d.status,
              requests: d.requests,
              p50_ms: d.p50Ms,
              p99_ms: d.p99Ms,
              swaps: d.swaps.length,
              started: d.startedAt.slice(0, 19),
            })),
            ['id', 'model', 'version', 'alias', 'address', 'runtime', 'status', 'requests', 'p50_ms', 'p99_ms', 'swaps', 'started'],
          ),
      );
    });
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { AppError } from '../../../shared/contract/errors.js';
import type { Door } from '../../core/door.js';
import { chooseToken, startServer } from '../../server/server.js';
import { collect, globals, openWorkspace } from '../context.js';
import { reportError } from '../output.js';

/** The built renderer, next to the sources in a checkout (CICLO_RENDERER_DIR overrides it). */
export function rendererDir(): string {
  if (process.env.CICLO_RENDERER_DIR) return path.resolve(process.env.CICLO_RENDERER_DIR);
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '../../../out/renderer');
}

/** The token from --token, --token-file or CICLO_TOKEN (in that order); undefined: generate one. */
function readToken(opts: { token?: string; tokenFile?: string; host: string }): string | undefined {
  if (opts.token !== undefined) return opts.token;
  if (opts.tokenFile) {
    let text: string;
    try {
      text = fs.readFileSync(opts.tokenFile, 'utf8');
    } catch (err) {
      throw new AppError(
        'invalid_input',
        `Cannot read the token file ${opts.tokenFile}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (err as Error).message}.`,
      );
    }
    return text.split(/\r?\n/)[0].trim();
  }
  const env = process.env.CICLO_TOKEN?.trim();
  return env || undefined;
}

export function registerUiCommand(program: Command): void {
  program
    .command('ui')
    .description('Serve the Ciclo app in your browser (browser mode), on this computer only by default.')
    .option('--port <n>', 'port to listen on (0 picks a free one)', (v) => Number(v), 5173)
    .option('--host <address>', 'address to bind; keep 127.0.0.1 unless you know why', '127.0.0.1')
    .option('--token <token>', 'use this access token instead of a random one (visible in ps: prefer CICLO_TOKEN or --token-file)')
    .option('--token-file <file>', 'read the access token from this file (its first line)')
    .option('--allowed-host <name>', 'another name clients use to reach this server (repeatable), e.g. a DNS name', collect, [])
    .action(async (opts, cmd: Command) => {
      const g = globals(cmd);
      let door: Door | undefined;
      try {
        const staticDir = rendererDir();
        if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
          throw new AppError('invalid_input', `The user interface is not built yet (${staticDir} is missing): run "npm run build" first, or use "npm start".`);
        }
        if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
          throw new AppError('invalid_input', `--port must be a whole number from 0 to 65535, not "${opts.port}".`);
        }
        const token = chooseToken(opts.host, readToken(opts));
        const opened = await openWorkspace(g, true);
        const d = (door = opened.door);
        const dataDir = opened.dataDir;
        const server = await startServer({ door: d, uploadDir: path.join(dataDir, 'uploads'), staticDir, host: opts.host, port: opts.port, token, allowedHosts: opts.allowedHost });
        if (server.warning) process.stderr.write(`ciclo: warning: ${server.warning}\n`);
        if (g.json) process.stdout.write(JSON.stringify({ url: server.url, loginUrl: server.loginUrl, token: server.token, dataDir, warning: server.warning }) + '\n');
        else {
          process.stdout.write(`Ciclo is running in browser mode.\n  Open: ${server.loginUrl}\n  Workspace: ${dataDir}\nPress Ctrl+C to stop.\n`);
        }
        const stop = async () => {
          try {
            await server.close();
            await d.close();
          } catch (err) {
            process.stderr.write(`ciclo: the workspace did not close cleanly: ${err instanceof Error ? err.message : String(err)}\n`);
            process.exit(1);
          }
          process.exit(0);
        };
        process.once('SIGINT', () => void stop());
        process.once('SIGTERM', () => void stop());
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        const mapped =
          e.code === 'EADDRINUSE' ? new AppError('invalid_input', `Port ${opts.port} is already in use: pick another with --port, or --port 0 for any free port.`) : err;
        process.exitCode = reportError(mapped, Boolean(g.json));
        await door?.close();
      }
    });
}

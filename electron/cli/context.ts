import type { Command } from 'commander';
import { AppError } from '../../shared/contract/errors.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/api.js';
import { createServices, type Services, type ServicesOptions } from '../core/services.js';
import { resolveDataDir } from '../core/workspace.js';
import { printJson, reportError } from './output.js';

export interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
}

export interface CliContext {
  services: Services;
  json: boolean;
  /** Calls the API through the same router as every other door. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
}

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/**
 * Runs one command: opens the workspace, runs `body`, prints its result (JSON when --json, else the text
 * `render` makes), closes the workspace and sets the exit code.
 */
export async function runCommand<T>(
  cmd: Command,
  body: (ctx: CliContext) => Promise<T>,
  render: (value: T) => string,
  exitCode: (value: T) => number = () => 0,
  open: Pick<ServicesOptions, 'gc'> = {},
): Promise<void> {
  const opts = globals(cmd);
  const json = Boolean(opts.json);
  let services: Services | undefined;
  try {
    services = createServices({ dataDir: resolveDataDir(opts.dataDir), ...open });
    const s = services;
    const ctx: CliContext = {
      services: s,
      json,
      call: (method, input) => s.call(method, input, { door: 'cli' }) as never,
    };
    const value = await body(ctx);
    if (json) printJson(value);
    else {
      const text = render(value);
      if (text) process.stdout.write(text + '\n');
    }
    process.exitCode = exitCode(value);
  } catch (err) {
    process.exitCode = reportError(err, json);
  } finally {
    await services?.close().catch(() => undefined);
  }
}

/** Collects a repeatable option into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function userError(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('invalid_input', message, details);
}

import type { Command } from 'commander';
import { AppError } from '../../shared/contract/errors.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/api.js';
import type { Door } from '../core/door.js';
import type { ServicesOptions } from '../core/services.js';
import { resolveDataDir } from '../core/workspace.js';
import { printJson, reportError } from './output.js';

export interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
}

export interface CliContext {
  json: boolean;
  /** Calls the API through the same router as every other door. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** The contract's push events (job progress, training epochs). */
  events: Door['events'];
}

/** Opens the workspace the global options name, as a door: the core is loaded only when a command runs. */
export async function openWorkspace(opts: GlobalOptions, watchExternalChanges = false, open: Pick<ServicesOptions, 'gc'> = {}): Promise<{ door: Door; dataDir: string }> {
  const { openDoor } = await import('../core/door.js');
  const dataDir = resolveDataDir(opts.dataDir);
  // the installed app's launcher runs this on Electron's Node, with the database module built for it
  const nativeBinding = process.env.CICLO_NATIVE_BINDING || undefined;
  return { door: openDoor({ dataDir, watchExternalChanges, nativeBinding, ...open }), dataDir };
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
  let door: Door | undefined;
  try {
    const d = (door = (await openWorkspace(opts, false, open)).door);
    const ctx: CliContext = {
      json,
      call: (method, input) => d.call(method, input, { door: 'cli' }) as never,
      events: d.events,
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
    await door?.close().catch(() => undefined);
  }
}

/** Collects a repeatable option into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function userError(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('invalid_input', message, details);
}

import path from 'node:path';

/** What one `ciclo` run printed and returned; `json` is stdout parsed when it is JSON. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: any;
}

/** The environment of a CLI run against a workspace (the same for a real process and an in-process run). */
export function cliVars(dataDir: string): Record<string, string> {
  return { CICLO_HOME: dataDir, CICLO_PREFS_DIR: path.join(dataDir, 'prefs'), NO_COLOR: '1' };
}

export function parseJson(stdout: string): any {
  try {
    return JSON.parse(stdout);
  } catch {
    return undefined;
  }
}

/** process.exit inside an in-process run: ends that run with the code instead of the test process. */
class ExitCalled extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

type Write = typeof process.stdout.write;

/** Replaces a stream's write (and its TTY flag: a spawned CLI writes to a pipe) while a run lasts. */
function capture(stream: NodeJS.WriteStream, sink: (s: string) => void): () => void {
  const write = stream.write;
  const isTTY = Object.getOwnPropertyDescriptor(stream, 'isTTY');
  stream.write = ((chunk: string | Uint8Array, enc?: unknown, cb?: unknown) => {
    sink(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = typeof enc === 'function' ? enc : cb;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  }) as Write;
  Object.defineProperty(stream, 'isTTY', { value: undefined, configurable: true, writable: true });
  return () => {
    stream.write = write;
    if (isTTY) Object.defineProperty(stream, 'isTTY', isTTY);
    else delete (stream as { isTTY?: boolean }).isTTY;
  };
}

async function runOnce(dataDir: string, args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  // the CLI's own entry (what bin/ciclo.mjs runs after choosing the build or the sources)
  const { main } = await import('../../electron/cli/main.js');
  const vars = { ...cliVars(dataDir), ...env };
  const savedEnv = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  let stdout = '';
  let stderr = '';
  const restoreOut = capture(process.stdout, (s) => (stdout += s));
  const restoreErr = capture(process.stderr, (s) => (stderr += s));
  const savedExitCode = process.exitCode;
  const savedExit = process.exit;
  process.exitCode = undefined;
  process.exit = ((code?: number) => {
    throw new ExitCalled(code ?? Number(process.exitCode ?? 0));
  }) as typeof process.exit;
  let code: number;
  try {
    await main(args);
    code = Number(process.exitCode ?? 0);
  } catch (err) {
    if (err instanceof ExitCalled) code = err.code;
    else {
      // a real process prints an uncaught error and exits 1
      stderr += `${err instanceof Error ? err.stack : String(err)}\n`;
      code = 1;
    }
  } finally {
    process.exit = savedExit;
    process.exitCode = savedExitCode;
    restoreOut();
    restoreErr();
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  return { code, stdout, stderr, json: parseJson(stdout) };
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `ciclo ARGS` inside the test process through the CLI's `main(argv)`: the same commands, output and
 * exit code as `runCli` (a real process) without paying a Node start and a core load per run. Runs are
 * serialised (stdout, the exit code and the environment are the process's), and each one opens and closes
 * the workspace as a real run does. `env` adds or removes (undefined) variables for this run only.
 * Use runCli for what needs a real process: stdin, signals, kill -9, a server that outlives the call.
 */
export function runCliInProcess(dataDir: string, args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const run = queue.then(() => runOnce(dataDir, args, env));
  queue = run.catch(() => undefined);
  return run;
}

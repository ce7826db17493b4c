import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ParentMessage, WorkerMessage } from './protocol.js';

/**
 * Starts the training worker as a separate process (child_process.fork), so a crash or an out-of-memory
 * in training never takes the app down. From the built code (the desktop app, the built CLI and browser
 * mode) it is the bundled out/main/training-worker.js (an entry of electron.vite.config.ts), plain
 * JavaScript; only when the core itself runs from the sources (tests, development) is it worker.ts
 * through tsx.
 */

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The end of what the worker printed on stderr (for crash messages such as an out-of-memory). */
  stderr: string;
}

export interface WorkerHandle {
  pid: number;
  send(message: ParentMessage): void;
  onMessage(listener: (message: WorkerMessage) => void): void;
  exited: Promise<WorkerExit>;
  kill(signal?: NodeJS.Signals): void;
}

const resolveFromHere = createRequire(import.meta.url);

export function workerEntry(): { file: string; execArgv: string[] } {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const ts = path.join(here, 'worker.ts');
  // `npm test` builds first and then sets CICLO_BUILT_WORKER for the unit and integration tests: their forked
  // workers run that fresh bundle, as the app does, instead of worker.ts through tsx (which transpiles the
  // worker's modules at every start: about 1.5 CPU-s more per worker)
  if (fs.existsSync(ts) && process.env.CICLO_BUILT_WORKER === '1') {
    const built = path.resolve(here, '../../../out/main/training-worker.js');
    if (!fs.existsSync(built)) throw new Error(`CICLO_BUILT_WORKER is set but ${built} is missing: run \`npx electron-vite build\` first.`);
    return { file: built, execArgv: [] };
  }
  if (fs.existsSync(ts)) return { file: ts, execArgv: ['--import', pathToFileURL(resolveFromHere.resolve('tsx')).href] };
  // built app: the worker entry sits next to the main bundle; this code may be in a chunk one level below
  const built = [path.join(here, 'training-worker.js'), path.join(here, '..', 'training-worker.js')].find((f) => fs.existsSync(f));
  if (!built) throw new Error(`The training worker is missing from this build (looked for training-worker.js in ${here}).`);
  return { file: built, execArgv: [] };
}

export function forkTrainingWorker(entry: { file: string; execArgv: string[] } = workerEntry()): WorkerHandle {
  const env = { ...process.env };
  if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
  const child: ChildProcess = fork(entry.file, [], {
    execArgv: entry.execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env,
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-4000);
  });
  child.stdout?.resume(); // tfjs prints hints on stdout; they must not reach the CLI's stdout
  const exited = new Promise<WorkerExit>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, stderr }));
    // `on`, not `once`: a second 'error' event with no listener would be thrown and end this process
    child.on('error', (err) => resolve({ code: -1, signal: null, stderr: `${stderr}\n${err.message}` }));
  });
  if (child.pid === undefined) throw new Error('The training worker process could not be started.');
  return {
    pid: child.pid,
    send(message) {
      // a message that cannot be sent leaves the worker without its orders: stop it, the exit ends the run
      if (child.connected)
        child.send(message, (err) => {
          if (!err) return;
          stderr = `${stderr}\nCould not send the ${message.type} message to the training worker: ${err.message}`.slice(-4000);
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        });
    },
    onMessage(listener) {
      child.on('message', (m) => listener(m as WorkerMessage));
    },
    exited,
    kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

import Database from 'better-sqlite3';
import path from 'node:path';
import { snapshot, type Snapshot } from './checks.js';
import { killBundleImport, killServing } from './bundle-serve.js';
import { alive, kill, sleep, spawnCiclo, waitFor, type Harness, type Spawned } from './harness.js';

/**
 * The fault scenarios. Each one gets a fresh copy of the template workspace, inflicts its fault and
 * returns what it saw; the runner then checks the common invariants (checks.ts) on top of the
 * scenario's own findings. A new scenario is one object here: most kills are `killCliAt(h, ARGS, probe)`;
 * those needing their own setup and checks (a bundle import, a serving process under load) are functions
 * in bundle-serve.ts.
 */

export interface Outcome {
  /** Point counts just before the fault (no committed point may be lost). */
  before?: Snapshot;
  /** What the scenario itself found wrong (beyond the common checks). */
  findings: string[];
  /** Facts for the report: what was killed, when, exit codes. */
  details: Record<string, unknown>;
}

export interface Scenario {
  name: string;
  group: 'kill' | 'stall' | 'concurrent';
  /** Part of the fast subset run by the normal test suite. */
  quick?: boolean;
  run(h: Harness): Promise<Outcome>;
}

type Probe = (db: Database.Database) => unknown;

const latestRun = (db: Database.Database) =>
  db.prepare("SELECT id, status, worker_pid, epochs_done, job_id FROM runs WHERE status = 'running' ORDER BY created_at DESC LIMIT 1").get() as
    { id: string; status: string; worker_pid: number | null; epochs_done: number; job_id: string } | undefined;

/** A job of this kind is running (its CLI got past startup). */
export const jobRunning =
  (kind: string): Probe =>
  (db) =>
    db.prepare("SELECT id FROM jobs WHERE kind = ? AND status = 'running'").get(kind);

/**
 * Starts `ciclo ARGS`, waits until `ready` holds in its database (or, with no probe, a random delay
 * after the start), waits a random 0..jitterMs more, then kill -9s it. Returns the exit and the snapshot.
 */
export async function killCliAt(h: Harness, args: string[], ready: Probe | null, jitterMs = 1500): Promise<Outcome> {
  const p = spawnCiclo(h, args);
  let reached = false;
  if (ready) {
    await waitFor(h.dir, ready, 60_000, `${args.join(' ')} to start`)
      .then(() => (reached = true))
      .catch(() => undefined);
  } else await sleep(2000 + h.rng() * 4000);
  const delay = Math.round(h.rng() * jitterMs);
  await sleep(delay);
  const before = snapshot(h.dir);
  const wasAlive = p.child.exitCode === null;
  kill(p.child.pid);
  const exit = await p.done;
  return { before, findings: [], details: { args: args.join(' '), reachedJob: reached, delayMs: delay, killedWhileRunning: wasAlive, exit: exit.signal ?? exit.code } };
}

const trainArgs = (epochs: number) => ['train', '--project', 'iris', '--dataset', 'iris', '--epochs', String(epochs), '--param', 'batchSize=8', '--json'];

/** Starts a training and waits until its worker runs and `epochs` epochs are done. */
async function trainingUnderWay(h: Harness, epochs: number, minEpochs: number): Promise<{ p: Spawned; run: NonNullable<ReturnType<typeof latestRun>> }> {
  const p = spawnCiclo(h, trainArgs(epochs));
  const run = await waitFor(
    h.dir,
    (db) => {
      const r = latestRun(db);
      return r && r.worker_pid && r.epochs_done >= minEpochs ? r : undefined;
    },
    120_000,
    'the training worker',
  );
  return { p, run };
}

async function killTraining(h: Harness, who: 'worker' | 'parent' | 'both'): Promise<Outcome> {
  const { p, run } = await trainingUnderWay(h, 12, Math.floor(h.rng() * 3));
  const delay = Math.round(h.rng() * 1500);
  let exitedFirst = false;
  void p.done.then(() => (exitedFirst = true));
  await sleep(delay);
  const before = snapshot(h.dir);
  if (exitedFirst) {
    // on a fast machine the training can end before the random moment: then it must simply be finished
    const shown = await spawnCiclo(h, ['runs', 'show', run.id, '--json']).done;
    const done = (() => {
      try {
        return JSON.parse(shown.stdout) as { status?: string; epochsDone?: number };
      } catch {
        return {};
      }
    })();
    const findings = done.status === 'succeeded' && done.epochsDone === 12 ? [] : [`the training ended before the kill but is ${done.status} after ${done.epochsDone} epochs`];
    return { before, findings, details: { killed: 'none (finished first)', run: run.id, delayMs: delay, status: done.status } };
  }
  if (who !== 'parent') kill(run.worker_pid);
  if (who !== 'worker') kill(p.child.pid);
  const exit = await p.done;
  const findings: string[] = [];
  // an orphaned worker notices its parent's death and stops
  for (let i = 0; i < 200 && run.worker_pid && alive(run.worker_pid); i++) await sleep(50);
  if (run.worker_pid && alive(run.worker_pid)) findings.push(`worker ${run.worker_pid} still alive after its parent was killed`);
  if (who === 'worker' && exit.code !== 2) findings.push(`a killed worker should end the CLI with exit 2, got ${exit.code ?? exit.signal}`);
  // resumable means it resumes: the run continues from its checkpoint and finishes every epoch
  const resumed = await spawnCiclo(h, ['runs', 'resume', run.id, '--json']).done;
  let after: { status?: string; epochsDone?: number } = {};
  try {
    after = JSON.parse(resumed.stdout);
  } catch {
    // reported below
  }
  if (resumed.code !== 0 || after.status !== 'succeeded' || after.epochsDone !== 12) {
    findings.push(`resume after the kill: exit ${resumed.code}, status ${after.status}, epochs ${after.epochsDone}: ${resumed.stderr.trim().slice(-300)}`);
  }
  return { before, findings, details: { killed: who, run: run.id, atEpoch: run.epochs_done, delayMs: delay, exit: exit.signal ?? exit.code, resumed: after.status } };
}

/** A training stopped with SIGSTOP past the stale threshold is still its owner's: no second process may take it. */
async function stall(h: Harness): Promise<Outcome> {
  const { p, run } = await trainingUnderWay(h, 12, 1);
  const findings: string[] = [];
  kill(p.child.pid, 'SIGSTOP');
  kill(run.worker_pid, 'SIGSTOP');
  const stoppedMs = h.staleMs * 2;
  await sleep(stoppedMs);
  const resume = await spawnCiclo(h, ['runs', 'resume', run.id, '--json']).done;
  if (resume.code !== 1 || !resume.stderr.includes('still being trained'))
    findings.push(`resume of a stopped (live) run: exit ${resume.code}, ${resume.stderr.trim().slice(0, 200)}`);
  const shown = await spawnCiclo(h, ['runs', 'show', run.id, '--json']).done;
  const status = (() => {
    try {
      return JSON.parse(shown.stdout).status;
    } catch {
      return shown.stdout.slice(0, 100);
    }
  })();
  if (status !== 'running') findings.push(`a stopped (live) run was marked ${status} by another process`);
  kill(run.worker_pid, 'SIGCONT');
  kill(p.child.pid, 'SIGCONT');
  const exit = await p.done;
  if (exit.code !== 0) findings.push(`the stalled training should finish after SIGCONT, exit ${exit.code ?? exit.signal}: ${exit.stderr.slice(-300)}`);
  return { findings, details: { run: run.id, stoppedMs, resumeExit: resume.code, exit: exit.code } };
}

/** Several processes write at once: imports of one file, two trainings, promotions of one alias. */
async function concurrentWriters(h: Harness): Promise<Outcome> {
  const findings: string[] = [];
  const imports = [0, 1, 2].map(() => spawnCiclo(h, ['dataset', 'import', h.smallCsv, '--project', 'iris', '--name', 'shared', '--target', 'species', '--json']));
  const trainings = [0, 1].map(() => spawnCiclo(h, trainArgs(3)));
  const promotions = [1, 2, 1].map((v) =>
    spawnCiclo(h, ['model', 'promote', h.model, String(v), '--alias', 'champion', '--reason', 'fault campaign: promotions racing for one alias', '--json']),
  );
  const exits = await Promise.all([...imports, ...trainings, ...promotions].map((p) => p.done));
  const codes = exits.map((e) => e.code);
  if (codes.slice(0, 3).some((c) => c !== 0))
    findings.push(`concurrent imports of one file: exits ${codes.slice(0, 3).join(',')}: ${exits.find((e) => e.code !== 0)?.stderr.slice(-300)}`);
  if (codes.slice(3, 5).some((c) => c !== 0)) findings.push(`concurrent trainings: exits ${codes.slice(3, 5).join(',')}`);
  // a promotion may lose the race cleanly (the version already holds the alias): exit 1 with that message
  const promoted = exits.slice(5).filter((e) => e.code === 0).length;
  if (exits.slice(5).some((e) => e.code !== 0 && !(e.code === 1 && e.stderr.includes('already holds'))) || promoted === 0) {
    findings.push(
      `concurrent promotions: exits ${codes.slice(5).join(',')}: ${exits
        .slice(5)
        .map((e) => e.stderr.trim())
        .join(' | ')
        .slice(0, 300)}`,
    );
  }
  const db = new Database(path.join(h.dir, 'ciclo.db'), { readonly: true });
  try {
    const versions = (db.prepare("SELECT COUNT(*) AS n FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE d.name = 'shared'").get() as { n: number }).n;
    if (versions !== 1) findings.push(`three imports of identical content made ${versions} versions (expected 1)`);
    const holders = (db.prepare("SELECT COUNT(*) AS n FROM model_aliases WHERE alias = 'champion'").get() as { n: number }).n;
    if (holders !== 1) findings.push(`alias champion has ${holders} holders`);
    const moves = (db.prepare("SELECT COUNT(*) AS n FROM model_events WHERE alias = 'champion' AND action = 'alias_set'").get() as { n: number }).n;
    if (moves !== promoted) findings.push(`${promoted} promotions succeeded but the history records ${moves} alias moves`);
  } finally {
    db.close();
  }
  return { findings, details: { exits: codes } };
}

export const scenarios: Scenario[] = [
  { name: 'kill-training-worker', group: 'kill', run: (h) => killTraining(h, 'worker') },
  { name: 'kill-training-parent', group: 'kill', run: (h) => killTraining(h, 'parent') },
  { name: 'kill-training-both', group: 'kill', run: (h) => killTraining(h, 'both') },
  {
    name: 'kill-import',
    group: 'kill',
    quick: true,
    run: (h) => killCliAt(h, ['dataset', 'import', h.bigCsv, '--project', 'iris', '--name', 'big', '--target', 'species', '--json'], jobRunning('dataset.import'), 2500),
  },
  {
    // killed while its blobs are being stored, before the row that refers to them: the next open must collect them
    name: 'kill-import-storing',
    group: 'kill',
    run: (h) =>
      killCliAt(
        h,
        ['dataset', 'import', h.bigCsv, '--project', 'iris', '--name', 'big', '--target', 'species', '--json'],
        (db) => db.prepare("SELECT id FROM jobs WHERE kind = 'dataset.import' AND status = 'running' AND message LIKE 'Storing%'").get(),
        300,
      ),
  },
  { name: 'kill-evaluation', group: 'kill', run: (h) => killCliAt(h, ['evaluate', h.runIds[0], '--json'], jobRunning('evaluation'), 800) },
  { name: 'kill-registration', group: 'kill', quick: true, run: (h) => killCliAt(h, ['model', 'register', h.runIds[1], '--name', 'other-flowers', '--json'], null) },
  { name: 'kill-bundle-import', group: 'kill', quick: true, run: killBundleImport },
  { name: 'kill-serving', group: 'kill', quick: true, run: killServing },
  { name: 'stall-training', group: 'stall', run: stall },
  { name: 'concurrent-writers', group: 'concurrent', run: concurrentWriters },
];

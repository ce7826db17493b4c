import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { snapshot } from './checks.js';
import { cloneWorkspace, kill, openServices, sleep, spawnCiclo, type Harness } from './harness.js';
import type { Outcome } from './scenarios.js';

/**
 * Two kills of processes other work added: `ciclo bundle import` at a random moment (before it verifies,
 * while it verifies, while it stores) and `ciclo serve` while loopback clients keep it busy. Each adds its
 * own checks to the common ones (checks.ts).
 */

const readDb = <T>(dir: string, f: (db: Database.Database) => T): T => {
  const db = new Database(path.join(dir, 'ciclo.db'), { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return f(db);
  } finally {
    db.close();
  }
};

const json = (text: string): Record<string, unknown> => {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
};

/**
 * A bundle of a model no copy of the template has: a copy registers its first run as `exported-flowers`
 * and exports it (signed by that copy's key, which the others do not know: imports pass --trust-signer).
 * Made once per campaign.
 */
async function bundleFile(h: Harness): Promise<string> {
  const root = path.dirname(h.dir);
  const file = path.join(root, 'exported-flowers.ciclo');
  if (fs.existsSync(file)) return file;
  const dir = cloneWorkspace(path.join(root, 'template'), root, 'bundle-exporter');
  const s = openServices(dir);
  try {
    await s.call('model.register', { run: h.runIds[0], name: 'exported-flowers' }, { door: 'cli' });
    await s.call('bundle.export', { model: 'exported-flowers@1', output: file }, { door: 'cli' });
  } finally {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return file;
}

/** Polls the file system (every 2 ms: a small bundle verifies in a few milliseconds) until `probe` holds. */
async function until(probe: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (probe()) return true;
    await sleep(2);
  }
  return false;
}

/** kill -9 of `ciclo bundle import` before, while verifying or while storing; then two more imports. */
export async function killBundleImport(h: Harness): Promise<Outcome> {
  const file = await bundleFile(h);
  const findings: string[] = [];
  const phase = (['before', 'verifying', 'storing'] as const)[Math.floor(h.rng() * 3)];
  const tmp = path.join(h.dir, 'blobs', 'tmp');
  const sinks = () => (fs.existsSync(tmp) ? fs.readdirSync(tmp).filter((f) => f.startsWith('bundle-')) : []);
  const p = spawnCiclo(h, ['bundle', 'import', file, '--trust-signer', '--json']);
  let reached = true;
  const delay = Math.round(h.rng() * { before: 800, verifying: 5, storing: 150 }[phase]);
  if (phase === 'verifying') reached = await until(() => sinks().length > 0, 30_000);
  if (phase === 'storing') reached = (await until(() => sinks().length > 0, 30_000)) && (await until(() => sinks().length === 0, 30_000));
  await sleep(delay);
  const wasAlive = p.child.exitCode === null;
  kill(p.child.pid);
  const exit = await p.done;

  const stored = readDb(h.dir, (db) => ({
    bundles: (db.prepare('SELECT COUNT(*) AS n FROM imported_bundles').get() as { n: number }).n,
    versions: (db.prepare("SELECT COUNT(*) AS n FROM model_versions mv JOIN registered_models m ON m.id = mv.model_id WHERE m.name = 'exported-flowers'").get() as { n: number }).n,
    examples: (db.prepare("SELECT COUNT(*) AS n FROM datasets WHERE name LIKE '% (bundle example)'").get() as { n: number }).n,
  }));
  const complete = stored.bundles === 1 && stored.versions === 1 && stored.examples === 1;
  const nothing = stored.bundles === 0 && stored.versions === 0 && stored.examples === 0;
  if (!complete && !nothing) findings.push(`a killed bundle import left part of itself: ${JSON.stringify(stored)}`);

  // the next run imports it (or finds it complete), the one after says it is already there
  const second = await spawnCiclo(h, ['bundle', 'import', file, '--trust-signer', '--json']).done;
  const secondOut = json(second.stdout);
  const expected = nothing ? secondOut.created === true : secondOut.alreadyImportedAs === 'exported-flowers@1';
  if (second.code !== 0 || !expected) findings.push(`import after the kill: exit ${second.code}, ${second.stdout.trim().slice(0, 200)} ${second.stderr.trim().slice(-200)}`);
  const third = await spawnCiclo(h, ['bundle', 'import', file, '--trust-signer', '--json']).done;
  if (third.code !== 0 || json(third.stdout).alreadyImportedAs !== 'exported-flowers@1')
    findings.push(`third import: exit ${third.code}, ${third.stdout.trim().slice(0, 200)} ${third.stderr.trim().slice(-200)}`);
  return {
    findings,
    details: {
      phase,
      reachedPhase: reached,
      delayMs: delay,
      killedWhileRunning: wasAlive,
      exit: exit.signal ?? exit.code,
      left: complete ? 'complete' : nothing ? 'nothing' : 'partial',
    },
  };
}

const ROW = { sepal_length_cm: 5.9, sepal_width_cm: 3.0, petal_length_cm: 4.2, petal_width_cm: 1.5 };

/**
 * kill -9 of `ciclo serve flowers@production` while four loopback clients post predictions (1-2 s after the
 * first answer).
 * Logged rows are written in batches every 500 ms: what was answered more than 1 s before the kill must be
 * logged, nothing that was never sent may be, and no row twice or half written.
 */
export async function killServing(h: Harness): Promise<Outcome> {
  const findings: string[] = [];
  const promoted = await spawnCiclo(h, ['model', 'promote', h.model, '2', '--alias', 'production', '--reason', 'fault campaign: a served alias', '--json']).done;
  if (promoted.code !== 0) return { findings: [`promote for serving: exit ${promoted.code}: ${promoted.stderr.slice(-300)}`], details: {} };
  const p = spawnCiclo(h, ['serve', `${h.model}@production`, '--port', '0', '--json']);
  const started = await new Promise<Record<string, unknown>>((resolve) => {
    let out = '';
    const timer = setTimeout(() => resolve({}), 120_000);
    p.child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(json(out.split('\n')[0]));
      }
    });
    void p.done.then(() => resolve({}));
  });
  const models = started.models as { deploymentId: string }[] | undefined;
  if (!started.url || !models?.length) {
    kill(p.child.pid);
    const e = await p.done;
    return { findings: [`ciclo serve did not start: exit ${e.code}: ${e.stderr.slice(-300)}`], details: {} };
  }
  const deploymentId = models[0].deploymentId;
  const url = `${started.url as string}/v1/models/${h.model}:predict`;

  const answered = new Map<string, number>();
  const sent = new Set<string>();
  let stop = false;
  const client = async (c: number) => {
    for (let i = 0; !stop; i++) {
      const id = `chaos-${c}-${i}`;
      sent.add(id);
      try {
        const r = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Request-Id': id },
          body: JSON.stringify({ instances: [ROW] }),
          signal: AbortSignal.timeout(5000),
        });
        const body = json(await r.text());
        if (r.status === 200 && body.request_id === id && !stop) answered.set(id, Date.now());
      } catch {
        // killed under the request
      }
    }
  };
  const clients = [0, 1, 2, 3].map(client);
  // the load runs 1-2 s from its first answer (the first requests wait for the model to warm up)
  for (let i = 0; i < 500 && !answered.size; i++) await sleep(20);
  const loadMs = Math.round(1000 + h.rng() * 1000);
  await sleep(loadMs);
  const before = snapshot(h.dir);
  stop = true;
  const killedAt = Date.now();
  kill(p.child.pid);
  const inFlight = [...sent].filter((id) => !answered.has(id));
  await Promise.all(clients);
  const exit = await p.done;

  const listed = await spawnCiclo(h, ['deployments', 'list', '--json']).done;
  const list = json(`{"list":${listed.stdout.trim() || 'null'}}`).list as { id: string; status: string }[] | null;
  const deployment = list?.find((d) => d.id === deploymentId);
  if (deployment?.status !== 'failed')
    findings.push(`deployment ${deploymentId} after its server was killed: ${deployment?.status ?? `not listed (exit ${listed.code})`}, expected failed`);

  const rows = readDb(h.dir, (db) => db.prepare('SELECT request_id, row_index, source, input, output FROM prediction_logs WHERE deployment_id = ?').all(deploymentId)) as {
    request_id: string;
    row_index: number;
    source: string;
    input: string;
    output: string;
  }[];
  const seen = new Set<string>();
  for (const r of rows) {
    const key = `${r.request_id}/${r.row_index}/${r.source}`;
    if (seen.has(key)) findings.push(`prediction log ${key} is there twice`);
    seen.add(key);
    const input = json(r.input);
    const output = json(r.output);
    if (input.petal_length_cm !== ROW.petal_length_cm || !(typeof output.label === 'string')) findings.push(`prediction log ${key} is incomplete: ${r.input} -> ${r.output}`);
    if (!sent.has(r.request_id)) findings.push(`prediction log ${key} is for a request never sent`);
  }
  const logged = new Set(rows.map((r) => r.request_id));
  const settled = [...answered].filter(([, at]) => at < killedAt - 1000).map(([id]) => id);
  if (!answered.size) findings.push('the server answered no request under load');
  const lost = settled.filter((id) => !logged.has(id));
  if (lost.length) findings.push(`${lost.length} of ${settled.length} requests answered more than 1 s before the kill were not logged (e.g. ${lost[0]})`);
  if (logged.size > answered.size + inFlight.length) findings.push(`${logged.size} requests logged but only ${answered.size} answered and ${inFlight.length} in flight`);
  return {
    before,
    findings,
    details: {
      loadMs,
      answered: answered.size,
      answeredBeforeBound: settled.length,
      inFlight: inFlight.length,
      logged: logged.size,
      deployment: deployment?.status,
      exit: exit.signal ?? exit.code,
    },
  };
}

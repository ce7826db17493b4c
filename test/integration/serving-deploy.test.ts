import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFeedback } from '../../electron/core/store/prediction-log-store.js';
import { checkRemotePaths } from '../../electron/core/remote-paths.js';
import type { Services } from '../../electron/core/services.js';
import { startPredictionServer, type PredictionServer } from '../../electron/core/serving/server.js';
import { loadPredictor } from '../../electron/core/training/predictor.js';
import { servingWorkspace, spawnServe } from '../helpers/serving.js';
import { repoRoot, tempDir } from '../helpers/workspace.js';

// What the Deploy phase adds around the server. Shadow mode through the server over loopback: iris@staging
// (version 1) answers, iris@2 scores the same requests off the response path; its rows are logged as source
// 'shadow' under the same request ids and the Monitor phase's champion vs challenger comparison reads them.
// Batch prediction (serving.batchPredict): the ciclo predict job on a file, logged as source 'batch'.
let s: Services;
let srv: PredictionServer;
const call = (m: string, i: unknown) => s.call(m, i, { door: 'test' }) as Promise<any>;
const fail = (m: string, i: unknown) =>
  call(m, i).then(
    () => ({ code: 'none', message: 'no error' }),
    (e) => e,
  );
const lines = fs.readFileSync(path.join(repoRoot, 'resources/datasets/iris.csv'), 'utf8').trim().split(/\r?\n/);
const header = lines[0].split(',');
const irisRows = lines.slice(1).map((l) => Object.fromEntries(header.map((h, i) => [h, h === 'species' ? l.split(',')[i] : Number(l.split(',')[i])])));
const features = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'species'));
const post = (p: string, body: unknown, id: string) =>
  fetch(srv.url + p, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Request-Id': id }, body: JSON.stringify(body) }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as any,
  }));
const logged = (source: string, like: string) =>
  s.db
    .prepare(
      'SELECT request_id AS id, row_index AS i, model_version AS v, run_id AS run, output, prediction, protocol FROM prediction_logs WHERE source = ? AND request_id LIKE ? ORDER BY request_id, row_index',
    )
    .all(source, like) as {
    id: string;
    i: number;
    v: number;
    run: string;
    output: string;
    prediction: string | null;
    protocol: string;
  }[];

async function settle(): Promise<void> {
  for (const h of srv.hosts) await h.shadow?.idle();
  srv.log!.flush();
}

beforeAll(async () => {
  s = await servingWorkspace();
  srv = await startPredictionServer(s, { refs: ['iris@staging'], shadows: ['iris@2'], port: 0, settings: { maxDelayMs: 2 } });
}, 240_000);

afterAll(async () => {
  await srv?.close();
  await s?.close();
});

describe('shadow mode', () => {
  it('the champion answers; the shadow scores the same rows and is logged as source shadow under the same request id', async () => {
    const picked = irisRows.filter((_, i) => i % 5 === 0).slice(0, 24);
    const replies = await Promise.all(
      picked.map((r, i) =>
        i % 2
          ? post('/invocations', { dataframe_records: [features(r)] }, `sh-${String(i).padStart(2, '0')}`)
          : post('/v1/models/iris:predict', { instances: [features(r)] }, `sh-${String(i).padStart(2, '0')}`),
      ),
    );
    for (const r of replies) {
      expect(r.status).toBe(200);
      expect(r.body.model_version).toBe('1'); // answered by the champion only
      expect(JSON.stringify(r.body)).not.toContain('shadow');
    }
    await settle();
    const served = logged('server', 'sh-%');
    const shadow = logged('shadow', 'sh-%');
    expect(served).toHaveLength(picked.length);
    expect(shadow.map((r) => [r.id, r.i])).toEqual(served.map((r) => [r.id, r.i]));
    expect(new Set(served.map((r) => r.v))).toEqual(new Set([1]));
    expect(new Set(shadow.map((r) => r.v))).toEqual(new Set([2]));
    expect(shadow.map((r) => r.protocol)).toEqual(served.map((r) => r.protocol));
    // the shadow's logged outputs are version 2's predictions of those rows
    const v2 = await loadPredictor(s, { runId: shadow[0].run });
    const p = await v2.predictRows(picked.map(features));
    v2.dispose();
    if (p.task === 'regression') throw new Error('iris is a classification');
    shadow.forEach((row, i) => {
      const out = JSON.parse(row.output);
      expect(row.prediction).toBe(p.labels[i]);
      p.classes.forEach((c, k) => expect(out.probabilities[c]).toBeCloseTo(p.probabilities[i * p.classes.length + k], 6));
    });
    const view = srv.status().models[0].shadow!;
    expect(view).toMatchObject({ ref: 'iris@2', version: 2, failed: 0, dropped: 0 });
    expect(view.scored).toBeGreaterThanOrEqual(picked.length);
  });

  it('a stalled or failing shadow neither delays nor fails the answers; its errors are logged, not returned', async () => {
    const shadowHost = srv.hosts[0].shadow!.host;
    const loaded = shadowHost.current;
    const original = loaded.predictor.predictRows;
    let release!: () => void;
    const stalled = new Promise<void>((r) => (release = r));
    loaded.predictor.predictRows = async () => {
      await stalled;
      throw new Error('challenger exploded');
    };
    try {
      // while the shadow is stuck, every request is answered
      const replies = await Promise.all(
        Array.from({ length: 10 }, (_, i) => post('/v1/models/iris:predict', { instances: [features(irisRows[i]), features(irisRows[i + 50])] }, `stall-${i}`)),
      );
      expect(replies.map((r) => r.status)).toEqual(new Array(10).fill(200));
      expect(replies.every((r) => r.body.predictions.length === 2)).toBe(true);
      expect(logged('shadow', 'stall-%')).toHaveLength(0);
      release();
      await settle();
    } finally {
      loaded.predictor.predictRows = original;
    }
    const rows = logged('shadow', 'stall-%');
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.prediction === null && JSON.parse(r.output).error === 'challenger exploded')).toBe(true);
    expect(logged('server', 'stall-%').every((r) => r.prediction !== null)).toBe(true);
    const view = srv.status().models[0].shadow!;
    expect(view.failed).toBe(20);
    expect(view.lastError).toBe('challenger exploded');
  });

  it('champion vs challenger reads the shadow logs: both outputs as served, and how often they agree', async () => {
    // labels arrive for the first requests (their true species)
    const picked = irisRows.filter((_, i) => i % 5 === 0).slice(0, 24);
    storeFeedback(
      s.db,
      picked.map((r, i) => ({ requestId: `sh-${String(i).padStart(2, '0')}`, rowIndex: 0, label: String(r.species) })),
    );
    const cmp = await call('monitor.compare', { champion: 'iris@staging', challenger: 'iris@2' });
    expect(cmp.source).toMatch(/^24 labelled live requests scored by both \(challenger in shadow mode\)/);
    expect(cmp.rows).toBe(24);
    expect(cmp.shadow.rows).toBe(24); // the failed shadow rows of the previous test are not pairs
    expect(cmp.shadow.labelled).toBe(24);
    expect(cmp.shadow.agreement).toBeGreaterThanOrEqual(0);
    expect(cmp.shadow.agreement).toBeLessThanOrEqual(1);
    const served = logged('server', 'sh-%');
    const shadow = logged('shadow', 'sh-%');
    const agree = served.filter((r, i) => r.prediction === shadow[i].prediction).length / served.length;
    expect(cmp.shadow.agreement).toBeCloseTo(agree, 12);
    const acc = cmp.metrics.find((m: any) => m.metric === 'accuracy');
    expect(acc.champion).toBeCloseTo(served.filter((r, i) => r.prediction === picked[i].species).length / 24, 12);
    expect(acc.challenger).toBeCloseTo(shadow.filter((r, i) => r.prediction === picked[i].species).length / 24, 12);
  });

  it('refuses a shadow of a model not served, the very version served, or with logging off', async () => {
    const start = (shadows: string[], log = true) => fail('serving.start', { refs: ['iris@staging'], shadows, log });
    expect((await start(['cars@1'])).message).toMatch(/version of "cars", which this server does not serve/);
    expect((await start(['iris@1'])).message).toMatch(/the very version iris@staging serves/);
    expect((await start(['iris@2'], false)).message).toMatch(/only useful with logging on/);
    expect((await start(['iris@2', 'iris@2'])).message).toMatch(/already has the shadow/);
    expect((await start(['iris@9'])).code).toBe('not_found');
    expect(s.serving.running).toBe(0);
  });

  it('ciclo serve --shadow prints the shadow and logs its rows', async () => {
    const { child, info } = await spawnServe(s, ['iris@staging', '--shadow', 'iris@2']);
    try {
      expect(info.models[0]).toMatchObject({ name: 'iris', version: 1, shadow: { ref: 'iris@2', version: 2 } });
      const r = await fetch(`${info.url}/v1/models/iris:predict`, {
        method: 'POST',
        headers: { 'X-Request-Id': 'cli-shadow-1' },
        body: JSON.stringify({ instances: [features(irisRows[0])] }),
      });
      expect(r.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    // SIGTERM finishes in-flight work and flushes the logs, the shadow's included
    expect(logged('server', 'cli-shadow-%')).toHaveLength(1);
    expect(logged('shadow', 'cli-shadow-%')).toHaveLength(1);
  }, 60_000);
});

describe('batch prediction from the Deploy phase', () => {
  const csv = (rows: string[]) => {
    const file = path.join(tempDir(), 'incoming.csv');
    fs.writeFileSync(file, rows.join('\n') + '\n');
    return file;
  };
  const batchLogs = () => (s.db.prepare("SELECT COUNT(*) AS n FROM prediction_logs WHERE source = 'batch'").get() as { n: number }).n;
  const outDir = () => path.join(s.dataDir, 'exports', 'predictions');

  it('scores a CSV with a version or alias as a job: the ciclo predict output, bad rows by line, logged as batch, downloadable', async () => {
    const input = csv([lines[0], lines[1], lines[2], '5.0,abc,1.4,0.2,setosa', lines[60], lines[120]]);
    const before = batchLogs();
    const job = await call('serving.batchPredict', { model: 'iris@2', input });
    expect(job.kind).toBe('prediction');
    const done = await s.jobs.wait(job.id);
    expect(done.status).toBe('succeeded');
    const r = done.result as any;
    expect(r).toMatchObject({ rows: 5, scored: 4, failed: 1, addedColumns: ['predicted_species', 'proba_setosa', 'proba_versicolor', 'proba_virginica', 'request_id'] });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].line).toBe(4);
    expect(r.errors[0].message).toMatch(/incoming\.csv line 4: .*sepal_width_cm/);
    expect(path.dirname(r.output)).toBe(outDir());
    expect(path.basename(r.output)).toMatch(/^incoming-scored-iris-v2-[a-z0-9]+\.csv$/);
    const file = await call('serving.batchDownload', { file: path.basename(r.output) });
    expect(file.mimeType).toBe('text/csv');
    const out = file.content
      .trim()
      .split('\n')
      .map((l: string) => l.split(','));
    expect(out[0]).toEqual([...header, ...r.addedColumns]);
    expect(out[3].slice(5)).toEqual(['', '', '', '', '']); // the bad row keeps empty prediction cells
    // logged as source batch under the request ids of the file, with the model version that scored them
    expect(batchLogs() - before).toBe(4);
    const ids = out
      .slice(1)
      .map((c: string[]) => c.at(-1))
      .filter(Boolean);
    const rows = s.db
      .prepare(`SELECT model_name AS m, model_version AS v, prediction FROM prediction_logs WHERE source = 'batch' AND request_id IN (${ids.map(() => '?').join(',')})`)
      .all(...ids) as any[];
    expect(rows).toHaveLength(4);
    expect(rows.every((x) => x.m === 'iris' && x.v === 2)).toBe(true);
    // one path: the same cells as ciclo predict (eval.predict) on the same file with the same version
    const dir = tempDir();
    const same = await call('eval.predict', { run: 'iris@2', input, output: path.join(dir, 'out.csv') });
    await s.jobs.wait(same.id);
    const cli = fs
      .readFileSync(path.join(dir, 'out.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    expect(out.map((c: string[]) => c.slice(0, -1))).toEqual(cli);
  });

  it('a missing column fails the job with a clear error and writes nothing', async () => {
    const before = batchLogs();
    const files = fs.existsSync(outDir()) ? fs.readdirSync(outDir()) : [];
    const input = csv(['sepal_length_cm,sepal_width_cm,petal_length_cm', '5.1,3.5,1.4']);
    const done = await s.jobs.wait((await call('serving.batchPredict', { model: 'iris@staging', input })).id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatchObject({ code: 'invalid_input' });
    expect(done.error!.message).toMatch(/incoming\.csv line 1: the header has no column "petal_width_cm"/);
    expect(fs.readdirSync(outDir())).toEqual(files);
    expect(batchLogs()).toBe(before);
  });

  it('refuses a run id, a file outside the predictions folder, and (browser mode) a path that is not an upload', async () => {
    const runId = (s.db.prepare('SELECT id FROM runs LIMIT 1').get() as { id: string }).id;
    expect((await fail('serving.batchPredict', { model: runId, input: csv([lines[0]]) })).message).toMatch(/is a run; batch prediction scores with a registered model/);
    expect((await fail('serving.batchDownload', { file: '../../ciclo.db' })).code).toBe('invalid_input');
    expect((await fail('serving.batchDownload', { file: 'gone.csv' })).code).toBe('not_found');
    expect(() => checkRemotePaths('serving.batchPredict', { model: 'iris@2', input: '/etc/passwd' }, path.join(s.dataDir, 'uploads'))).toThrow(/only reads files you uploaded/);
  });
});

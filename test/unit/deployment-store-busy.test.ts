import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeploymentStore } from '../../electron/core/store/deployment-store.js';
import { openDb } from '../../electron/core/store/db.js';
import { tempDir } from '../helpers/workspace.js';

describe('deployment row updates from the serving thread', () => {
  it('give up at once (wait: false) while another connection writes, and land when it is done', () => {
    const file = path.join(tempDir(), 'ciclo.db');
    const db = openDb(file);
    const other = openDb(file); // as the log writer thread's connection
    const store = new DeploymentStore(db);
    store.start({ id: 'dep_1', projectId: 'p', modelName: 'm', ref: 'm@1', alias: null, version: 1, runId: 'run', host: '127.0.0.1', port: 8080, runtime: 'onnx', settings: {} });
    const totals = { version: 1, runId: 'run', runtime: 'onnx', requests: 10, errors: 0, p50Ms: 1, p99Ms: 2, swaps: [] };
    other.prepare('BEGIN IMMEDIATE').run();
    const t0 = performance.now();
    expect(store.update('dep_1', totals, { wait: false })).toBe(false);
    expect(performance.now() - t0).toBeLessThan(500); // no sleeping in the busy handler (its timeout is 10 s)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(10000); // restored
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    other.prepare('COMMIT').run();
    expect(store.update('dep_1', totals, { wait: false })).toBe(true);
    expect(store.list()[0]).toMatchObject({ id: 'dep_1', requests: 10, p99Ms: 2 });
    other.close();
    db.close();
  });
});

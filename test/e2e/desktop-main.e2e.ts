import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/workspace.js';
import { StandInApp } from '../helpers/electron-stand-in/driver.js';

/**
 * The bundled Electron main process, exercised on every CI run although no Electron binary exists here:
 * out/main/index.js runs under Node with a stand-in `electron` module (test/helpers/electron-stand-in)
 * that records windows, IPC handlers, menus and dialogs, and forks the core's utility process as a Node
 * child. Everything behind the stand-in is the real build: main, core process, training worker.
 */
describe('the desktop main process (bundled, with a stand-in for Electron)', () => {
  const dir = tempDir('ciclo-stand-in-');
  const dataDir = path.join(dir, 'workspace');
  let app: StandInApp;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(repoRoot, 'out/main/index.js'))) throw new Error('The app is not built: run `npm run build` before the e2e tests.');
    app = new StandInApp(dir, dataDir);
    await app.waitFor((r) => r.kind === 'show', 'the window to show', 60_000);
  });
  afterAll(async () => {
    if (app && app.child.exitCode === null) app.child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts: the core in its own utility process, one secure window on our page, one IPC channel, the menu', () => {
    const kinds = app.records.map((r) => r.kind);
    expect(kinds).toContain('sandbox');
    expect(kinds).toContain('csp-hook');
    expect(kinds).not.toContain('switch'); // no language chosen yet: Chromium keeps the system's (--lang only for a choice)
    const fork = app.records.find((r) => r.kind === 'utility-fork')!;
    expect(fork.modulePath).toBe(path.join(repoRoot, 'out/main/core-process.js'));
    expect(app.records.filter((r) => r.kind === 'ipc-handle').map((r) => r.channel)).toEqual(['ciclo:invoke']);
    const windows = app.records.filter((r) => r.kind === 'window');
    expect(windows).toHaveLength(1);
    expect((windows[0].options as { webPreferences: object }).webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: path.join(repoRoot, 'out/preload/index.cjs'),
    });
    expect(app.records.find((r) => r.kind === 'load')!.url).toBe(pathToFileURL(path.join(repoRoot, 'out/renderer/index.html')).href);
    expect(app.records.find((r) => r.kind === 'title')!.title).toBe(`Ciclo — ${dataDir}`);
    const menu = app.records.filter((r) => r.kind === 'menu').at(-1)!.items as { label: string }[];
    expect(menu.map((m) => m.label)).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Help']));
    expect(fs.existsSync(path.join(dataDir, 'ciclo.db'))).toBe(true);
    expect(app.records.some((r) => r.kind === 'error-box')).toBe(false);
  });

  it('answers only our page: a foreign frame is refused and nothing changes', async () => {
    const refused = await app.invoke('project.create', { name: 'x', taskType: 'binary' }, 'foreign-frame');
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await app.value('project.list')).toEqual([]);
    expect(await app.invoke('fs.readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('relays calls and events: a sample project from the packaged resources, trained in a worker, audited as door ipc', async () => {
    const sample = await app.value('dataset.createSample', { sample: 'iris' });
    expect(sample.version.rows).toBe(150);
    const started = Date.now();
    const run = await app.value('train.start', { project: sample.projectId, dataset: sample.version.id, params: { epochs: 3 } });
    expect(run.jobId).toEqual(expect.any(String));
    expect(Date.now() - started).toBeLessThan(30_000);
    await expect.poll(async () => (await app.value('run.get', { id: run.id })).status, { timeout: 90_000, interval: 250 }).toBe('succeeded');
    expect(app.events('training.progress').length + app.events('training.epoch').length).toBeGreaterThan(0);
    expect(app.events('workspace.changed').length).toBeGreaterThan(0);
    const audit = (await app.value('audit.list', {})) as { action: string; door: string }[];
    expect(audit.filter((e) => ['dataset.createSample', 'train.start'].includes(e.action)).map((e) => e.door)).toEqual(['ipc', 'ipc']);
  }, 120_000);

  it('the menu reaches the main process: Help › Open data folder opens the workspace', async () => {
    app.menu(['Help', 'Open data folder']);
    const opened = await app.waitFor((r) => r.kind === 'open-path', 'shell.openPath');
    expect(opened.path).toBe(dataDir);
  });

  it('File › Open workspace… opens the other folder in a new core process, closes the old one, and switches back', async () => {
    const other = path.join(dir, 'other-workspace');
    const forks = () => app.records.filter((r) => r.kind === 'utility-fork');
    const before = forks().length;
    app.menu(['File', 'Open workspace…'], { canceled: false, filePaths: [other] });
    await app.waitFor((r) => r.kind === 'title' && r.title === `Ciclo — ${other}`, 'the title of the other workspace');
    expect(forks()).toHaveLength(before + 1);
    const oldPid = forks()[before - 1].pid;
    await app.waitFor((r) => r.kind === 'utility-exit' && r.pid === oldPid, 'the old core process to exit');
    expect(app.records.find((r) => r.kind === 'utility-exit' && r.pid === oldPid)!.code).toBe(0);
    expect(await app.value('project.list')).toEqual([]);
    expect(app.records.some((r) => r.kind === 'reload')).toBe(true);
    app.menu(['File', 'Open workspace…'], { canceled: false, filePaths: [dataDir] });
    await app.waitFor((r) => r.kind === 'title' && r.title === `Ciclo — ${dataDir}` && app.records.filter((x) => x.kind === 'title').length > 2, 'the first workspace again');
    expect((await app.value('project.list')).length).toBe(1);
  }, 60_000);

  it('a crashed core process is reopened on the same workspace and the window reloaded', async () => {
    const forks = () => app.records.filter((r) => r.kind === 'utility-fork');
    const before = forks().length;
    const reloads = app.records.filter((r) => r.kind === 'reload').length;
    process.kill(forks().at(-1)!.pid as number, 'SIGKILL');
    await app.waitFor(() => forks().length === before + 1 && app.records.filter((r) => r.kind === 'reload').length > reloads, 'a new core process and a reload');
    expect((await app.value('project.list')).length).toBe(1);
    expect(app.records.some((r) => r.kind === 'error-box')).toBe(false);
  }, 60_000);

  it('quit during training: the core closes the workspace, stops the worker and exits before the app does', async () => {
    const project = (await app.value('project.list'))[0];
    const run = await app.value('train.start', { project: project.id, dataset: 'iris', params: { epochs: 5000 } });
    await app.waitFor(
      (r) =>
        r.kind === 'send' &&
        ['training.progress', 'training.epoch'].includes((r.payload as { event: string }).event) &&
        (r.payload as { payload: { runId?: string } }).payload.runId === run.id,
      'the long run to report progress',
      60_000,
    );
    app.quit();
    expect(await app.exited).toBe(0);
    const lastCore = app.records.filter((r) => r.kind === 'utility-fork').at(-1)!.pid;
    const exitIndex = app.records.findIndex((r) => r.kind === 'utility-exit' && r.pid === lastCore);
    expect(app.records[exitIndex].code).toBe(0);
    expect(exitIndex).toBeLessThan(app.records.findIndex((r) => r.kind === 'quit'));
    const db = new Database(path.join(dataDir, 'ciclo.db'), { readonly: true });
    const row = db.prepare('SELECT status, worker_pid FROM runs WHERE id = ?').get(run.id) as { status: string; worker_pid: number | null };
    db.close();
    expect(row.status).toBe('cancelled');
    if (row.worker_pid) expect(() => process.kill(row.worker_pid!, 0)).toThrow();
  }, 120_000);
});

import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../workspace.js';

/** One thing the stand-in `electron` module saw the main process do (see electron.mjs). */
export interface Record {
  kind: string;
  [key: string]: unknown;
}

/**
 * The bundled main process (out/main/index.js) run under plain Node with the stand-in `electron`, laid
 * out as a packaged app: process.resourcesPath holds native/better_sqlite3.node (here the Node build)
 * and resources/ (the sample data sets), as electron-builder.yml's extraResources put them.
 */
export class StandInApp {
  readonly records: Record[] = [];
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  private nextId = 1;
  private waiters: { test: (r: Record) => boolean; resolve: (r: Record) => void }[] = [];

  constructor(
    readonly dir: string,
    readonly dataDir: string,
  ) {
    const resources = path.join(dir, 'package-resources');
    fs.mkdirSync(path.join(resources, 'native'), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), path.join(resources, 'native/better_sqlite3.node'));
    fs.cpSync(path.join(repoRoot, 'resources/datasets'), path.join(resources, 'resources/datasets'), { recursive: true });
    const { CICLO_RESOURCES_DIR: _a, CICLO_HOME: _b, ELECTRON_RUN_AS_NODE: _c, ...env } = process.env;
    this.child = fork(path.join(repoRoot, 'out/main/index.js'), ['--data-dir', dataDir], {
      cwd: dir,
      execArgv: ['--import', path.join(repoRoot, 'test/helpers/electron-stand-in/register.mjs')],
      env: { ...env, STAND_IN_DIR: dir, STAND_IN_APP_PATH: repoRoot, STAND_IN_PACKAGED: '1', STAND_IN_RESOURCES: resources, CICLO_PREFS_DIR: path.join(dir, 'prefs') },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (r: Record) => {
      this.records.push(r);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(r)) return true;
        w.resolve(r);
        return false;
      });
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  /** The first record (already seen or still to come) that passes the test. */
  waitFor(test: (r: Record) => boolean, what: string, timeoutMs = 30_000): Promise<Record> {
    const seen = this.records.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; records: ${JSON.stringify(this.records.slice(-8)).slice(0, 2000)}`)), timeoutMs);
      this.waiters.push({ test, resolve: (r) => (clearTimeout(timer), resolve(r)) });
    });
  }

  /** A call over the one IPC channel, as our page's top frame (or a foreign frame) would make it. */
  async invoke(method: string, input: unknown, from: 'page' | 'foreign-frame' = 'page'): Promise<{ ok: boolean; value?: any; error?: { code: string; message: string } }> {
    const id = this.nextId++;
    this.child.send({ type: 'invoke', id, method, input, from });
    const r = await this.waitFor((x) => x.kind === 'invoke-result' && x.id === id, `the answer to ${method}`, 60_000);
    return r.result as never;
  }

  async value(method: string, input: unknown = {}): Promise<any> {
    const r = await this.invoke(method, input);
    if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
    return r.value;
  }

  menu(pathOfLabels: string[], answer?: unknown): void {
    this.child.send({ type: 'menu', path: pathOfLabels, answer });
  }

  quit(): void {
    this.child.send({ type: 'quit' });
  }

  /** Push events the main process sent to the window. */
  events(name: string): any[] {
    return this.records.filter((r) => r.kind === 'send' && (r.payload as { event: string }).event === name).map((r) => (r.payload as { payload: unknown }).payload);
  }
}

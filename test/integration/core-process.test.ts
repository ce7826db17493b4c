import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CoreClient, type CoreChild } from '../../electron/main/core-client.js';
import { serveCore } from '../../electron/main/core-host.js';
import type { FromCore, ToCore } from '../../electron/main/core-protocol.js';
import { tempDir } from '../helpers/workspace.js';

/** The core host and the main process's client joined in one process, as Electron's utilityProcess joins them. */
function linked(): { child: CoreChild & { crash(code: number): void }; exits: number[] } {
  const toHost = new EventEmitter();
  const toMain = new EventEmitter();
  const exits: number[] = [];
  let alive = true;
  const exit = (code: number) => {
    if (!alive) return;
    alive = false;
    exits.push(code);
    setImmediate(() => toMain.emit('exit', code));
  };
  serveCore({ onMessage: (l) => toHost.on('message', l), post: (m: FromCore) => alive && setImmediate(() => toMain.emit('message', m)) }, exit);
  const child = {
    postMessage: (m: ToCore) => alive && setImmediate(() => toHost.emit('message', m)),
    on: (event: string, l: (...a: unknown[]) => void) => toMain.on(event, l),
    kill: () => (exit(143), true),
    crash: (code: number) => exit(code),
  } as unknown as CoreChild & { crash(code: number): void };
  return { child, exits };
}

describe('the core process protocol (main process <-> utility process)', () => {
  const dir = tempDir('ciclo-core-process-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('opens a workspace, relays calls with the contract errors, forwards events, and closes cleanly', async () => {
    const { child, exits } = linked();
    const core = await CoreClient.open(() => child, { dataDir: path.join(dir, 'ws'), prefsDir: path.join(dir, 'prefs') });
    const events: string[] = [];
    core.onEvent((e) => events.push(e));
    const project = (await core.call('project.create', { name: 'Churn', taskType: 'binary' })) as { id: string };
    expect(project.id).toEqual(expect.any(String));
    await expect(core.call('project.create', { name: '', taskType: 'binary' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(core.call('nope.nope', {})).rejects.toMatchObject({ code: 'unknown_method', message: 'Unknown method "nope.nope".' });
    expect(events).toContain('workspace.changed');
    const audit = (await core.call('audit.list', {})) as { action: string; door: string }[];
    expect(audit.find((a) => a.action === 'project.create')?.door).toBe('ipc');
    await core.close();
    expect(exits).toEqual([0]);
    await expect(core.call('project.list', {})).rejects.toMatchObject({ code: 'conflict' });
  });

  it('a workspace that cannot be opened is a clear error, and the process is stopped', async () => {
    const file = path.join(dir, 'not-a-folder');
    fs.writeFileSync(file, 'x');
    const { child, exits } = linked();
    await expect(CoreClient.open(() => child, { dataDir: file, prefsDir: path.join(dir, 'prefs') })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining(file),
    });
    expect(exits).toHaveLength(1);
  });

  it('a crash of the core process fails the calls in flight and is reported once', async () => {
    const { child } = linked();
    const core = await CoreClient.open(() => child, { dataDir: path.join(dir, 'ws2'), prefsDir: path.join(dir, 'prefs') });
    const died: number[] = [];
    core.onUnexpectedExit((code) => died.push(code));
    const pending = core.call('project.list', {});
    child.crash(134);
    await expect(pending).rejects.toMatchObject({ code: 'internal', message: 'Internal error: the Ciclo core process stopped (exit code 134).' });
    expect(died).toEqual([134]);
  });
});

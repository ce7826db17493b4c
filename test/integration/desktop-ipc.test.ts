import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createInvokeHandler, type DesktopHandlers, type InvokeResult } from '../../electron/main/invoke.js';
import type { Services } from '../../electron/core/services.js';
import { testServices } from '../helpers/workspace.js';

describe('the desktop IPC channel (ciclo:invoke)', () => {
  let services: Services;
  let desktop: DesktopHandlers;
  let logged: unknown[];
  let invoke: ReturnType<typeof createInvokeHandler>;

  beforeEach(() => {
    services = testServices();
    logged = [];
    desktop = {
      'dialog.openFile': vi.fn(async () => ({ paths: ['/data/iris.csv'] })),
      'dialog.openFolder': vi.fn(async () => ({ path: null })),
      'dialog.saveFile': vi.fn(async () => {
        throw new Error('dialog crashed');
      }),
    };
    invoke = createInvokeHandler({ call: (method, input) => services.call(method, input, { door: 'ipc' }), desktop, logError: (_m, err) => logged.push(err) });
  });
  afterEach(async () => {
    await services.close();
    fs.rmSync(services.dataDir, { recursive: true, force: true });
  });

  const fail = (r: InvokeResult) => {
    if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
    return r.error;
  };

  it('refuses senders other than our window, and changes nothing', async () => {
    const error = fail(await invoke({ trusted: false, method: 'project.create', input: { name: 'x', taskType: 'binary' } }));
    expect(error.code).toBe('forbidden');
    expect(await services.call('project.list', {}, { door: 'test' })).toEqual([]);
  });

  it('rejects unknown methods with the contract error shape', async () => {
    const error = fail(await invoke({ trusted: true, method: 'fs.readFile', input: { path: '/etc/passwd' } }));
    expect(error).toEqual({ code: 'unknown_method', message: 'Unknown method "fs.readFile".', details: { method: 'fs.readFile' } });
    expect(fail(await invoke({ trusted: true, method: { toString: () => 'x' }, input: {} })).code).toBe('invalid_input');
  });

  it('sends known methods through the core, validated and audited as door "ipc"', async () => {
    const created = await invoke({
      trusted: true,
      method: 'project.create',
      input: { name: 'Iris', taskType: 'multiclass', criteria: [{ metric: 'accuracy', comparator: '>=', threshold: 0.9 }] },
    });
    expect(created.ok).toBe(true);
    const audit = (await services.call('audit.list', {}, { door: 'test' })) as { action: string; door: string }[];
    expect(audit.find((e) => e.action === 'project.create')?.door).toBe('ipc');

    const bad = fail(
      await invoke({
        trusted: true,
        method: 'project.create',
        input: { name: 'Bad', taskType: 'regression', criteria: [{ metric: 'accuracy', comparator: '>=', threshold: 0.9 }] },
      }),
    );
    expect(bad.code).toBe('invalid_input');
    expect(bad.message).toMatch(/accuracy/);
    expect(((await services.call('project.list', {}, { door: 'test' })) as unknown[]).length).toBe(1);
  });

  it('answers dialogs in the main process, with input checked against the contract', async () => {
    const r = await invoke({ trusted: true, method: 'dialog.openFile', input: { title: 'Pick', filters: [{ name: 'CSV', extensions: ['csv'] }] } });
    expect(r).toEqual({ ok: true, value: { paths: ['/data/iris.csv'] } });
    expect(desktop['dialog.openFile']).toHaveBeenCalledWith({ title: 'Pick', filters: [{ name: 'CSV', extensions: ['csv'] }], multiple: false }, { door: 'ipc' });

    const bad = fail(await invoke({ trusted: true, method: 'dialog.openFile', input: { filters: [{ name: 'CSV', extensions: ['.csv'] }] } }));
    expect(bad.code).toBe('invalid_input');
    expect(bad.message).toContain('filters.0.extensions.0');
    expect(desktop['dialog.openFile']).toHaveBeenCalledTimes(1);
  });

  it('turns a crash into an internal error without a stack trace, and logs it', async () => {
    const error = fail(await invoke({ trusted: true, method: 'dialog.saveFile', input: {} }));
    expect(error.code).toBe('internal');
    expect(error.message).toBe('Internal error: dialog crashed');
    expect(JSON.stringify(error)).not.toMatch(/at .*\.ts:\d+/);
    expect(logged).toHaveLength(1);
  });

  it('outside the desktop app, dialogs answer with a clear desktop-only error', async () => {
    await expect(services.call('dialog.openFolder', {}, { door: 'http' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('only available in the Ciclo desktop app, not through browser mode'),
      details: { reason: 'desktop_only', method: 'dialog.openFolder' },
    });
  });
});

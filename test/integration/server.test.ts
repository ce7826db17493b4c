import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doorOf } from '../../electron/core/door.js';
import type { Services } from '../../electron/core/services.js';
import { startServer, type RunningServer } from '../../electron/server/server.js';
import { tempDir, testServices } from '../helpers/workspace.js';

let services: Services;
let server: RunningServer;
const api = (path: string) => new URL(`/api/${path}`, server.url).toString();
const auth = () => ({ Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' });

beforeAll(async () => {
  services = testServices(tempDir());
  server = await startServer({ door: doorOf(services), uploadDir: path.join(services.dataDir, 'uploads'), maxBodyBytes: 2048 });
});
afterAll(async () => {
  await server.close();
  await services.close();
});

describe('browser-mode HTTP door', () => {
  it('binds loopback by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('refuses calls without the token (401) with the contract error shape', async () => {
    const res = await fetch(api('project.list'), { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error).toMatchObject({ code: 'unauthorized' });
    const sse = await fetch(api('events'));
    expect(sse.status).toBe(401);
  });

  it('trades the URL token for an HttpOnly SameSite=Strict cookie that then authorises calls', async () => {
    const login = await fetch(server.loginUrl, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(login.headers.get('location')).not.toContain('token');
    const res = await fetch(api('project.list'), { method: 'POST', body: '{}', headers: { Cookie: cookie.split(';')[0] } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
    const wrong = await fetch(server.url + '?token=guess', { redirect: 'manual' });
    expect(wrong.status).toBe(401);
  });

  it('refuses a foreign Origin (403) even with the token', async () => {
    const res = await fetch(api('project.list'), { method: 'POST', body: '{}', headers: { ...auth(), Origin: 'http://evil.example' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error.code).toBe('forbidden');
    const own = await fetch(api('project.list'), { method: 'POST', body: '{}', headers: { ...auth(), Origin: server.url.replace(/\/$/, '') } });
    expect(own.status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      const req = http.request(api('project.list'), { method: 'POST', headers: { ...auth(), Host: 'attacker.example' } }, (res) => resolve(res.statusCode!));
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  it('refuses bodies over the limit (413)', async () => {
    const res = await fetch(api('project.create'), { method: 'POST', headers: auth(), body: JSON.stringify({ name: 'x'.repeat(5000), taskType: 'binary' }) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error.code).toBe('payload_too_large');
  });

  it('unknown methods get 404 with the contract error shape; bad JSON and bad input get 400', async () => {
    const res = await fetch(api('model.teleport'), { method: 'POST', headers: auth(), body: '{}' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'unknown_method', message: 'Unknown method "model.teleport".', details: { method: 'model.teleport' } } });
    const badJson = await fetch(api('project.create'), { method: 'POST', headers: auth(), body: '{"name":' });
    expect(badJson.status).toBe(400);
    const bad = await fetch(api('project.create'), {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({ name: 'p', taskType: 'multiclass', criteria: [{ metric: 'rmse', comparator: '<=', threshold: 2 }] }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.details.issues[0].key).toBe('criterion.wrong_task');
  });

  it('streams push events over SSE', async () => {
    const controller = new AbortController();
    const res = await fetch(api('events'), { headers: auth(), signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    await fetch(api('project.create'), { method: 'POST', headers: auth(), body: JSON.stringify({ name: 'Live', taskType: 'binary' }) });
    let text = '';
    while (!text.includes('workspace.changed')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('"topic":"project"');
    controller.abort();
  });

  it('accepts uploads into the workspace and returns their path', async () => {
    const res = await fetch(new URL('/api/upload?name=../../evil name.csv', server.url), {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}` },
      body: 'a,b\n1,2\n',
    });
    expect(res.status).toBe(200);
    const body: any = await res.json();
    expect(body.size).toBe(8);
    expect(body.path.startsWith(services.dataDir)).toBe(true);
    expect(body.path).toMatch(/evil name\.csv$/);
  });
});

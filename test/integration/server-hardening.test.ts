import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api as contract } from '../../shared/contract/api.js';
import { notPaths, PATH_LIKE, serverPathFields } from '../../electron/core/remote-paths.js';
import type { Services } from '../../electron/core/services.js';
import { doorOf } from '../../electron/core/door.js';
import { FailureLimiter, hostAllowed, safeEqual, tokenBits } from '../../electron/server/auth.js';
import { chooseToken, startServer, type RunningServer } from '../../electron/server/server.js';
import { runCli, tempDir, testServices, runCliInProcess } from '../helpers/workspace.js';

// Issue 13, defects 3 and 5: browser mode beyond loopback, and HTTP edge cases.

let services: Services;
let server: RunningServer;

beforeAll(async () => {
  services = testServices(tempDir());
  server = await startServer({ door: doorOf(services), uploadDir: path.join(services.dataDir, 'uploads'), maxFailures: 5, maxConnectionsPerClient: 8 });
});
afterAll(async () => {
  await server.close();
  await services.close();
});

/** A raw request (any Host header, cookie or path, even ones fetch would refuse to send). */
function raw(pathname: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: any; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: pathname, method: body === undefined ? 'GET' : 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode!, body: parsed, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
const host = () => `127.0.0.1:${server.port}`;
const bearer = () => ({ Host: host(), Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' });

describe('HTTP edge cases', () => {
  it('malformed percent-encoding in the path is 400 and in the cookie 401, never 500', async () => {
    const bad = await raw('/api/%E0%A4%A', bearer(), '{}');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_input');
    const cookie = await raw('/api/system.info', { Host: host(), Cookie: 'ciclo_token=%E0%A4%A' }, '{}');
    expect(cookie.status).toBe(401);
  });

  it('refuses a request without a Host header', async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = net.connect(server.port, '127.0.0.1', () =>
        socket.write(`POST /api/system.info HTTP/1.0\r\nAuthorization: Bearer ${server.token}\r\nContent-Length: 2\r\n\r\n{}`),
      );
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('close', () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1\.[01] 400/);
    expect(reply).not.toContain('"dataDir"');
  });

  it('a loopback Host name is accepted from loopback clients only', () => {
    const allowed = new Set([`127.0.0.1:5173`, `192.168.1.20:5173`]);
    const req = (hostHeader: string | undefined, remoteAddress: string) => ({ headers: { host: hostHeader }, socket: { remoteAddress } }) as never;
    expect(hostAllowed(req('127.0.0.1:5173', '127.0.0.1'), allowed)).toBe(true);
    expect(hostAllowed(req('127.0.0.1:5173', '192.168.1.7'), allowed)).toBe(false);
    expect(hostAllowed(req('192.168.1.20:5173', '192.168.1.7'), allowed)).toBe(true);
    expect(hostAllowed(req(undefined, '127.0.0.1'), allowed)).toBe(false);
    expect(hostAllowed(req('evil.example:5173', '127.0.0.1'), allowed)).toBe(false);
  });

  it('caps the connections one client holds open', async () => {
    const sockets: net.Socket[] = [];
    const closed: boolean[] = [];
    for (let i = 0; i < 12; i++) {
      const s = net.connect(server.port, '127.0.0.1');
      const at = i;
      closed[at] = false;
      s.on('close', () => (closed[at] = true));
      s.on('error', () => undefined);
      sockets.push(s);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(closed.filter(Boolean).length).toBe(4);
    for (const s of sockets) s.destroy();
    await new Promise((r) => setTimeout(r, 100));
    // once they are gone the client is served again
    expect((await raw('/api/system.info', bearer(), '{}')).status).toBe(200);
  });
});

describe('browser mode beyond loopback', () => {
  it('requires a strong token for a non-loopback host, generates one when absent, refuses an empty one anywhere', () => {
    expect(() => chooseToken('0.0.0.0', 'x')).toThrow(/too weak.*at least 128 bits/);
    expect(() => chooseToken('192.168.1.20', 'correct-horse-battery')).toThrow(/too weak/);
    expect(() => chooseToken('127.0.0.1', '')).toThrow(/token is empty/);
    expect(() => chooseToken('0.0.0.0', '  ')).toThrow(/token is empty/);
    expect(tokenBits(chooseToken('0.0.0.0', undefined))).toBeGreaterThanOrEqual(128);
    expect(chooseToken('0.0.0.0', 'a'.repeat(32))).toBe('a'.repeat(32));
    expect(chooseToken('127.0.0.1', 'short')).toBe('short');
  });

  it('ciclo ui --token "" and a weak token on 0.0.0.0 exit 1 before listening', async () => {
    const dir = tempDir();
    const env = { CICLO_RENDERER_DIR: path.join(dir, 'ui') };
    fs.mkdirSync(env.CICLO_RENDERER_DIR);
    fs.writeFileSync(path.join(env.CICLO_RENDERER_DIR, 'index.html'), '<!doctype html>');
    process.env.CICLO_RENDERER_DIR = env.CICLO_RENDERER_DIR;
    try {
      const empty = await runCliInProcess(dir, ['ui', '--token', '', '--port', '0']);
      expect(empty.code).toBe(1);
      expect(empty.stderr).toContain('token is empty');
      const weak = await runCliInProcess(dir, ['ui', '--host', '0.0.0.0', '--token', 'x', '--port', '0']);
      expect(weak.code).toBe(1);
      expect(weak.stderr).toContain('too weak');
      const file = path.join(dir, 'token.txt');
      fs.writeFileSync(file, 'x\n');
      // the file's token is checked like a given one (and never shows in ps)
      const weakFile = await runCliInProcess(dir, ['ui', '--host', '0.0.0.0', '--token-file', file, '--port', '0']);
      expect(weakFile.code).toBe(1);
      expect(weakFile.stderr).toContain('too weak');
    } finally {
      delete process.env.CICLO_RENDERER_DIR;
    }
  }, 60_000);

  it('compares tokens in constant time whatever their lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'abc')).toBe(false);
  });

  it('never reads or writes a server path the client names: only its uploads', async () => {
    await raw('/api/project.create', bearer(), JSON.stringify({ name: 'paths', taskType: 'binary' }));
    const etc = await raw('/api/dataset.import', bearer(), JSON.stringify({ project: 'paths', path: '/etc/passwd' }));
    expect(etc.status).toBe(403);
    expect(etc.body.error.message).toContain('only reads files you uploaded');
    const escape = await raw('/api/dataset.import', bearer(), JSON.stringify({ project: 'paths', path: path.join(services.dataDir, 'uploads', '..', 'ciclo.db') }));
    expect(escape.status).toBe(403);
    // a symlink planted in the uploads folder does not lead out of it
    const linkDir = path.join(services.dataDir, 'uploads', 'planted');
    fs.mkdirSync(linkDir, { recursive: true });
    fs.symlinkSync('/etc/hostname', path.join(linkDir, 'x.csv'));
    expect((await raw('/api/dataset.import', bearer(), JSON.stringify({ project: 'paths', path: path.join(linkDir, 'x.csv') }))).status).toBe(403);
    const write = await raw('/api/eval.predict', bearer(), JSON.stringify({ run: 'r', input: '/etc/passwd', output: '/tmp/out.csv' }));
    expect(write.status).toBe(403);
    expect(write.body.error.message).toContain('never writes files');
    // an upload is accepted
    const up = await raw('/api/upload?name=ok.csv', { Host: host(), Authorization: `Bearer ${server.token}` }, 'a,b\n1,x\n2,y\n');
    const job = await raw('/api/dataset.import', bearer(), JSON.stringify({ project: 'paths', path: up.body.path }));
    expect(job.status).toBe(200);
    expect(job.body.kind).toBe('dataset.import');
  });

  it('every contract field that names a file is classified for remote doors', () => {
    const unwrap = (schema: any): any => {
      let s = schema;
      for (let i = 0; i < 10 && s?._zod?.def; i++) {
        const def = s._zod.def;
        if (def.type === 'object') return s;
        s = def.innerType ?? def.in ?? def.schema;
      }
      return null;
    };
    const missing: string[] = [];
    for (const [method, def] of Object.entries(contract)) {
      const obj = unwrap((def as { input: unknown }).input);
      for (const field of Object.keys(obj?._zod?.def?.shape ?? {})) {
        if (!PATH_LIKE.test(field)) continue;
        const known = serverPathFields[method];
        const classified = known?.read?.includes(field) || known?.write?.includes(field) || notPaths[method]?.includes(field) || method.startsWith('desktop.');
        if (!classified) missing.push(`${method}.${field}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('rate limits wrong tokens per client (429 with Retry-After), even for the right token then', async () => {
    const limiter = new FailureLimiter(3, 1000);
    for (let i = 0; i < 3; i++) limiter.fail('10.0.0.9', 1000 + i);
    expect(limiter.blockedFor('10.0.0.9', 1500)).toBe(1);
    expect(limiter.blockedFor('10.0.0.8', 1500)).toBe(0);
    expect(limiter.blockedFor('10.0.0.9', 2100)).toBe(0);

    const main = server;
    let blocked: Awaited<ReturnType<typeof raw>>;
    server = await startServer({ door: doorOf(services), uploadDir: path.join(services.dataDir, 'uploads'), maxFailures: 5 });
    try {
      for (let i = 0; i < 5; i++) {
        const wrong = await raw('/api/system.info', { Host: host(), Authorization: 'Bearer guess' + i }, '{}');
        expect(wrong.status).toBe(401);
      }
      blocked = await raw('/api/system.info', bearer(), '{}');
    } finally {
      await server.close();
      server = main;
    }
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body.error.code).toBe('too_many_requests');
  });
});

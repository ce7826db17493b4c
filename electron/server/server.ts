import crypto from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../shared/contract/errors.js';
import { toErrorShape } from '../core/router.js';
import type { Door } from '../core/door.js';
import { hasToken, hostAllowed, newToken, originAllowed, tokenCookie } from './auth.js';
import { sendError, sendJson } from './http-errors.js';
import { openEventStream } from './sse.js';
import { serveStatic } from './static.js';

export interface ServerOptions {
  /** The core as every door sees it: call, events, close (the caller opens and closes it). */
  door: Door;
  /** Where uploaded files are streamed before an import reads them: the workspace's uploads folder. */
  uploadDir: string;
  /** Built renderer folder (index.html + assets); without it only the API is served. */
  staticDir?: string;
  host?: string;
  port?: number;
  token?: string;
  /** Largest JSON body accepted by POST /api/<method>. */
  maxBodyBytes?: number;
  /** Largest file accepted by POST /api/upload. */
  maxUploadBytes?: number;
}

export interface RunningServer {
  url: string;
  /** The URL to open: carries the token once; the page then keeps it in an HttpOnly cookie. */
  loginUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new AppError('payload_too_large', `The request body is larger than ${limit} bytes.`, { limit });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new AppError('payload_too_large', `The request body is larger than ${limit} bytes.`, { limit });
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('invalid_input', 'The request body is not valid JSON.', { issues: [{ path: [], key: 'input.json', message: 'The request body is not valid JSON.' }] });
  }
}

/** Streams an upload into the workspace's uploads folder; the returned path is then given to an import. */
async function receiveUpload(req: IncomingMessage, url: URL, uploadDir: string, limit: number): Promise<{ path: string; size: number }> {
  const name = path.basename(url.searchParams.get('name') || 'upload').replace(/[^\p{L}\p{N}._ -]/gu, '_') || 'upload';
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new AppError('payload_too_large', `The file is larger than ${limit} bytes.`, { limit });
  const dir = path.join(uploadDir, crypto.randomBytes(8).toString('hex'));
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) req.destroy(new AppError('payload_too_large', `The file is larger than ${limit} bytes.`, { limit }));
  });
  try {
    await pipeline(req, fs.createWriteStream(file));
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err instanceof AppError ? err : new AppError('invalid_input', 'The upload was interrupted.');
  }
  return { path: file, size };
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { door } = options;
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const maxUpload = options.maxUploadBytes ?? 8 * 1024 * 1024 * 1024;
  const allowedHosts = new Set<string>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!hostAllowed(req, allowedHosts)) return sendError(res, { code: 'forbidden', message: 'Unknown Host header.' });
    if (!url.pathname.startsWith('/api/')) {
      const given = url.searchParams.get('token');
      if (given !== null) {
        // Trade the one-time URL token for an HttpOnly cookie and drop it from the address bar.
        if (given !== token) return sendError(res, { code: 'unauthorized', message: 'Wrong token in the URL: open the URL that `ciclo ui` printed.' });
        url.searchParams.delete('token');
        res.writeHead(302, { 'Set-Cookie': tokenCookie(token), Location: url.pathname + url.search, 'Cache-Control': 'no-store' });
        return res.end();
      }
      if (!options.staticDir) return sendError(res, { code: 'not_found', message: 'This server has no user interface built.' });
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, { code: 'not_found', message: 'Not found.' });
      return serveStatic(options.staticDir, url.pathname, res);
    }
    if (!originAllowed(req, allowedHosts)) return sendError(res, { code: 'forbidden', message: 'Requests from other sites are refused.' });
    if (!hasToken(req, token)) {
      return sendError(res, { code: 'unauthorized', message: 'Missing or wrong token: open the URL printed by `ciclo ui`, or send it as "Authorization: Bearer <token>".' });
    }
    if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(req, res, door);
    if (req.method !== 'POST') return sendError(res, { code: 'not_found', message: 'API calls are POST /api/<method>.' });
    try {
      if (url.pathname === '/api/upload') return sendJson(res, 200, await receiveUpload(req, url, options.uploadDir, maxUpload));
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      const body = await readBody(req, maxBody);
      const result = await door.call(method, body, { door: 'http' });
      sendJson(res, 200, result ?? null);
    } catch (err) {
      if (!res.headersSent) sendError(res, toErrorShape(err));
      if (err instanceof AppError && err.code === 'payload_too_large') req.resume();
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendError(res, toErrorShape(err));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  for (const h of [`${shownHost}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) allowedHosts.add(h);
  const base = `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${port}`;
  return {
    url: base + '/',
    loginUrl: `${base}/?token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

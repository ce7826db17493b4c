import crypto from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../shared/contract/errors.js';
import { checkRemotePaths } from '../core/remote-paths.js';
import { toErrorShape } from '../core/router.js';
import type { Door } from '../core/door.js';
import { FailureLimiter, hasToken, hostAllowed, isLoopbackAddress, MIN_TOKEN_BITS, newToken, originAllowed, presentedToken, safeEqual, tokenBits, tokenCookie } from './auth.js';
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
  /** More names (host or host:port) this server answers to beyond its addresses, e.g. a DNS name. */
  allowedHosts?: string[];
  /** Wrong tokens allowed per client within a minute before it is refused with 429. */
  maxFailures?: number;
  /** Open connections at once, in all and per client address. */
  maxConnections?: number;
  maxConnectionsPerClient?: number;
}

export interface RunningServer {
  url: string;
  /** The URL to open: carries the token once; the page then keeps it in an HttpOnly cookie. */
  loginUrl: string;
  token: string;
  port: number;
  /** Set when the server listens beyond this computer: what the user must know. */
  warning: string | null;
  close(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || isLoopbackAddress(host);
}

/** The token to use: refused when empty, or too weak for a server others can reach; generated when absent. */
export function chooseToken(host: string, given: string | undefined): string {
  if (given === undefined) return newToken();
  if (!given.trim()) throw new AppError('invalid_input', 'The token is empty: give a long random one, or leave it out and Ciclo makes one.');
  if (!isLoopbackHost(host) && tokenBits(given) < MIN_TOKEN_BITS) {
    throw new AppError(
      'invalid_input',
      `The token is too weak for a server other computers can reach (${host}): it must be worth at least ${MIN_TOKEN_BITS} bits (32 hex digits or 22 base64url characters). Leave it out and Ciclo generates one.`,
      { bits: Math.floor(tokenBits(given)), required: MIN_TOKEN_BITS },
    );
  }
  return given;
}

/** The host names a server bound to `host` answers to (with the port added by the caller). */
function hostNames(host: string): string[] {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  if (isLoopbackHost(host)) return names;
  const wildcard = host === '0.0.0.0' || host === '::';
  const addresses = wildcard
    ? Object.values(os.networkInterfaces())
        .flat()
        .filter((i): i is os.NetworkInterfaceInfo => Boolean(i))
        .map((i) => (i.family === 'IPv6' ? `[${i.address.split('%')[0]}]` : i.address))
    : [host.includes(':') ? `[${host}]` : host];
  return [...names, ...addresses, os.hostname(), `${os.hostname()}.local`];
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
  const token = chooseToken(host, options.token);
  const limiter = new FailureLimiter(options.maxFailures ?? 10, 60_000);
  const uploadsDir = options.uploadDir;
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const maxUpload = options.maxUploadBytes ?? 8 * 1024 * 1024 * 1024;
  const allowedHosts = new Set<string>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (!req.headers.host) return sendError(res, { code: 'invalid_input', message: 'The request has no Host header.' });
    if (!hostAllowed(req, allowedHosts)) return sendError(res, { code: 'forbidden', message: 'Unknown Host header.' });
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return sendError(res, { code: 'invalid_input', message: 'The request path is not a valid URL.' });
    }
    const client = req.socket.remoteAddress ?? '?';
    const wait = limiter.blockedFor(client);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      return sendError(res, { code: 'too_many_requests', message: `Too many wrong tokens from ${client}: try again in ${wait} s.`, details: { retryAfterSeconds: wait } });
    }
    if (!url.pathname.startsWith('/api/')) {
      const given = url.searchParams.get('token');
      if (given !== null) {
        // Trade the one-time URL token for an HttpOnly cookie and drop it from the address bar.
        if (!safeEqual(given, token)) {
          limiter.fail(client);
          return sendError(res, { code: 'unauthorized', message: 'Wrong token in the URL: open the URL that `ciclo ui` printed.' });
        }
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
      if (presentedToken(req) !== undefined || req.headers.cookie?.includes('ciclo_token=')) limiter.fail(client);
      return sendError(res, { code: 'unauthorized', message: 'Missing or wrong token: open the URL printed by `ciclo ui`, or send it as "Authorization: Bearer <token>".' });
    }
    if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(req, res, door);
    if (req.method !== 'POST') return sendError(res, { code: 'not_found', message: 'API calls are POST /api/<method>.' });
    try {
      if (url.pathname === '/api/upload') return sendJson(res, 200, await receiveUpload(req, url, options.uploadDir, maxUpload));
      let method: string;
      try {
        method = decodeURIComponent(url.pathname.slice('/api/'.length));
      } catch {
        throw new AppError('invalid_input', 'The method name in the path has malformed percent-encoding.');
      }
      const body = await readBody(req, maxBody);
      // whatever the host: the client never names a file on this computer's disk, only its own uploads
      checkRemotePaths(method, body, uploadsDir);
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
  // slow or idle clients cannot hold connections (and file descriptors) for ever
  server.headersTimeout = 10_000;
  server.requestTimeout = 15 * 60_000; // an upload of a few GB over a slow link
  server.keepAliveTimeout = 5_000;
  server.timeout = 120_000; // idle sockets (the event stream pings every 15 s)
  server.maxConnections = options.maxConnections ?? 256;
  const perClient = new Map<string, number>();
  const perClientCap = options.maxConnectionsPerClient ?? 64;
  server.on('connection', (socket) => {
    const who = socket.remoteAddress ?? '?';
    const n = (perClient.get(who) ?? 0) + 1;
    if (n > perClientCap) {
      socket.destroy();
      return;
    }
    perClient.set(who, n);
    socket.once('close', () => {
      const left = (perClient.get(who) ?? 1) - 1;
      if (left > 0) perClient.set(who, left);
      else perClient.delete(who);
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  for (const h of [...hostNames(host), ...(options.allowedHosts ?? [])]) {
    const name = h.toLowerCase();
    allowedHosts.add(/:\d+$/.test(name) && !name.endsWith(']') ? name : `${name}:${port}`);
  }
  const base = `http://${shownHost === '0.0.0.0' || shownHost === '[::]' ? '127.0.0.1' : shownHost}:${port}`;
  const warning = isLoopbackHost(host)
    ? null
    : `Ciclo listens on ${host}: other computers on this network can reach it. Anyone with the token can use your workspace; share it only over a channel you trust, and prefer 127.0.0.1.`;
  return {
    url: base + '/',
    loginUrl: `${base}/?token=${token}`,
    token,
    port,
    warning,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

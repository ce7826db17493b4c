/**
 * The prediction server: one HTTP server for one or more registered models, each under its model name,
 * speaking TensorFlow Serving REST, MLflow scoring and Open Inference Protocol v2, plus /openapi.json
 * and a page at "/". It serves predictions only, never the workspace API. Bound to 127.0.0.1 by default;
 * any other address needs a bearer token (generated when not given, 192 bits).
 */
import crypto from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../../shared/contract/errors.js';
import { servingSettingsSchema, type ServerStatus, type ServingSettings, type ServingSettingsInput } from '../../../shared/schemas/serving.js';
import { newId, uuid7 } from '../ids.js';
import { CICLO_VERSION } from '../version.js';
import { DeploymentStore } from '../store/deployment-store.js';
import type { Reply, Req, ServerCore } from './http-common.js';
import { LogWriter } from './log-writer.js';
import { ModelHost, type HostDeps } from './model-host.js';
import { openApiDocument } from './openapi.js';
import { indexPage } from './page.js';
import { mlflow } from './proto-mlflow.js';
import { tfServing } from './proto-tfserving.js';
import { Shadow } from './shadow.js';
import { v2 } from './proto-v2.js';
import { ServingStats } from './stats.js';

export interface PredictionServerOptions {
  refs: string[];
  /** Shadows (challengers), NAME@ALIAS or NAME@VERSION of a served model: they score its logged requests off the response path. */
  shadows?: string[];
  host?: string;
  port?: number;
  token?: string;
  settings?: ServingSettingsInput;
  /** How often an alias is checked for a move (ms). */
  followMs?: number;
}

export interface PredictionServer {
  id: string;
  url: string;
  host: string;
  port: number;
  token: string | null;
  settings: ServingSettings;
  hosts: ModelHost[];
  stats: ServingStats;
  log: LogWriter | null;
  startedAt: string;
  status(): ServerStatus;
  /** Stops taking connections, finishes in-flight requests, flushes the logs, marks the deployments stopped. */
  close(): Promise<void>;
}

export const isLoopback = (h: string) => h === '127.0.0.1' || h === 'localhost' || h === '::1' || /^127\./.test(h);

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization, X-Request-Id',
  'Access-Control-Expose-Headers': 'X-Request-Id',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
};
/** The headers every answer carries after its own, as the flat [name, value, ...] list writeHead takes. */
const FIXED_HEADERS = ['Cache-Control', 'no-store', ...Object.entries(CORS).flat()];
const REQUEST_ID = /^[\w.:-]{1,128}$/;
/** A request path that `new URL` would leave as it is (no dot segments, escapes, backslashes or query). */
const PLAIN_PATH = /^\/[\w\-.:@/]*$/;
const DOT_SEGMENT = /(^|\/)\.\.?(\/|$)|\/\//;

export async function startPredictionServer(deps: HostDeps, options: PredictionServerOptions): Promise<PredictionServer> {
  if (!options.refs.length) throw new AppError('invalid_input', 'Say which model to serve: ciclo serve M@champion (or M@VERSION, M).');
  const settings = servingSettingsSchema.parse(options.settings ?? {});
  const bind = options.host ?? '127.0.0.1';
  if (options.token !== undefined && options.token.length < 16)
    throw new AppError('invalid_input', 'A token needs at least 16 characters (128 bits when random); leave --token out to get a generated one.');
  const token = isLoopback(bind) ? (options.token ?? null) : (options.token ?? crypto.randomBytes(24).toString('base64url'));
  const stats = new ServingStats();
  const store = new DeploymentStore(deps.db);
  const log = settings.log ? new LogWriter(deps.db, { sample: settings.logSample, retentionDays: settings.logRetentionDays, source: 'server', thread: true }) : null;
  const hosts: ModelHost[] = [];
  const byName = new Map<string, ModelHost>();
  const startedAt = new Date().toISOString();
  const serverId = newId('srv');
  try {
    for (const ref of options.refs) {
      const h = await ModelHost.open(deps, ref, newId('dep'), settings, { onBatch: (n) => stats.batch(n), onSwap: () => undefined });
      if (byName.has(h.name)) throw new AppError('invalid_input', `Model ${h.name} is given twice; one server serves each model under its name once.`);
      hosts.push(h);
      byName.set(h.name, h);
    }
    for (const ref of options.shadows ?? []) {
      if (!log) throw new AppError('invalid_input', 'A shadow model is only useful with logging on: its predictions are logged, never returned. Remove --no-log or the shadow.');
      const name = deps.registry.resolveRef(ref).model.name;
      const champion = byName.get(name);
      if (!champion)
        throw new AppError(
          'invalid_input',
          `The shadow ${ref} is a version of "${name}", which this server does not serve; a shadow scores the requests of a served model (served: ${[...byName.keys()].join(', ')}).`,
          { shadow: ref },
        );
      if (champion.shadow)
        throw new AppError('invalid_input', `Model ${name} already has the shadow ${champion.shadow.host.ref}; give one shadow per served model.`, { shadow: ref });
      const sh = await ModelHost.open(deps, ref, champion.deploymentId, settings, { onBatch: () => undefined, onSwap: () => undefined });
      champion.shadow = new Shadow(sh, log);
      if (sh.current.versionId === champion.current.versionId)
        throw new AppError(
          'invalid_input',
          `The shadow ${ref} is version ${sh.current.version}, the very version ${champion.ref} serves; pick another version or alias (e.g. ${name}@challenger).`,
          { shadow: ref },
        );
      if (sh.current.predictor.task !== champion.current.predictor.task)
        throw new AppError(
          'invalid_input',
          `The shadow ${ref} predicts a ${sh.current.predictor.task} target and ${champion.ref} a ${champion.current.predictor.task} one; they cannot be compared.`,
          { shadow: ref },
        );
    }
  } catch (err) {
    for (const h of hosts) await h.close();
    stats.stop();
    log?.close();
    throw err;
  }

  const core: ServerCore = {
    hosts: byName,
    scoring: { stats, log, maxRows: settings.maxRows },
    version: CICLO_VERSION,
    host(name) {
      const h = byName.get(name);
      if (!h) throw new AppError('not_found', `No model "${name}" is served here; served: ${[...byName.keys()].join(', ')}.`);
      return h;
    },
    defaultHost(req) {
      const want = req.url.searchParams.get('model');
      return want ? this.host(want) : hosts[0];
    },
  };

  const route = async (req: Req): Promise<Reply> => {
    if (req.path === '/' && req.method === 'GET') return { status: 200, body: indexPage(hosts, token !== null, CICLO_VERSION), contentType: 'text/html; charset=utf-8' };
    if (req.path === '/openapi.json' && req.method === 'GET') return { status: 200, body: openApiDocument([...byName.keys()], CICLO_VERSION) };
    for (const proto of [tfServing, mlflow, v2]) {
      const r = await proto(req, core);
      if (r) return r;
    }
    return { status: 404, body: { error: `${req.method} ${req.path} is not an endpoint of this server; see / or /openapi.json.` } };
  };

  const handle = async (inc: IncomingMessage, res: ServerResponse) => {
    const given = inc.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : uuid7();
    const raw = inc.url ?? '/';
    // the URL object only when a handler asks for the query (or the path needs normalising)
    let url: URL | null = PLAIN_PATH.test(raw) && !DOT_SEGMENT.test(raw) ? null : new URL(raw, 'http://localhost');
    const pathname = url ? url.pathname : raw;
    const send = (r: Reply) => {
      const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
      // Content-Length (not chunked): the answer goes out in one write
      res.writeHead(r.status, [
        'Content-Type',
        r.contentType ?? 'application/json',
        'Content-Length',
        String(Buffer.byteLength(text)),
        'X-Request-Id',
        r.requestId ?? requestId,
        ...FIXED_HEADERS,
      ]);
      res.end(text);
    };
    if (inc.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      return res.end();
    }
    if (token !== null && !(inc.method === 'GET' && pathname === '/')) {
      const auth = String(inc.headers.authorization ?? '');
      const m = /^Bearer\s+(.+)$/i.exec(auth);
      if (!m || !safeEqual(m[1].trim(), token))
        return send({
          status: 401,
          body: { error: 'Missing or wrong token: send "Authorization: Bearer <token>" (printed by ciclo serve).', error_code: 'UNAUTHORIZED', message: 'Missing or wrong token.' },
        });
    }
    let body: Promise<string> | null = null;
    let bytes: Buffer | null = null;
    const req: Req = {
      method: inc.method ?? 'GET',
      path: pathname,
      get url() {
        return (url ??= new URL(raw, 'http://localhost'));
      },
      headers: inc.headers,
      requestId,
      text: () => (body ??= readBody(inc, settings.maxBodyBytes).then((b) => ((bytes = b), b.toString('utf8')))),
      bytes: () => bytes,
    };
    const reply = await route(req);
    if (reply.status === 413) inc.resume();
    send(reply);
  };

  const server = http.createServer((inc, res) => {
    handle(inc, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: `Internal error: ${(err as Error).message}` }));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new AppError('invalid_input', `Port ${options.port} is already in use: pick another with --port, or --port 0 for any free port.`) : err),
    );
    server.listen(options.port ?? 8080, bind, () => resolve());
  }).catch(async (err) => {
    for (const h of hosts) await h.close();
    stats.stop();
    log?.close();
    throw err;
  });
  const port = (server.address() as AddressInfo).port;
  const shown = bind === '0.0.0.0' || bind === '::' ? '127.0.0.1' : bind.includes(':') ? `[${bind}]` : bind;
  const url = `http://${shown}:${port}`;

  for (const h of hosts) {
    const l = h.current;
    store.start({
      id: h.deploymentId,
      projectId: l.projectId,
      modelName: h.name,
      ref: h.ref,
      alias: h.alias,
      version: l.version,
      runId: l.runId,
      host: bind,
      port,
      runtime: l.runtime,
      settings,
    });
    h.follow(options.followMs ?? 500);
    h.shadow?.host.follow(options.followMs ?? 500);
  }
  // every second without waiting for the database (a busy one: the next second; p50/p99 at most 5 s old),
  // and once more, waiting and exact, at close
  const persist = (wait: boolean) => {
    const p = stats.percentiles(wait ? 0 : 5000);
    for (const h of hosts)
      store.update(
        h.deploymentId,
        {
          version: h.current.version,
          runId: h.current.runId,
          runtime: h.current.runtime,
          requests: stats.requests,
          errors: stats.errors,
          p50Ms: p.p50Ms,
          p99Ms: p.p99Ms,
          swaps: h.swaps,
        },
        { wait },
      );
  };
  const persistTimer = setInterval(() => persist(false), 1000);
  persistTimer.unref();

  let closing: Promise<void> | null = null;
  return {
    id: serverId,
    url,
    host: bind,
    port,
    token,
    settings,
    hosts,
    stats,
    log,
    startedAt,
    status: () => ({
      id: serverId,
      url,
      host: bind,
      port,
      token,
      settings,
      models: hosts.map((h) => h.view()),
      startedAt,
      totals: { requests: stats.requests, errors: stats.errors, rows: stats.rows },
      ticks: [...stats.ticks],
    }),
    close: () =>
      (closing ??= (async () => {
        clearInterval(persistTimer);
        // no new connections; idle keep-alive connections are closed, busy ones finish their request
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        let finished = false;
        void closed.then(() => (finished = true));
        for (let i = 0; i < 200 && !finished; i++) {
          server.closeIdleConnections();
          await Promise.race([closed, new Promise((r) => setTimeout(r, 50))]);
        }
        server.closeAllConnections();
        for (const h of hosts) await h.close();
        persist(true);
        stats.stop();
        log?.close();
        for (const h of hosts) store.stop(h.deploymentId);
      })()),
  };
}

function readBody(inc: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(inc.headers['content-length'] ?? 0);
    const tooBig = () => new AppError('payload_too_large', `The request body is larger than ${limit} bytes (--max-body).`, { limit });
    if (declared > limit) return reject(tooBig());
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    inc.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        done = true;
        reject(tooBig());
        return;
      }
      chunks.push(c);
    });
    inc.on('end', () => done || ((done = true), resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))));
    inc.on('error', (e) => done || ((done = true), reject(e)));
  });
}

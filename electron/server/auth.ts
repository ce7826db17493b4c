import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE = 'ciclo_token';
/** The least strength of a token when the server listens beyond this computer. */
export const MIN_TOKEN_BITS = 128;

/** 192 random bits, base64url. */
export function newToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/**
 * How many bits of guessing a token's length and alphabet are worth at most (a random token of that
 * shape): hex digits 4 bits a character, base64url 6, other printable characters 6.5.
 */
export function tokenBits(token: string): number {
  if (/^[0-9a-f]+$/i.test(token)) return token.length * 4;
  if (/^[A-Za-z0-9_-]+$/.test(token)) return token.length * 6;
  return token.length * 6.5;
}

const key = crypto.randomBytes(32);
/** Timing-safe: both sides are hashed first, so neither the content nor the length leaks through time. */
export function safeEqual(a: string, b: string): boolean {
  const x = crypto.createHmac('sha256', key).update(a).digest();
  const y = crypto.createHmac('sha256', key).update(b).digest();
  return crypto.timingSafeEqual(x, y);
}

/** A cookie's value; undefined when absent or when its percent-encoding is malformed. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** What a request presented as its token: none, or the cookie's or Bearer header's value. */
export function presentedToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return readCookie(req, COOKIE);
}

/** The token may come as the HttpOnly cookie (the browser) or as a Bearer header (scripts). */
export function hasToken(req: IncomingMessage, token: string): boolean {
  const cookie = readCookie(req, COOKIE);
  if (cookie && safeEqual(cookie, token)) return true;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ') && safeEqual(auth.slice(7).trim(), token)) return true;
  return false;
}

export function tokenCookie(token: string): string {
  return `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * Origin and Host checks: a page from another site (or a DNS-rebound name) must not drive the API.
 * `allowedHosts` are host:port pairs this server answers to.
 */
export function originAllowed(req: IncomingMessage, allowedHosts: Set<string>): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && allowedHosts.has(u.host.toLowerCase());
  } catch {
    return false;
  }
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/, '');
  return a === '::1' || a.startsWith('127.');
}

const LOOPBACK_NAMES = /^(localhost|127\.[0-9.]+|\[::1\])(:\d+)?$/i;

/**
 * The Host header must be present and name this server; a name of this computer's loopback is accepted
 * only from a loopback client (a LAN client sending `Host: 127.0.0.1` is refused).
 */
export function hostAllowed(req: IncomingMessage, allowedHosts: Set<string>): boolean {
  const host = req.headers.host?.toLowerCase();
  if (!host || !allowedHosts.has(host)) return false;
  return !LOOPBACK_NAMES.test(host) || isLoopbackAddress(req.socket.remoteAddress);
}

/**
 * Wrong tokens per client address: after `limit` failures within `windowMs` the client is refused
 * (HTTP 429) until the window has passed, so a token cannot be guessed at network speed.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 60_000,
  ) {}

  private recent(client: string, now: number): number[] {
    const list = (this.failures.get(client) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.failures.set(client, list);
    else this.failures.delete(client);
    return list;
  }

  /** Seconds until the client may try again, or 0 when it may now. */
  blockedFor(client: string, now = Date.now()): number {
    const list = this.recent(client, now);
    if (list.length < this.limit) return 0;
    return Math.max(1, Math.ceil((list[0] + this.windowMs - now) / 1000));
  }

  fail(client: string, now = Date.now()): void {
    const list = this.recent(client, now);
    list.push(now);
    this.failures.set(client, list);
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }
}

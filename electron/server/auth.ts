import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE = 'ciclo_token';

export function newToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
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
    return (u.protocol === 'http:' || u.protocol === 'https:') && allowedHosts.has(u.host);
  } catch {
    return false;
  }
}

export function hostAllowed(req: IncomingMessage, allowedHosts: Set<string>): boolean {
  const host = req.headers.host;
  return !host || allowedHosts.has(host);
}

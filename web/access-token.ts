/** The per-run secret every HTTP request and WebSocket upgrade must carry (query `token` or cookie). */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'trawl_token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** How the request proved itself: 'query' (first page load), 'cookie', or undefined (refuse it). */
export function checkToken(req: IncomingMessage, url: URL, token: string): 'query' | 'cookie' | undefined {
  const q = url.searchParams.get('token');
  if (q !== null && same(q, token)) return 'query';
  const c = cookieValue(req, TOKEN_COOKIE);
  if (c !== undefined && same(c, token)) return 'cookie';
  return undefined;
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * The web shell's server: serves the built renderer on 127.0.0.1 and binds the engine over a WebSocket
 * at /rpc (the core/api.ts contract through core/rpc, framed by core/rpc/codec.ts). Every request must
 * carry the per-run token (URL query on the first load, then an HttpOnly SameSite=Strict cookie);
 * anything else gets a bare 403.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { API_EVENTS, API_METHODS } from '../core/api';
import { serve } from '../core/rpc/channel';
import { connectServer } from '../core/rpc/protocol';
import { createEngine, type Engine } from '../workers/engine';
import { checkToken, newToken, tokenCookie } from './access-token';
import { loadStatic } from './static-files';
import { wsEndpoint } from './ws-endpoint';

export const CSP = "default-src 'self'; connect-src 'self' ws: ; img-src 'self' data:; style-src 'self'; script-src 'self'";
const HOST = '127.0.0.1';
/** Largest WebSocket message accepted (upload chunks are far smaller). */
const MAX_PAYLOAD = 64 * 1024 * 1024;

export interface WebServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** A capture to open before the URL is handed out. */
  file?: string;
  /** The engine to serve; when absent the server makes one and disposes it on close. */
  engine?: Engine;
  /** The built renderer (default: dist/renderer of this checkout or bundle). */
  staticDir?: string;
}

export interface WebServer {
  url: string;
  token: string;
  port: number;
  engine: Engine;
  close(): Promise<void>;
}

export function defaultStaticDir(): string {
  // From sources this is web/server.ts (→ ../dist/renderer); bundled it is dist/node/web-server.js (→ ../renderer).
  const rel = import.meta.url.endsWith('.ts') ? '../dist/renderer/' : '../renderer/';
  return fileURLToPath(new URL(rel, import.meta.url));
}

export async function startWebServer(options: WebServerOptions = {}): Promise<WebServer> {
  const ownEngine = !options.engine;
  const engine = options.engine ?? createEngine({ shell: 'web' });
  const staticDir = options.staticDir ?? defaultStaticDir();
  if (!existsSync(staticDir)) console.warn(`Trawl web: ${staticDir} does not exist; run \`npm run build\` to build the renderer.`);
  const token = newToken();
  const channel = serve(engine, { methods: API_METHODS, events: API_EVENTS });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
  wss.on('connection', (ws: WebSocket) => {
    const binding = connectServer(channel, wsEndpoint(ws));
    ws.on('error', (e) => {
      console.warn(`Trawl web: WebSocket error: ${e.message}`);
      binding.dispose();
    });
  });

  let port = 0;
  const origins = () => [`http://${HOST}:${port}`, `http://localhost:${port}`];

  const server = createServer((req, res) => {
    handleHttp(req, res, token, staticDir).catch((e: unknown) => {
      console.error(`Trawl web: ${req.url}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal error');
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    const origin = req.headers.origin;
    if (url.pathname !== '/rpc' || !checkToken(req, url, token) || (origin !== undefined && !origins().includes(origin))) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      if (ownEngine) await engine.dispose();
    })();
    return closing;
  };

  try {
    if (options.file) await engine.openFile({ path: options.file });
  } catch (e) {
    await close();
    throw e;
  }
  return { url: `http://${HOST}:${port}/?token=${token}`, token, port, engine, close };
}

async function handleHttp(req: IncomingMessage, res: ServerResponse, token: string, staticDir: string): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${HOST}`);
  const how = checkToken(req, url, token);
  if (!how) {
    res.writeHead(403, { 'Content-Length': '0' });
    res.end();
    return;
  }
  const headers: Record<string, string> = {
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
  if (how === 'query') headers['Set-Cookie'] = tokenCookie(token);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Length': '0' });
    res.end();
    return;
  }
  const file = await loadStatic(staticDir, url.pathname);
  if (!file) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found');
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': file.type, 'Content-Length': String(file.body.length) });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

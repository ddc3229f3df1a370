import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { WebSocket } from 'ws';
import { API_EVENTS, API_METHODS, type IndexProgress, type TrawlApi } from '../core/api';
import { proxy } from '../core/rpc/channel';
import { connectClient } from '../core/rpc/protocol';
import { CaptureFormatError } from '../core/errors';
import { createEngine } from '../workers/engine';
import { CSP, startWebServer, type WebServer } from './server';
import { wsEndpoint } from './ws-endpoint';
import { CAPTURES_DIR } from '../scripts/shared-captures';

const CAPTURE = join(CAPTURES_DIR, 'zeek-traces/ssh/ssh.pcap');

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function wsStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

async function withServer(fn: (s: WebServer, dir: string) => Promise<void>, file?: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-web-test-'));
  const staticDir = join(dir, 'renderer');
  await mkdir(staticDir);
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Trawl</title><script src="renderer.js"></script>');
  await writeFile(join(staticDir, 'renderer.js'), 'console.log("hi");');
  await writeFile(join(dir, 'secret.txt'), 'do not serve');
  const engine = createEngine({ configDir: join(dir, 'config'), tempDir: dir, workers: 1 });
  const server = await startWebServer({ port: 0, engine, staticDir, file });
  try {
    await fn(server, dir);
  } finally {
    await server.close();
    await engine.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

test('HTTP: 403 and nothing else without the token; 200, CSP and a strict cookie with it', async () => {
  await withServer(async (s) => {
    for (const path of ['/', '/index.html', '/renderer.js', '/?token=wrong', '/rpc']) {
      const r = await get(s.port, path);
      assert.equal(r.status, 403, path);
      assert.equal(r.body, '');
    }
    const first = await get(s.port, `/?token=${s.token}`);
    assert.equal(first.status, 200);
    assert.match(first.body, /<title>Trawl/);
    assert.equal(first.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(first.headers['content-security-policy'], CSP);
    const cookie = String(first.headers['set-cookie']);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const pair = cookie.split(';')[0];
    const js = await get(s.port, '/renderer.js', { Cookie: pair });
    assert.equal(js.status, 200);
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal((await get(s.port, '/renderer.js', { Cookie: 'trawl_token=nope' })).status, 403);
    assert.equal((await get(s.port, '/missing.js', { Cookie: pair })).status, 404);
  });
});

test('HTTP: path traversal is refused', async () => {
  await withServer(async (s) => {
    const cookie = { Cookie: `trawl_token=${s.token}` };
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/a/../../secret.txt', '/..%5csecret.txt', '/%00']) {
      const r = await get(s.port, path, cookie);
      assert.notEqual(r.status, 200, path);
      assert.doesNotMatch(r.body, /do not serve/, path);
    }
  });
});

test('WebSocket: upgrade refused without token or from a foreign origin', async () => {
  await withServer(async (s) => {
    const base = `ws://127.0.0.1:${s.port}/rpc`;
    assert.equal(await wsStatus(base), 403);
    assert.equal(await wsStatus(`${base}?token=bad`), 403);
    assert.equal(await wsStatus(`${base}?token=${s.token}`, { Origin: 'http://evil.example' }), 403);
    assert.equal(await wsStatus(base, { Cookie: `trawl_token=${s.token}`, Origin: `http://127.0.0.1:${s.port}` }), 101);
    assert.equal(await wsStatus(`ws://127.0.0.1:${s.port}/other?token=${s.token}`), 403);
  });
});

test('a full RPC round trip over a real WebSocket: sessions, openFile, rows, packet, events, errors', async () => {
  await withServer(async (s, dir) => {
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/rpc`, { headers: { Cookie: `trawl_token=${s.token}` } });
    await new Promise((r, j) => {
      ws.once('open', r);
      ws.once('error', j);
    });
    const client = connectClient(wsEndpoint(ws));
    const api = proxy<TrawlApi>(client, { methods: API_METHODS, events: API_EVENTS });
    try {
      const preopened = await api.sessions();
      assert.equal(preopened.length, 1);
      assert.equal(preopened[0].name, 'ssh.pcap');
      assert.equal((await api.appInfo()).version.length > 0, true);
      const done = new Promise<IndexProgress>((resolve) => {
        api.onIndexProgress((p) => {
          if (p.done) resolve(p);
        });
      });
      await api.appInfo(); // the subscription is in place once a later call returns
      const info = await api.openFile({ path: CAPTURE });
      assert.equal(info.format, 'pcap');
      const final = await done;
      assert.equal(final.packets, 1797);
      const page = await api.rows({ sessionId: info.sessionId, from: 0, count: 200 });
      assert.ok(page.numbers instanceof Uint32Array);
      assert.ok(page.relTimes instanceof Float64Array);
      assert.equal(page.numbers.length, 200);
      assert.equal(page.text[0], '192.168.1.79');
      const pkt = await api.packet({ sessionId: info.sessionId, number: 1 });
      assert.ok(pkt.bytes instanceof Uint8Array);
      assert.equal(pkt.bytes.length, pkt.caplen);
      assert.equal(pkt.origlen, 78);
      const junk = join(dir, 'junk.bin');
      await writeFile(junk, new Uint8Array(100).fill(0x41));
      await assert.rejects(api.openFile({ path: junk }), CaptureFormatError);
    } finally {
      client.dispose();
      ws.close();
    }
  }, CAPTURE);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Emitter, proxy, serve, withCalls } from './channel';
import { connectClient, connectServer, type MessageEndpoint, type RpcMessage } from './protocol';
import { decodeFrame, encodeFrame, FrameError } from './codec';
import { CaptureFormatError, NotFoundError } from '../errors';
import type { Disposable, Event } from '../api';

interface Demo {
  add(req: { a: number; b: number }): Promise<number>;
  bytes(req: { n: number }): Promise<{ data: Uint8Array; words: Uint32Array }>;
  fail(): Promise<void>;
  onTick: Event<{ n: number }>;
}
const names = { methods: ['add', 'bytes', 'fail'], events: ['onTick'] };

class DemoImpl implements Demo {
  private tick = new Emitter<{ n: number }>();
  readonly onTick = this.tick.event;
  secret = () => 'not in the contract';
  async add(req: { a: number; b: number }) {
    return req.a + req.b;
  }
  async bytes(req: { n: number }) {
    return { data: new Uint8Array(req.n).fill(7), words: Uint32Array.of(1, 2, 0xffffffff) };
  }
  async fail(): Promise<void> {
    throw new CaptureFormatError('truncated', 'File ends inside record 3', 1234, 3);
  }
  fire(n: number) {
    this.tick.fire({ n });
  }
}

/** Two endpoints joined by the binary codec, as the WebSocket joins them. */
function pipe(): [MessageEndpoint, MessageEndpoint] {
  const mk = () => ({ ls: new Set<(m: RpcMessage) => void>() });
  const a = mk();
  const b = mk();
  const end = (self: typeof a, other: typeof a): MessageEndpoint => ({
    post: (m) => {
      const frame = encodeFrame(m);
      queueMicrotask(() => other.ls.forEach((l) => l(decodeFrame(frame))));
    },
    onMessage: (l): Disposable => {
      self.ls.add(l);
      return { dispose: () => self.ls.delete(l) };
    },
  });
  return [end(a, b), end(b, a)];
}

test('proxy and serve carry calls, typed arrays, typed errors and events over a byte transport', async () => {
  const impl = new DemoImpl();
  const [server, client] = pipe();
  connectServer(serve(impl, names), server);
  const api = proxy<Demo>(connectClient(client), names);

  assert.equal(await api.add({ a: 2, b: 3 }), 5);
  const r = await api.bytes({ n: 5 });
  assert.ok(r.data instanceof Uint8Array);
  assert.deepEqual([...r.data], [7, 7, 7, 7, 7]);
  assert.ok(r.words instanceof Uint32Array);
  assert.deepEqual([...r.words], [1, 2, 0xffffffff]);

  await assert.rejects(api.fail(), (e: unknown) => {
    assert.ok(e instanceof CaptureFormatError);
    assert.equal(e.offset, 1234);
    assert.equal(e.record, 3);
    assert.equal(e.code, 'truncated');
    return true;
  });

  const seen: number[] = [];
  const sub = api.onTick((e) => seen.push(e.n));
  await api.add({ a: 0, b: 0 }); // the listen message has arrived once a later call returns
  impl.fire(1);
  impl.fire(2);
  await new Promise((r) => setTimeout(r, 5));
  sub.dispose();
  await api.add({ a: 0, b: 0 });
  impl.fire(3);
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(seen, [1, 2]);
});

test('serve refuses names outside the contract', async () => {
  const ch = serve(new DemoImpl(), names);
  await assert.rejects(ch.call('secret', undefined), /Unknown call "secret"/);
  assert.throws(() => ch.listen('onNothing', () => {}), /Unknown event/);
});

test('Node Buffers travel as bytes, not as JSON arrays', () => {
  const m: RpcMessage = { t: 'result', id: 1, value: { b: Buffer.from([1, 2, 3]) } };
  const back = decodeFrame(encodeFrame(m)) as { value: { b: Uint8Array } };
  assert.ok(back.value.b instanceof Uint8Array);
  assert.deepEqual([...back.value.b], [1, 2, 3]);
});

test('a frame that is a view into a larger Node Buffer pool decodes its own bytes', () => {
  const frame = encodeFrame({ t: 'call', id: 7, method: 'uploadChunk', arg: { chunk: Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1) } });
  const pool = Buffer.alloc(frame.length + 64, 0x82);
  Buffer.from(frame).copy(pool, 32);
  const m = decodeFrame(pool.subarray(32, 32 + frame.length)) as { arg: { chunk: Uint8Array } };
  assert.deepEqual([...m.arg.chunk], [0xd4, 0xc3, 0xb2, 0xa1]);
});

test('a corrupt frame is a FrameError, never a crash', () => {
  const good = encodeFrame({ t: 'call', id: 1, method: 'x', arg: { d: new Uint16Array([1, 2]) } });
  for (let n = 0; n < good.length; n++) {
    assert.throws(() => decodeFrame(good.subarray(0, n)), FrameError);
  }
  assert.throws(() => decodeFrame(new TextEncoder().encode('\u0004\u0000\u0000\u0000null\u0000\u0000\u0000\u0000')), FrameError);
});

test('pending calls fail when the connection closes', async () => {
  const closers = new Set<() => void>();
  const ep: MessageEndpoint = {
    post: () => {},
    onMessage: () => ({ dispose() {} }),
    onClose: (l) => {
      closers.add(l);
      return { dispose: () => closers.delete(l) };
    },
  };
  const client = connectClient(ep);
  const p = client.call('add', {});
  closers.forEach((c) => c());
  await assert.rejects(p, /closed/);
  void NotFoundError;
});

test('withCalls answers its own calls and passes the rest and every event through', async () => {
  const impl = new DemoImpl();
  const ch = withCalls(serve(impl, names), { add: async () => 'the shell answered' });
  assert.equal(await ch.call('add', { a: 1, b: 2 }), 'the shell answered');
  assert.deepEqual([...((await ch.call('bytes', { n: 2 })) as { data: Uint8Array }).data], [7, 7]);
  const seen: number[] = [];
  ch.listen('onTick', (e) => seen.push((e as { n: number }).n));
  impl.fire(4);
  assert.deepEqual(seen, [4]);
  await assert.rejects(ch.call('toString', undefined), /Unknown call/);
});

test('an answer that cannot be sent reaches the caller as a typed error, not silence', async () => {
  const [server, client] = pipe();
  const picky: MessageEndpoint = {
    post: (m) => {
      if (m.t === 'result' && typeof m.value === 'function') throw new Error('could not be cloned');
      server.post(m);
    },
    onMessage: (l) => server.onMessage(l),
  };
  const impl = { weird: async () => () => 1 };
  connectServer(serve(impl, { methods: ['weird'], events: [] }), picky);
  const api = proxy<{ weird(): Promise<unknown> }>(connectClient(client), { methods: ['weird'], events: [] });
  await assert.rejects(api.weird(), (e: unknown) => e instanceof Error && /could not be sent/.test(e.message));
});

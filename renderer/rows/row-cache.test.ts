import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_VIEW, type RowsPage } from '../../core/api';
import { RowCache } from './row-cache';

/** The engine's side of the contract for a capture with `indexed()` packets so far; answers when released. */
function engine(indexed: () => number) {
  const calls: { from: number; count: number; release: () => void }[] = [];
  const fetch = (from: number, count: number) =>
    new Promise<RowsPage>((resolve) => {
      const snapshot = indexed();
      const n = Math.max(0, Math.min(count, snapshot - from));
      const page: RowsPage = {
        sessionId: 's',
        view: ALL_VIEW,
        from,
        numbers: Uint32Array.from({ length: n }, (_, i) => from + i + 1),
        relTimes: Float64Array.from({ length: n }, (_, i) => (from + i) / 1000),
        lengths: Uint32Array.from({ length: n }, () => 60),
        malformed: Uint8Array.from({ length: n }, (_, i) => ((from + i) % 7 === 0 ? 1 : 0)),
        text: Array.from({ length: n }, (_, i) => [`10.0.0.${i % 250}`, '10.0.0.254', 'UDP', `row ${from + i}`]).flat(),
      };
      calls.push({ from, count, release: () => resolve(page) });
    });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { calls, fetch, settle };
}

test('fetches the pages of the visible range once and serves rows from them', async () => {
  const e = engine(() => 1000);
  const cache = new RowCache(e.fetch, { pageSize: 100 });
  cache.setRowCount(1000);
  let notified = 0;
  cache.subscribe(() => notified++);
  cache.ensure(150, 260);
  cache.ensure(150, 260);
  assert.deepEqual(e.calls.map((c) => c.from), [100, 200]);
  assert.equal(cache.get(150), undefined);
  e.calls.forEach((c) => c.release());
  await e.settle();
  assert.equal(notified, 2);
  const r = cache.get(150);
  assert.equal(r?.number, 151);
  assert.equal(r?.info, 'row 150');
  assert.equal(r?.protocol, 'UDP');
  assert.equal(cache.get(154)?.malformed, true);
  assert.equal(cache.get(155)?.malformed, false);
  cache.ensure(150, 260);
  assert.equal(e.calls.length, 2, 'cached pages are not fetched again');
});

test('never asks past the indexed end', () => {
  const e = engine(() => 250);
  const cache = new RowCache(e.fetch, { pageSize: 100 });
  cache.setRowCount(250);
  cache.ensure(0, 10_000);
  assert.deepEqual(e.calls.map((c) => c.from), [0, 100, 200]);
});

test('a page cut short by the indexed end is fetched again when more packets arrive', async () => {
  let indexed = 130;
  const e = engine(() => indexed);
  const cache = new RowCache(e.fetch, { pageSize: 100 });
  cache.setRowCount(indexed);
  cache.ensure(90, 140);
  e.calls.forEach((c) => c.release());
  await e.settle();
  assert.equal(cache.get(129)?.number, 130);
  assert.equal(cache.get(130), undefined);
  indexed = 180;
  cache.setRowCount(indexed);
  assert.equal(e.calls.length, 3);
  assert.equal(e.calls[2].from, 100);
  assert.equal(cache.get(129)?.number, 130, 'old rows stay visible while the page reloads');
  e.calls[2].release();
  await e.settle();
  assert.equal(cache.get(170)?.number, 171);
  assert.equal(cache.get(0)?.number, 1);
});

test('a stale response is ignored when a newer request for the page exists', async () => {
  let indexed = 50;
  const e = engine(() => indexed);
  const cache = new RowCache(e.fetch, { pageSize: 100 });
  cache.setRowCount(indexed);
  cache.ensure(0, 100);
  indexed = 100;
  cache.setRowCount(indexed);
  assert.equal(e.calls.length, 2);
  e.calls[1].release();
  await e.settle();
  e.calls[0].release();
  await e.settle();
  assert.equal(cache.get(99)?.number, 100, 'the newer, longer page stays');
});

test('least recently used pages are evicted, never the wanted range', async () => {
  const e = engine(() => 10_000_000);
  const cache = new RowCache(e.fetch, { pageSize: 100, maxPages: 3 });
  cache.setRowCount(10_000_000);
  for (const start of [0, 1000, 2000, 3000]) {
    cache.ensure(start, start + 50);
    e.calls[e.calls.length - 1].release();
    await e.settle();
  }
  assert.equal(cache.pageCount, 3);
  assert.equal(cache.hasPage(0), false);
  assert.equal(cache.hasPage(30), true);
  cache.ensure(9_999_950, 10_000_000);
  e.calls[e.calls.length - 1].release();
  await e.settle();
  assert.equal(cache.get(9_999_999)?.number, 10_000_000);
});

test('failures are reported and the page is asked for again later; dispose drops late answers', async () => {
  const errors: unknown[] = [];
  let fail = true;
  const ok = engine(() => 10);
  const cache = new RowCache(
    (from, count) => (fail ? Promise.reject(new Error('engine gone')) : ok.fetch(from, count)),
    { pageSize: 100, onError: (e) => errors.push(e) },
  );
  cache.setRowCount(10);
  cache.ensure(0, 10);
  await ok.settle();
  assert.equal(errors.length, 1);
  fail = false;
  cache.ensure(0, 10);
  assert.equal(ok.calls.length, 1);
  cache.dispose();
  ok.calls[0].release();
  await ok.settle();
  assert.equal(cache.get(0), undefined);
});

test('refresh fetches the wanted pages again and keeps showing the old rows until they arrive', async () => {
  let round = 0;
  const asked: number[] = [];
  const cache = new RowCache(
    async (from, count) => {
      asked.push(from);
      const n = Math.max(0, Math.min(count, 1000 - from));
      return {
        sessionId: 's',
        view: 'all',
        from,
        numbers: Uint32Array.from({ length: n }, (_, i) => from + i + 1),
        relTimes: new Float64Array(n),
        lengths: new Uint32Array(n),
        malformed: new Uint8Array(n),
        text: Array.from({ length: n * 4 }, (_, i) => (i % 4 === 3 ? `info ${round}` : '')),
      };
    },
    { pageSize: 100 },
  );
  cache.setRowCount(1000);
  cache.ensure(0, 150);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(cache.get(120)?.info, 'info 0');
  round = 1;
  asked.length = 0;
  cache.refresh();
  assert.equal(cache.get(120)?.info, 'info 0', 'old rows stay until the new ones arrive');
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(asked, [0, 100]);
  assert.equal(cache.get(120)?.info, 'info 1');
});

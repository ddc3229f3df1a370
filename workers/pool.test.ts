import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerPool } from './pool';
import { WorkerCrashedError } from './worker-handle';
import { CancelledError } from '../core/errors';
import type { FixtureApi } from './test/fixture.worker';

const script = new URL('./test/fixture.worker.ts', import.meta.url);
const names = { methods: ['echo', 'sleep', 'crash'], events: [] };

test('jobs run on the pool and spread over its workers', async () => {
  const pool = new WorkerPool<FixtureApi>({ script, names, size: 2, label: 'fixture' });
  try {
    const results = await Promise.all([1, 2, 3, 4].map((v) => pool.run((w) => w.sleep({ ms: 30 }).then(() => w.echo({ value: v })))));
    assert.deepEqual(results.map((r) => r.value), [1, 2, 3, 4]);
    assert.equal(new Set(results.map((r) => r.thread)).size, 2);
  } finally {
    await pool.close();
  }
});

test('a queued job can be cancelled; the running one completes', async () => {
  const pool = new WorkerPool<FixtureApi>({ script, names, size: 1, label: 'fixture' });
  try {
    const first = pool.run((w) => w.sleep({ ms: 100 }));
    const ac = new AbortController();
    const second = pool.run((w) => w.echo({ value: 2 }), { signal: ac.signal });
    assert.equal(pool.queued, 1);
    ac.abort();
    await assert.rejects(second, CancelledError);
    assert.equal(pool.queued, 0);
    assert.equal(await first, 100);
    const pre = new AbortController();
    pre.abort();
    await assert.rejects(pool.run((w) => w.echo({ value: 3 }), { signal: pre.signal }), CancelledError);
  } finally {
    await pool.close();
  }
});

test('a crashing worker fails its job with WorkerCrashedError and is replaced', async () => {
  const pool = new WorkerPool<FixtureApi>({ script, names, size: 1, label: 'fixture' });
  try {
    const before = await pool.run((w) => w.echo({ value: 1 }));
    const crash = pool.run((w) => w.crash());
    const queuedBehind = pool.run((w) => w.echo({ value: 2 }));
    await assert.rejects(crash, (e: unknown) => {
      assert.ok(e instanceof WorkerCrashedError, String(e));
      assert.equal(e.code, 'worker-crashed');
      assert.match(e.message, /fixture crash/);
      return true;
    });
    assert.equal((await queuedBehind).value, 2);
    const after = await pool.run((w) => w.echo({ value: 3 }));
    assert.equal(after.value, 3);
    assert.notEqual(after.thread, before.thread);
  } finally {
    await pool.close();
  }
});

test('close cancels what is queued', async () => {
  const pool = new WorkerPool<FixtureApi>({ script, names, size: 1, label: 'fixture' });
  const running = pool.run((w) => w.sleep({ ms: 50 }));
  const queued = pool.run((w) => w.echo({ value: 1 }));
  const checks = [assert.rejects(queued, CancelledError), assert.rejects(running, CancelledError)];
  await pool.close();
  await Promise.all(checks);
});

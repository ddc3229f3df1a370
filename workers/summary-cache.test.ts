import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SummaryCache } from './summary-cache';

const s = (info: string) => ({ source: 'a', destination: 'b', protocol: 'TCP', info, malformed: false });

test('the cache evicts the least recently used entry', () => {
  const c = new SummaryCache(2);
  c.set(1, s('one'));
  c.set(2, s('two'));
  assert.equal(c.get(1)?.info, 'one'); // 1 is now the most recent
  c.set(3, s('three'));
  assert.equal(c.get(2), undefined);
  assert.equal(c.get(1)?.info, 'one');
  assert.equal(c.get(3)?.info, 'three');
  assert.equal(c.size, 2);
});

test('gets and sets in any order agree with a plain list kept in recency order', () => {
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed % n;
  };
  for (const capacity of [1, 3, 17]) {
    const c = new SummaryCache(capacity);
    let model: { key: number; info: string }[] = []; // most recent last
    for (let step = 0; step < 5000; step++) {
      const key = rand(capacity * 3);
      if (rand(3) === 0) {
        const info = `v${step}`;
        c.set(key, s(info));
        model = model.filter((e) => e.key !== key);
        model.push({ key, info });
        if (model.length > capacity) model.shift();
      } else {
        const e = model.find((m) => m.key === key);
        assert.equal(c.get(key)?.info, e?.info, `capacity ${capacity}, step ${step}, key ${key}`);
        if (e) model = [...model.filter((m) => m !== e), e];
      }
      assert.equal(c.size, model.length);
    }
    c.clear();
    assert.equal(c.size, 0);
    assert.equal(c.get(model[0]?.key ?? 0), undefined);
  }
});

test('a million sets with eviction stay fast (no scan over evicted entries)', () => {
  const c = new SummaryCache(50_000);
  const v = s('x');
  const t0 = performance.now();
  for (let i = 1; i <= 1_000_000; i++) c.set(i, v);
  const ms = performance.now() - t0;
  assert.equal(c.size, 50_000);
  assert.equal(c.get(950_001)?.info, 'x');
  assert.equal(c.get(950_000), undefined);
  // The Map-only cache took tens of seconds here; generous for a loaded machine.
  assert.ok(ms < 5000, `${ms} ms`);
});

test('rows are written from and read into a page as four texts and a malformed byte', () => {
  const c = new SummaryCache(4);
  const page = ['s1', 'd1', 'P1', 'i1', 's2', 'd2', 'P2', 'i2'];
  c.writeRow(7, page, Uint8Array.of(0, 1), 0);
  c.writeRow(9, page, Uint8Array.of(0, 1), 1);
  const text = new Array<string>(8);
  const malformed = new Uint8Array(2);
  assert.equal(c.readRow(9, text, malformed, 0), true);
  assert.equal(c.readRow(7, text, malformed, 1), true);
  assert.deepEqual(text, ['s2', 'd2', 'P2', 'i2', 's1', 'd1', 'P1', 'i1']);
  assert.deepEqual([...malformed], [1, 0]);
  assert.equal(c.readRow(8, text, malformed, 0), false);
  assert.deepEqual(c.get(9), { source: 's2', destination: 'd2', protocol: 'P2', info: 'i2', malformed: true });
});

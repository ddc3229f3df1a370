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

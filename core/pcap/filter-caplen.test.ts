import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterCaplen, MAX_SNAPLEN } from './filter-caplen';

test('a filter sees at most the snapshot length; 0 or an oversized snap length means 262144', () => {
  assert.equal(filterCaplen(86, 26), 26);
  assert.equal(filterCaplen(20, 26), 20);
  assert.equal(filterCaplen(300000, 0), MAX_SNAPLEN);
  assert.equal(filterCaplen(300000, 10_000_000), MAX_SNAPLEN);
  assert.equal(filterCaplen(1500, 65535), 1500);
});

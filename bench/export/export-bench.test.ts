import assert from 'node:assert/strict';
import { test } from 'node:test';
import { median } from './export-bench';

test('median: the middle sample, or the mean of the two middle ones; the input is left as it was', () => {
  const runs = [900, 1200, 880];
  assert.equal(median(runs), 900);
  assert.deepEqual(runs, [900, 1200, 880]);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
});

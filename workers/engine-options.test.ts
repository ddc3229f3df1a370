import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { resolveEngineOptions } from './engine-options';

test('filter workers take every core by default (at most 4), follow `workers` when only that is given, and can be set', () => {
  const cores = availableParallelism();
  const d = resolveEngineOptions({}, {});
  assert.equal(d.workers, Math.max(1, Math.min(4, cores - 1)));
  assert.equal(d.filterWorkers, Math.max(1, Math.min(4, cores)));
  assert.equal(resolveEngineOptions({ workers: 0 }, {}).filterWorkers, 0);
  assert.equal(resolveEngineOptions({ workers: 3 }, {}).filterWorkers, 3);
  assert.equal(resolveEngineOptions({ workers: 1, filterWorkers: 2 }, {}).filterWorkers, 2);
});

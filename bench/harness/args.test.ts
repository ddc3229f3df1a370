import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadRequestError } from '../../core/errors';
import { parseBenchArgs } from './args';

test('defaults: a million packets, seed 1, tables, remove stale captures', () => {
  assert.deepEqual(parseBenchArgs([]), { packets: 1_000_000, seed: 1, only: undefined, keep: false, json: false, trawlOnly: undefined, trawlFilter: undefined, help: false });
});

test('options', () => {
  const a = parseBenchArgs(['--packets', '20_000', '--seed', '7', '--keep', '--json', '--only', 'open, filters']);
  assert.equal(a.packets, 20000);
  assert.equal(a.seed, 7);
  assert.deepEqual(a.only, ['open', 'filters']);
  assert.equal(a.keep, true);
  assert.equal(a.json, true);
  assert.equal(parseBenchArgs(['--trawl-only', '/x.pcapng']).trawlOnly, '/x.pcapng');
});

test('bad numbers and unknown options are refused', () => {
  assert.throws(() => parseBenchArgs(['--packets', 'lots']), BadRequestError);
  assert.throws(() => parseBenchArgs(['--packets', '10']), /≥ 50/);
  assert.throws(() => parseBenchArgs(['--fast']), /Unknown option/);
});

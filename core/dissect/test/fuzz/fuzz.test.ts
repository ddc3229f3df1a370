/**
 * A small deterministic fuzz run (the long one is `npm run fuzz`): seed packets from a slice of the corpus,
 * truncated at every length and mutated at random; nothing may escape any dissection entry point.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mutations } from './mutate';
import { runFuzz } from './run-fuzz';
import { loadSeeds } from './seeds';

test('mutations replay exactly from their seed', () => {
  const seed = { source: 'x', linkType: 1, bytes: Uint8Array.from({ length: 60 }, (_, i) => i), origlen: 60, lengthFields: [{ offset: 16, length: 2 }] };
  const a = [...mutations(seed, 50, 7)].map((c) => Array.from(c.bytes).join(','));
  const b = [...mutations(seed, 50, 7)].map((c) => Array.from(c.bytes).join(','));
  assert.deepEqual(a, b);
  assert.equal(a.length, 2 * 60 + 50);
  assert.ok(new Set(a.slice(120)).size > 40, 'random cases differ from each other');
});

test('a deterministic fuzz run over corpus packets: no escaping exception', () => {
  const seeds = loadSeeds(2, 200);
  assert.ok(seeds.length >= 30, `enough distinct seed packets (${seeds.length})`);
  const report = runFuzz({ seeds, randomPerSeed: 60, rngSeed: 20261123 });
  console.log(`fuzz: ${report.cases} cases from ${seeds.length} seeds; slowest ${report.slowest[0]?.ms.toFixed(2)} ms (${report.slowest[0]?.source})`);
  assert.ok(report.cases > 15000);
  assert.deepEqual(report.escapes.map((e) => `${e.source} ${e.kind} ${e.error.split('\n')[0]}`), []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeChains } from './merge-chains';
import { G, S } from './test/build';
import { assertPreserves, loadCases } from './test/harness';

test('edges skip empty gotos; a goto into a single-predecessor block absorbs it', () => {
  const g = new G();
  const end = g.retA([S.addK(1)]);
  const hop = g.go([], g.go([], end));
  const top = g.go([S.ldb(0)], g.br([], 'jeq', 1, hop, g.ret(0)));
  const graph = { cfg: g.cfg, entry: g.go([], top) };
  assert.equal(mergeChains.run(graph), true);
  assert.equal(graph.entry, top);
  assert.deepEqual(top.stmts, [S.ldb(0)]);
  assert.ok(top.exit.kind === 'branch' && top.exit.jt === end);
});

test('keeps the meaning of libpcap programs', () => {
  assertPreserves([mergeChains], loadCases());
});

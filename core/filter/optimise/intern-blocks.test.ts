import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reachableBlocks } from '../ir';
import { internBlocks } from './intern-blocks';
import { G, S } from './test/build';
import { assertPreserves, loadCases } from './test/harness';

test('merges equal returns and then equal tails', () => {
  const g = new G();
  const t1 = g.br([S.ldb(23)], 'jeq', 6, g.ret(1), g.ret(0));
  const t2 = g.br([S.ldb(23)], 'jeq', 6, g.ret(1), g.ret(0));
  const top = g.br([S.ldh(12)], 'jeq', 0x800, t1, t2);
  const graph = { cfg: g.cfg, entry: top };
  assert.equal(internBlocks.run(graph), true);
  assert.equal(reachableBlocks(graph.entry).length, 4);
});

test('keeps the meaning of libpcap programs', () => {
  assertPreserves([internBlocks], loadCases());
});

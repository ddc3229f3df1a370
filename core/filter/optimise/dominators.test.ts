import { test } from 'node:test';
import assert from 'node:assert/strict';
import { predecessors, topoOrder } from '../ir';
import { dominators } from './dominators';
import { G, S } from './test/build';

test('a block dominates what every path to it passes, not what one path skips', () => {
  const g = new G();
  const end = g.ret(1);
  const join = g.br([S.ldb(2)], 'jeq', 1, end, g.ret(0));
  const left = g.go([S.ldb(1)], join);
  const top = g.br([S.ldb(0)], 'jeq', 1, left, join);
  const order = topoOrder(top);
  const d = dominators(order, predecessors(top));
  assert.equal(d.dominates(top, join), true);
  assert.equal(d.dominates(left, join), false);
  assert.equal(d.dominates(join, end), true);
  assert.equal(d.dominates(join, join), true);
  assert.deepEqual(d.above(end), [join, top]);
});

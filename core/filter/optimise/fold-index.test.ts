import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deadStores } from './dead-stores';
import { foldIndex } from './fold-index';
import { foldValues } from './fold-values';
import { G, S } from './test/build';
import { assertPreserves, loadCases } from './test/harness';

test('ldxb 4*([14]&0xf); ld #13; add x; tax; ldb [x+14] loads [x+27]', () => {
  const g = new G();
  const b = g.br([S.msh(14), S.ldi(13), S.addX(), S.tax(), S.ldbInd(14)], 'jeq', 2, g.ret(1), g.ret(0));
  const graph = { cfg: g.cfg, entry: b };
  assert.equal(foldIndex.run(graph), true);
  deadStores.run(graph);
  assert.deepEqual(b.stmts, [S.msh(14), S.ldbInd(27)]);
});

test('keeps the tax when X is read otherwise', () => {
  const g = new G();
  const b = g.retA([S.msh(14), S.ldi(13), S.addX(), S.tax(), S.txa()]);
  assert.equal(foldIndex.run({ cfg: g.cfg, entry: b }), false);
});

test('keeps the meaning of libpcap programs', () => {
  assertPreserves([foldValues, foldIndex], loadCases());
});

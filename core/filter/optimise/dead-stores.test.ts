import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deadStores } from './dead-stores';
import { G, S } from './test/build';
import { assertPreserves, loadCases } from './test/harness';

test('removes overwritten and unread atoms, keeps what a successor reads', () => {
  const g = new G();
  const tail = g.retA([S.ldmem(1)]);
  const b = g.br([S.ldi(1), S.st(0), S.ldi(2), S.st(1), S.ldb(3), S.tax()], 'jeq', 0, tail, g.ret(0));
  assert.equal(deadStores.run({ cfg: g.cfg, entry: b }), true);
  assert.deepEqual(b.stmts, [S.ldi(2), S.st(1), S.ldb(3)]);
});

test('keeps the meaning of libpcap programs', () => {
  assertPreserves([deadStores], loadCases());
});

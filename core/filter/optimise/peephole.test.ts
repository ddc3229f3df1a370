import { test } from 'node:test';
import assert from 'node:assert/strict';
import { peephole } from './peephole';
import { G, S } from './test/build';
import { assertPreserves, loadCases } from './test/harness';

test('sub #k; jeq #0 becomes jeq #k', () => {
  const g = new G();
  const b = g.br([S.ldb(0), S.subK(9)], 'jeq', 0, g.ret(1), g.ret(0));
  assert.equal(peephole.run({ cfg: g.cfg, entry: b }), true);
  assert.deepEqual(b.stmts, [S.ldb(0)]);
  assert.equal(b.exit.kind === 'branch' && b.exit.op === 'jeq' && b.exit.k, 9);
});

test('and #k; jeq #0 becomes jset #k with the arms swapped', () => {
  const g = new G();
  const t = g.ret(1);
  const f = g.ret(0);
  const b = g.br([S.ldb(0), S.andK(0x12)], 'jeq', 0, t, f);
  peephole.run({ cfg: g.cfg, entry: b });
  assert.ok(b.exit.kind === 'branch' && b.exit.op === 'jset' && b.exit.k === 0x12 && b.exit.jt === f && b.exit.jf === t);
});

test('leaves the sub when a successor reads A', () => {
  const g = new G();
  const b = g.br([S.ldb(0), S.subK(9)], 'jeq', 0, g.retA(), g.ret(0));
  assert.equal(peephole.run({ cfg: g.cfg, entry: b }), false);
});

test('keeps the meaning of libpcap programs', () => {
  assertPreserves([peephole], loadCases());
});

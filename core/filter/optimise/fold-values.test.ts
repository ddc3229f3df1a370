import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printIr } from '../ir-print';
import { foldValues } from './fold-values';
import { G, S } from './test/build';
import { assertPreserves, loadCases } from './test/harness';

test('drops a reload of a value A already holds, across blocks', () => {
  const g = new G();
  const inner = g.br([S.ldh(12)], 'jeq', 0x86dd, g.ret(1), g.ret(0));
  const top = g.br([S.ldh(12)], 'jeq', 0x800, g.ret(1), inner);
  assert.equal(foldValues.run({ cfg: g.cfg, entry: top }), true);
  assert.deepEqual(inner.stmts, []);
});

test('folds constants through scratch memory and X, and decides constant branches', () => {
  const g = new G();
  const acc = g.ret(1);
  const rej = g.ret(0);
  const b = g.br([S.ldi(2), S.st(0), S.ldxmem(0), S.ldb(5), S.subX()], 'jeq', 0, acc, rej);
  const c = g.br([S.ldi(3), S.addK(4)], 'jeq', 7, acc, rej);
  foldValues.run({ cfg: g.cfg, entry: b });
  foldValues.run({ cfg: g.cfg, entry: c });
  assert.match(printIr(b), /ldx #0x2\n {2}ldb \[5\]\n {2}sub #0x2\n/);
  assert.equal(c.exit.kind === 'branch' && c.exit.jt === acc && c.exit.jf === acc, true);
});

test('an indirect load with a known X becomes absolute', () => {
  const g = new G();
  const b = g.retA([S.ldxi(14), S.ldhInd(2)]);
  foldValues.run({ cfg: g.cfg, entry: b });
  assert.deepEqual(b.stmts[1], S.ldh(16));
});

test('keeps the meaning of libpcap programs', () => {
  assertPreserves([foldValues], loadCases());
});

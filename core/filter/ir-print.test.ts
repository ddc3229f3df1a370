import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printIr, printStmt } from './ir-print';
import { G, S } from './optimise/test/build';

test('prints statements in tcpdump -d mnemonics', () => {
  assert.equal(printStmt(S.ldh(12)), 'ldh [12]');
  assert.equal(printStmt(S.ldbInd(14)), 'ldb [x + 14]');
  assert.equal(printStmt(S.msh(14)), 'ldxb 4*([14]&0xf)');
  assert.equal(printStmt(S.st(1)), 'st M[1]');
  assert.equal(printStmt(S.andK(0x1fff)), 'and #0x1fff');
  assert.equal(printStmt(S.subX()), 'sub x');
  assert.equal(printStmt(S.ldi(13)), 'ld #0xd');
  assert.equal(printStmt(S.tax()), 'tax');
});

test('prints blocks with their exits', () => {
  const g = new G();
  const acc = g.ret(262144);
  const rej = g.ret(0);
  const b = g.br([S.ldh(12)], 'jeq', 0x800, acc, rej);
  const top = g.go([], b);
  assert.equal(printIr(top), `B${top.id}:\n  ja → B${b.id}\nB${b.id}:\n  ldh [12]\n  jeq #0x800 → B${acc.id} / B${rej.id}\nB${acc.id}:\n  ret #262144\nB${rej.id}:\n  ret #0\n`);
});

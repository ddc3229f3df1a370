import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalIr } from './ir-eval';
import { G, S, pkt } from './optimise/test/build';

test('loads, compares and returns like BPF', () => {
  const g = new G();
  const prog = g.br([S.ldh(12)], 'jeq', 0x800, g.ret(96), g.ret(0));
  assert.equal(evalIr(prog, pkt(60, { 12: 8, 13: 0 })), 96);
  assert.equal(evalIr(prog, pkt(60)), 0);
});

test('an out-of-range load rejects; len is the wire length', () => {
  const g = new G();
  assert.equal(evalIr(g.retA([S.ld(58)]), pkt(60)), 0);
  assert.equal(evalIr(g.retA([S.ld(56), S.addK(1)]), pkt(60, { 59: 1 })), 2);
  assert.equal(evalIr(g.retA([{ code: 0x80, k: 0 }]), { data: new Uint8Array(10), wireLen: 1500 }), 1500);
});

test('unsigned arithmetic, division by zero rejects, scratch starts at zero', () => {
  const g = new G();
  assert.equal(evalIr(g.retA([S.ldi(1), S.subK(2)]), pkt(1)), 0xffffffff);
  assert.equal(evalIr(g.retA([S.ldi(7), S.ldxi(0), S.divX()]), pkt(1)), 0);
  assert.equal(evalIr(g.retA([S.ldi(7), S.ldmem(3), S.addK(5)]), pkt(1)), 5);
  assert.equal(evalIr(g.retA([S.msh(0), S.txa()]), pkt(1, { 0: 0x45 })), 20);
  assert.equal(evalIr(g.retA([S.ldxi(2), S.ldbInd(3)]), pkt(6, { 5: 9 })), 9);
  assert.equal(evalIr(g.retA([S.ldi(0x80000000), S.ldxi(0), { code: 0x8c, k: 0 }]), pkt(1)), 0x80000000);
});

test('jset and jgt compare unsigned', () => {
  const g = new G();
  const yes = g.ret(1);
  const no = g.ret(0);
  assert.equal(evalIr(g.br([S.ldi(0xffffffff)], 'jgt', 1, yes, no), pkt(1)), 1);
  assert.equal(evalIr(g.br([S.ldi(6)], 'jset', 1, yes, no), pkt(1)), 0);
});

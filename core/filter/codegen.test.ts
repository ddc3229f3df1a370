import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codegen, layout } from './codegen';
import { Cfg, type Block } from './ir';
import { evalIr } from './ir-eval';
import { liftProgram } from './lift';
import { G, S, pkt } from './optimise/test/build';

test('lays out fall-through true branches and shares equal returns', () => {
  const g = new G();
  const p = g.br([S.ldh(12)], 'jeq', 0x800, g.br([S.ldb(23)], 'jeq', 6, g.ret(1), g.ret(0)), g.ret(0));
  assert.deepEqual(codegen(p), [
    { code: 0x28, jt: 0, jf: 0, k: 12 },
    { code: 0x15, jt: 0, jf: 3, k: 0x800 },
    { code: 0x30, jt: 0, jf: 0, k: 23 },
    { code: 0x15, jt: 0, jf: 1, k: 6 },
    { code: 0x06, jt: 0, jf: 0, k: 1 },
    { code: 0x06, jt: 0, jf: 0, k: 0 },
  ]);
});

test('a goto to the next block emits nothing; elsewhere a ja', () => {
  const g = new G();
  const end = g.retA([S.addK(1)]);
  const p = g.br([S.ldb(0)], 'jeq', 1, g.go([S.addK(5)], end), g.go([], end));
  const code = codegen(p);
  assert.equal(code.filter((i) => i.code === 0x05).length, 1);
  const lifted = liftProgram(code, new Cfg());
  assert.equal(evalIr(lifted, pkt(4, { 0: 1 })), 7);
  assert.equal(evalIr(lifted, pkt(4, { 0: 2 })), 3);
});

test('jumps further than 255 instructions go through ja, and keep their meaning', () => {
  const g = new G();
  const far = g.ret(7);
  let chain: Block = g.ret(0);
  for (let i = 0; i < 300; i++) chain = g.br([S.ldb(1)], 'jeq', i, g.ret(100 + i), chain);
  const top = g.br([S.ldb(0)], 'jeq', 1, chain, far);
  const code = codegen(top);
  assert.ok(code.some((i) => i.code === 0x05), 'a ja was inserted');
  assert.ok(code.every((i) => i.jt <= 255 && i.jf <= 255));
  const lifted = liftProgram(code, new Cfg());
  assert.equal(evalIr(lifted, pkt(4, { 0: 0 })), 7);
  assert.equal(evalIr(lifted, pkt(4, { 0: 1, 1: 5 })), 105);
  assert.equal(evalIr(lifted, pkt(4, { 0: 1, 1: 0 })), 100);
});

test("blocks are laid out as libpcap's convert_code_r: reverse postorder of a walk that takes jf before jt", () => {
  // tcpdump -d 'ip and not ip proto 6': the reject that the first jf reaches comes last.
  const g = new G();
  const acc = g.ret(262144);
  const rej = g.ret(0);
  const p = g.br([S.ldh(12)], 'jeq', 0x800, g.br([S.ldb(23)], 'jeq', 6, rej, acc), rej);
  assert.deepEqual(layout(p), [p, (p.exit as { jt: Block }).jt, acc, rej]);
  assert.deepEqual(codegen(p), [
    { code: 0x28, jt: 0, jf: 0, k: 12 },
    { code: 0x15, jt: 0, jf: 3, k: 0x800 },
    { code: 0x30, jt: 0, jf: 0, k: 23 },
    { code: 0x15, jt: 1, jf: 0, k: 6 },
    { code: 0x06, jt: 0, jf: 0, k: 262144 },
    { code: 0x06, jt: 0, jf: 0, k: 0 },
  ]);
});

test("where libpcap's layout would need a ja for a goto, the compact layout is taken when shorter", () => {
  // libpcap's order puts the accept between the goto and its target; the compact order does not.
  const g = new G();
  const acc = g.ret(1);
  const rej = g.ret(0);
  const go = g.go([S.ldb(0)], rej);
  const p = g.br([S.ldb(2)], 'jeq', 2, g.br([S.ldb(1)], 'jeq', 1, go, acc), rej);
  const order = layout(p);
  assert.equal(order[order.indexOf(go) + 1], acc, 'libpcap order: the goto target is not next');
  const code = codegen(p);
  assert.equal(code.length, 7);
  assert.ok(code.every((i) => i.code !== 0x05), 'no ja');
  const lifted = liftProgram(code, new Cfg());
  assert.equal(evalIr(lifted, pkt(4, { 2: 2, 1: 1 })), 0);
  assert.equal(evalIr(lifted, pkt(4, { 2: 2, 1: 0 })), 1);
  assert.equal(evalIr(lifted, pkt(4, { 2: 0 })), 0);
});

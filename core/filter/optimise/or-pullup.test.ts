import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Block } from '../ir';
import { evalIr } from '../ir-eval';
import { orPullup } from './or-pullup';
import { G, S, pkt } from './test/build';

/** The tests along the false edges from `b`, as "offset=value" (the offset of the block's load, or "-"). */
function chain(b: Block): string[] {
  const out: string[] = [];
  for (let cur = b; cur.exit.kind === 'branch'; cur = cur.exit.jf) {
    out.push(`${cur.stmts.length ? cur.stmts[cur.stmts.length - 1]!.k : '-'}=${cur.exit.k}`);
  }
  return out;
}

/** `port 80 or port 443` over IPv4 as lowering makes it: [x+14]=80, [x+16]=80, [x+14]=443, [x+16]=443. */
function ports(g: G, [a, b, c, d]: [number, number, number, number] = [14, 16, 14, 16]): { top: Block; acc: Block } {
  const acc = g.ret(1);
  const rej = g.ret(0);
  const b4 = g.br([S.ldhInd(d)], 'jeq', 443, acc, rej);
  const b3 = g.br([S.ldhInd(c)], 'jeq', 443, acc, b4);
  const b2 = g.br([S.ldhInd(b)], 'jeq', 80, acc, b3);
  const b1 = g.br([S.msh(14), S.ldhInd(a)], 'jeq', 80, acc, b2);
  return { top: g.br([S.ldh(12)], 'jeq', 0x800, b1, rej), acc };
}

test('port 80 or port 443: the second test of [x+14] moves up beside the first and loses its load', () => {
  const g = new G();
  const { top } = ports(g);
  const packets = [0x50, 0x1bb, 7].flatMap((sp) => [0x50, 0x1bb, 9].map((dp) =>
    pkt(60, { 12: 8, 14: 0x45, 34: sp >> 8, 35: sp & 0xff, 36: dp >> 8, 37: dp & 0xff })));
  const before = packets.map((p) => evalIr(top, p));
  assert.equal(orPullup.run({ cfg: g.cfg, entry: top }), true);
  assert.ok(top.exit.kind === 'branch');
  assert.deepEqual(chain(top.exit.jt), ['14=80', '-=443', '16=80', '16=443']);
  assert.deepEqual(packets.map((p) => evalIr(top, p)), before);
  assert.equal(orPullup.run({ cfg: g.cfg, entry: top }), false);
});

test('as libpcap: a packet cut short after a moved test is decided by it, not rejected by the skipped load', () => {
  const g = new G();
  const { top } = ports(g);
  const cut = pkt(36, { 12: 8, 14: 0x45, 34: 0x01, 35: 0xbb });
  assert.equal(evalIr(top, cut), 0);
  orPullup.run({ cfg: g.cfg, entry: top });
  assert.equal(evalIr(top, cut), 1);
});

test('no test moves above one that is reached from elsewhere too', () => {
  const g = new G();
  const { top } = ports(g);
  assert.ok(top.exit.kind === 'branch');
  const b1 = top.exit.jt;
  assert.ok(b1.exit.kind === 'branch');
  const b2 = b1.exit.jf;
  const other = g.br([S.ldb(0)], 'jeq', 1, b2, g.ret(0));
  const entry = g.br([S.ldb(1)], 'jeq', 1, top, other);
  orPullup.run({ cfg: g.cfg, entry });
  // [x+14]=443 stays below [x+16]=80 (which `other` reaches); [x+16]=443 may join [x+16]=80.
  assert.deepEqual(chain(b1), ['14=80', '16=80', '-=443', '14=443']);
});

test('nothing moves when the later test reads a value the landing place has not loaded', () => {
  // [x+14]=80, [x+16]=80, then "ldh [x+18]; ldh [x+14]; jeq 443": [x+18] was never read above.
  const g = new G();
  const acc = g.ret(1);
  const b3 = g.br([S.ldhInd(18), S.ldhInd(14)], 'jeq', 443, acc, g.ret(0));
  const b2 = g.br([S.ldhInd(16)], 'jeq', 80, acc, b3);
  const b1 = g.br([S.ldhInd(14)], 'jeq', 80, acc, b2);
  const top = g.br([S.msh(14)], 'jge', 0, b1, g.ret(0));
  assert.equal(orPullup.run({ cfg: g.cfg, entry: top }), false);
  assert.deepEqual(chain(b1), ['14=80', '16=80', '14=443']);
});

test('nothing moves when the shared target reads an atom the skipped tests set', () => {
  const g = new G();
  const acc = g.retA([S.ldmem(0)]);
  const b3 = g.br([S.ldhInd(14)], 'jeq', 443, acc, g.ret(0));
  const b2 = g.br([S.ldhInd(16), S.st(0)], 'jeq', 80, acc, b3);
  const b1 = g.br([S.ldhInd(14)], 'jeq', 80, acc, b2);
  const top = g.br([S.msh(14)], 'jge', 0, b1, g.ret(0));
  assert.equal(orPullup.run({ cfg: g.cfg, entry: top }), false);
});

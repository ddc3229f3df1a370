import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Block } from '../ir';
import { evalIr } from '../ir-eval';
import { andPullup } from './and-pullup';
import { orPullup } from './or-pullup';
import { G, S, pkt } from './test/build';

/** The tests along the true edges from `b`, as "offset=value" (the offset of the block's load, or "-"). */
function chain(b: Block): string[] {
  const out: string[] = [];
  for (let cur = b; cur.exit.kind === 'branch'; cur = cur.exit.jt) {
    out.push(`${cur.stmts.length ? cur.stmts[cur.stmts.length - 1]!.k : '-'}=${cur.exit.k}`);
  }
  return out;
}

/** `ip[12:4] > 1 and ip[16:4] > 1 and ip[12:4] > 5 and ip[16:4] > 5`: an and-chain on [26], [30], [26], [30]. */
function ranges(g: G): Block {
  const acc = g.ret(1);
  const rej = g.ret(0);
  const b4 = g.br([S.ld(30)], 'jgt', 5, acc, rej);
  const b3 = g.br([S.ld(26)], 'jgt', 5, b4, rej);
  const b2 = g.br([S.ld(30)], 'jgt', 1, b3, rej);
  const b1 = g.br([S.ld(26)], 'jgt', 1, b2, rej);
  return g.br([S.ldh(12)], 'jeq', 0x800, b1, rej);
}

test('an and-chain gathers the tests of one value: [26], [26], [30], [30]', () => {
  const g = new G();
  const top = ranges(g);
  const packets = [0, 1, 3, 7].flatMap((s) => [0, 2, 9].map((d) => pkt(60, { 12: 8, 29: s, 33: d })));
  const before = packets.map((p) => evalIr(top, p));
  assert.equal(andPullup.run({ cfg: g.cfg, entry: top }), true);
  assert.ok(top.exit.kind === 'branch');
  assert.deepEqual(chain(top.exit.jt), ['26=1', '-=5', '30=1', '30=5']);
  assert.deepEqual(packets.map((p) => evalIr(top, p)), before);
});

test('an or-chain is not an and-chain: and-pullup leaves it', () => {
  const g = new G();
  const acc = g.ret(1);
  const b3 = g.br([S.ld(26)], 'jeq', 2, acc, g.ret(0));
  const b2 = g.br([S.ld(30)], 'jeq', 1, acc, b3);
  const b1 = g.br([S.ld(26)], 'jeq', 1, acc, b2);
  const top = g.br([S.ldh(12)], 'jeq', 0x800, b1, g.ret(0));
  assert.equal(andPullup.run({ cfg: g.cfg, entry: top }), false);
  assert.equal(orPullup.run({ cfg: g.cfg, entry: top }), true);
});

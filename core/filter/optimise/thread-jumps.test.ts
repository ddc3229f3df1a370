import { test } from 'node:test';
import assert from 'node:assert/strict';
import { threadJumps } from './thread-jumps';
import { G, S } from './test/build';
import { assertPreserves, loadCases } from './test/harness';

test('an edge that already decided A == 0x800 jumps past the same test', () => {
  const g = new G();
  const acc = g.ret(1);
  const rej = g.ret(0);
  const ipv4 = g.br([S.ldb(23)], 'jeq', 6, acc, rej);
  const again = g.br([S.ldh(12)], 'jeq', 0x800, ipv4, rej);
  const top = g.br([S.ldh(12)], 'jeq', 0x800, again, rej);
  assert.equal(threadJumps.run({ cfg: g.cfg, entry: top }), true);
  assert.ok(top.exit.kind === 'branch' && top.exit.jt === ipv4);
});

test('A == 0x800 on an edge settles A == 0x86dd as false', () => {
  const g = new G();
  const rej = g.ret(0);
  const v6 = g.br([S.ldh(12)], 'jeq', 0x86dd, g.ret(1), rej);
  const top = g.br([S.ldh(12)], 'jeq', 0x800, v6, rej);
  threadJumps.run({ cfg: g.cfg, entry: top });
  assert.ok(top.exit.kind === 'branch' && top.exit.jt === rej);
});

test('does not skip a block whose statements the target reads', () => {
  const g = new G();
  const rej = g.ret(0);
  const v6 = g.br([S.ldh(12), S.ldb(0)], 'jeq', 0x86dd, g.retA(), rej);
  const top = g.br([S.ldh(12)], 'jeq', 0x800, v6, rej);
  assert.equal(threadJumps.run({ cfg: g.cfg, entry: top }), false);
});

test('skips a chain of settled blocks when a later one redefines what an earlier one loaded', () => {
  // tcp or udp over IPv6: after [20] == 0x2c and [54] != 6, "[20] == 17?" (false) then
  // "[20] == 0x2c?" (true) lead to "ldb [54]; jeq 17", which reloads A itself: the edge goes there.
  const g = new G();
  const acc = g.ret(1);
  const rej = g.ret(0);
  const frag = g.br([S.ldb(54)], 'jeq', 17, acc, rej);
  const isFrag = g.br([], 'jeq', 0x2c, frag, rej);
  const udp6 = g.br([S.ldb(20)], 'jeq', 17, acc, isFrag);
  const tcpFrag = g.br([S.ldb(54)], 'jeq', 6, acc, udp6);
  const top = g.br([S.ldb(20)], 'jeq', 0x2c, tcpFrag, rej);
  assert.equal(threadJumps.run({ cfg: g.cfg, entry: top }), true);
  assert.ok(tcpFrag.exit.kind === 'branch' && tcpFrag.exit.jf === frag);
});

test('keeps the meaning of libpcap programs', () => {
  assertPreserves([threadJumps], loadCases());
});

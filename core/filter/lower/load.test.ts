import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printIr } from '../ir-print';
import type { Encap } from './context';
import { finish } from './frag';
import { bcmp, cmp, loadA, loadXIpHdrLen } from './load';
import { linkSpecFor } from './links/index';
import { createSession } from './session';

const ether = (): { s: ReturnType<typeof createSession>; e: Encap } => {
  const s = createSession({ linkType: 1, snaplen: 262144 });
  return { s, e: linkSpecFor(1).initial(s, 1) };
};

test('loads relative to each header of plain Ethernet', () => {
  const { s, e } = ether();
  assert.deepEqual(loadA(s, e, 'linktype', 0, 2), [{ code: 0x28, k: 12 }]);
  assert.deepEqual(loadA(s, e, 'llc', 2, 1), [{ code: 0x30, k: 16 }]);
  assert.deepEqual(loadA(s, e, 'linkpl', 9, 1), [{ code: 0x30, k: 23 }]);
  assert.deepEqual(loadA(s, e, 'linkpl-nosnap', 0, 1), [{ code: 0x30, k: 17 }]);
  assert.deepEqual(loadA(s, e, 'tran-ipv6', 2, 2), [{ code: 0x28, k: 56 }]);
  // ldxb 4*([14]&0xf); ldh [x + 16]
  assert.deepEqual(loadA(s, e, 'tran-ipv4', 2, 2), [{ code: 0xb1, k: 14 }, { code: 0x48, k: 16 }]);
});

test('a variable payload offset loads X from its slot (gen_loadx_iphdrlen with a variable part)', () => {
  const { s, e } = ether();
  const reg = { name: 'linkpl' };
  const v: Encap = { ...e, offLinkPl: { constant: 0, reg } };
  const slot = s.slotOf(reg);
  assert.deepEqual(loadA(s, v, 'linkpl', 6, 1), [{ code: 0x61, k: slot }, { code: 0x50, k: 6 }]);
  assert.deepEqual(loadXIpHdrLen(s, v).map((x) => x.code), [0x61, 0x50, 0x54, 0x64, 0x0c, 0x07]);
});

test('cmp with a mask, jlt as a reversed jge, and bcmp last word first', () => {
  const { s, e } = ether();
  const m = cmp(s, e, 'linktype', 2, 2, 'jeq', 100, 0x0fff);
  assert.equal(printIr(finish(s.cfg, m, 1)).includes('and #0xfff'), true);
  const lt = cmp(s, e, 'linktype', 0, 2, 'jlt', 0x600);
  assert.equal(lt.entry.exit.kind === 'branch' && lt.entry.exit.op, 'jge');
  assert.deepEqual(lt.t, [{ block: lt.entry, side: 'jf' }]);
  const b = bcmp(s, e, 'linkhdr', 0, new Uint8Array([1, 2, 3, 4, 5, 6]));
  assert.deepEqual(b.entry.stmts, [{ code: 0x20, k: 2 }]);
});

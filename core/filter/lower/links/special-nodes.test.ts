/**
 * Each special-link lowering on hand-built nodes, closed behind its link's prologue, against libpcap
 * (`tcpdump -y LT -ddd` for the same words) over randomised frames of that link type.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { DirQualifier, LlcKind, Mtp3Field, RelOp } from '../../ast';
import type { Encap } from '../context';
import type { Frag } from '../frag';
import type { LinkSpec } from '../link-spec';
import { lowerAtmField, lowerAtmMulti, lowerAtmType } from '../atm';
import { lowerEncapsulation } from '../encap';
import { lowerLlc } from '../llc';
import { lowerMtp2Type, lowerMtp3Field } from '../mtp';
import { lowerPf } from '../pflog';
import { lowerWlanDir, lowerWlanType } from '../wlan';
import { arcnetSpec, lowerArcnetHost } from './arcnet';
import { ieee80211Spec } from './ieee802-11';
import { erfSpec, mtp2Spec } from './mtp';
import { pflogSpec } from './pflog';
import { ppiSpec } from './ppi';
import { avsSpec, prismSpec } from './prism';
import { radiotapSpec } from './radiotap';
import { sunatmSpec } from './sunatm';
import { framesFor, LT_NUM } from './test/frames';
import { libpcap, program, rng, runBpf, runOurs, session } from './test/oracle';

const haveTcpdump = ((): boolean => {
  try { execFileSync('tcpdump', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
})();

type S = ReturnType<typeof session>;
interface Case { lt: string; spec: LinkSpec; expr: string; build: (s: S, e: Encap) => Frag }
const SP = [0, 1] as const;
const MAC = Uint8Array.of(0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc);
const MACS = '12:34:56:78:9a:bc';
const cases: Case[] = [];

const WLAN: [string, LinkSpec][] = [['IEEE802_11', ieee80211Spec], ['IEEE802_11_RADIO', radiotapSpec],
  ['PRISM_HEADER', prismSpec], ['IEEE802_11_RADIO_AVS', avsSpec], ['PPI', ppiSpec]];
const PROTOS: [string, number][] = [['ip', 0x800], ['ip6', 0x86dd], ['arp', 0x806], ['atalk', 0x809b],
  ['ipx', 0xe0], ['netbeui', 0xf0], ['iso', 0xfe], ['stp', 0x42], ['rarp', 0x8035]];
const DIRS: [string, DirQualifier | 'default'][] = [['src', 'src'], ['dst', 'dst'], ['host', 'default'],
  ['src and dst', 'src and dst'], ['src or dst', 'src or dst'], ['addr1', 'addr1'], ['addr2', 'addr2'],
  ['addr3', 'addr3'], ['addr4', 'addr4'], ['ra', 'ra'], ['ta', 'ta']];
for (const [lt, spec] of WLAN) {
  for (const [w, p] of PROTOS) cases.push({ lt, spec, expr: w, build: (s, e) => spec.linkTypeTest(s, e, p) });
  for (const [w, d] of DIRS) cases.push({ lt, spec, expr: `wlan ${w} ${MACS}`, build: (s, e) => spec.linkHost!(s, e, MAC, d) });
  cases.push({ lt, spec, expr: 'ether broadcast', build: (s, e) => spec.linkBroadcast!(s, e) });
  cases.push({ lt, spec, expr: 'ether multicast', build: (s, e) => spec.linkMulticast!(s, e) });
  for (const [w, llc] of [['llc', 'any'], ['llc i', 'i'], ['llc s', 's'], ['llc u', 'u'], ['llc rr', { sSubtype: 0x01 }],
    ['llc ui', { uSubtype: 0x03 }], ['llc sabme', { uSubtype: 0x6f }]] as [string, LlcKind][]) {
    cases.push({ lt, spec, expr: w, build: (s, e) => lowerLlc(s, e, { kind: 'llc', llc, span: SP }) });
  }
  if (lt === 'PPI') continue;
  for (const id of [100, 8]) {
    cases.push({ lt, spec, expr: `vlan ${id}`, build: (s, e) => lowerEncapsulation(s, e, { kind: 'vlan', value: id, span: SP }).frag });
  }
  cases.push({ lt, spec, expr: 'vlan 8 and llc', build: (s, e) => {
    const v = lowerEncapsulation(s, e, { kind: 'vlan', value: 8, span: SP });
    const l = lowerLlc(s, v.encap, { kind: 'llc', llc: 'any', span: SP });
    for (const h of v.frag.t) { const x = h.block.exit; if (x.kind === 'branch') x[h.side] = l.entry; }
    return { entry: v.frag.entry, t: l.t, f: [...v.frag.f, ...l.f] };
  } });
  for (const [w, value, mask] of [['type mgt', 0, 0x0c], ['type data subtype qos-data', 0x88, 0xfc],
    ['subtype beacon', 0x80, 0xfc], ['type ctl subtype 0xd0', 0xd4, 0xfc], ['type 12', 0x0c, 0x0c]] as const) {
    cases.push({ lt, spec, expr: w, build: (s, e) => lowerWlanType(s, e, { kind: 'wlan-type', value, mask, span: SP }) });
  }
  for (const v of [0, 1, 2, 3, 4]) {
    cases.push({ lt, spec, expr: `wlan dir ${v}`, build: (s, e) => lowerWlanDir(s, e, { kind: 'wlan-dir', value: v, span: SP }) });
  }
}

for (const [lt, spec] of [['MTP2', mtp2Spec], ['MTP2_WITH_PHDR', mtp2Spec]] as const) {
  for (const t of ['fisu', 'lssu', 'msu', 'hfisu', 'hlssu', 'hmsu'] as const) {
    cases.push({ lt, spec, expr: t, build: (s, e) => lowerMtp2Type(s, e, { kind: 'mtp2-type', type: t, span: SP }) });
  }
  const tests: [Mtp3Field, RelOp, number[]][] = [['sio', '>', [0xa1]], ['sio', '!=', [5]], ['sio', '=', [73, 74, 75]],
    ['dpc', '=', [0x31d6]], ['dpc', '<', [0x1273]], ['opc', '>=', [0x607]], ['opc', '=', [0x608, 0x609]],
    ['sls', '<=', [4]], ['sls', '=', [3]], ['hsio', '<', [0x41]], ['hdpc', '>', [0x0ab5]], ['hopc', '=', [9000, 10000]],
    ['hsls', '>=', [7]], ['hsls', '!=', [10]], ['opc', '=', [16383]], ['dpc', '=', [0]]];
  for (const [field, op, values] of tests) {
    const expr = values.length > 1 ? `${field} (${values.join(' or ')})` : `${field} ${op} ${values[0]}`;
    cases.push({ lt, spec, expr, build: (s, e) => lowerMtp3Field(s, e, { kind: 'mtp3-field', field, test: { op, values }, span: SP }) });
  }
}

for (const [w, p] of PROTOS) cases.push({ lt: 'SUNATM', spec: sunatmSpec, expr: w, build: (s, e) => sunatmSpec.linkTypeTest(s, e, p) });
for (const t of ['lane', 'metac', 'bcc', 'oamf4ec', 'oamf4sc', 'sc', 'ilmic'] as const) {
  cases.push({ lt: 'SUNATM', spec: sunatmSpec, expr: t, build: (s, e) => lowerAtmType(s, e, { kind: 'atm-type', type: t, span: SP }).frag });
}
for (const t of ['oam', 'oamf4', 'connectmsg', 'metaconnect'] as const) {
  cases.push({ lt: 'SUNATM', spec: sunatmSpec, expr: t, build: (s, e) => lowerAtmMulti(s, e, { kind: 'atm-multi', type: t, span: SP }) });
}
for (const [field, op, values] of [['vpi', '>', [100]], ['vpi', '<', [3]], ['vci', '=', [5]], ['vci', '<=', [20]],
  ['vci', '=', [10, 0xdb, 0x1c0]], ['vpi', '!=', [3]], ['vci', '>=', [65536]]] as const) {
  const expr = values.length > 1 ? `${field} (${values.join(' or ')})` : `${field} ${op} ${values[0]}`;
  cases.push({ lt: 'SUNATM', spec: sunatmSpec, expr,
    build: (s, e) => lowerAtmField(s, e, { kind: 'atm-field', field, test: { op, values: [...values] }, span: SP }) });
}
cases.push({ lt: 'SUNATM', spec: sunatmSpec, expr: 'lane and vpi 5', build: (s, e) => {
  const l = lowerAtmType(s, e, { kind: 'atm-type', type: 'lane', span: SP });
  const v = lowerAtmField(s, l.encap, { kind: 'atm-field', field: 'vpi', test: { op: '=', values: [5] }, span: SP });
  for (const h of l.frag.t) { const x = h.block.exit; if (x.kind === 'branch') x[h.side] = v.entry; }
  return { entry: l.frag.entry, t: v.t, f: [...l.frag.f, ...v.f] };
} });

for (const [w, p] of PROTOS) cases.push({ lt: 'PFLOG', spec: pflogSpec, expr: w, build: (s, e) => pflogSpec.linkTypeTest(s, e, p) });
for (const [expr, field, value] of [['ifname testname1', 'ifname', 'testname1'], ['ifname et', 'ifname', 'et'],
  ['ruleset testruleset2', 'ruleset', 'testruleset2'], ['rnr 0x456789', 'rnr', 0x456789], ['srnr 5', 'srnr', 5],
  ['reason 3', 'reason', 3], ['action nobinat', 'action', 7]] as const) {
  cases.push({ lt: 'PFLOG', spec: pflogSpec, expr, build: (s, e) => lowerPf(s, e, { kind: 'pf', field, value, span: SP }) });
}

for (const lt of ['ARCNET', 'ARCNET_LINUX']) {
  for (const [w, p] of PROTOS) cases.push({ lt, spec: arcnetSpec, expr: w, build: (s, e) => arcnetSpec.linkTypeTest(s, e, p) });
  cases.push({ lt, spec: arcnetSpec, expr: 'ether broadcast', build: (s, e) => arcnetSpec.linkBroadcast!(s, e) });
  cases.push({ lt, spec: arcnetSpec, expr: 'ether multicast', build: (s, e) => arcnetSpec.linkMulticast!(s, e) });
  // pcap_ether_aton("$0e") yields 0xd0: the '$' is taken as a (negative) hex digit.
  for (const [w, d, addr] of [['link host $0e', 'default', 0xd0], ['link src $8c', 'src', 0xd8],
    ['link src and dst $1', 'src and dst', 0xd1], ['link dst $e', 'dst', 0xde]] as const) {
    cases.push({ lt, spec: arcnetSpec, expr: w, build: (s, e) => lowerArcnetHost(s, e, { kind: 'arcnet-host', dir: d, addr, span: SP }) });
  }
}

test('every special-link lowering selects the packets libpcap selects', { skip: !haveTcpdump }, () => {
  const failures: string[] = [];
  const agreeing: Record<string, number> = {};
  for (const c of cases) {
    let theirs = libpcap(c.lt, c.expr);
    // An always-false test is an error only for libpcap's optimiser; compare with the raw program.
    if (typeof theirs === 'string' && theirs.includes('rejects all packets')) theirs = libpcap(c.lt, c.expr, false);
    if (typeof theirs === 'string') { failures.push(`${c.lt} '${c.expr}': libpcap: ${theirs}`); continue; }
    const entry = program(c.spec, LT_NUM[c.lt]!, (s) => c.build(s, c.spec.initial(s, LT_NUM[c.lt]!)));
    const r = rng(0xc0ffee ^ c.expr.length);
    let bad: string | null = null;
    for (let i = 0; i < 1500 && bad === null; i++) {
      const pkt = framesFor(c.lt, r);
      const want = runBpf(theirs, pkt) !== 0;
      if ((runOurs(entry, pkt) !== 0) !== want) bad = `${c.lt} '${c.expr}' on ${Buffer.from(pkt).toString('hex')}: libpcap ${want}`;
    }
    if (bad) failures.push(bad);
    else agreeing[c.lt] = (agreeing[c.lt] ?? 0) + 1;
  }
  console.log('agreeing:', JSON.stringify(agreeing));
  assert.deepEqual(failures, []);
});

test('ERF carries MTP2 fields 20 bytes in', () => {
  const s = session(197);
  const e = erfSpec.initial(s, 197);
  assert.equal(e.link.sio, 23);
  assert.throws(() => erfSpec.linkTypeTest(s, e, 0x800), /ERF link-layer type filtering not implemented/);
});

test('keywords on the wrong link type fail with the user\'s words', () => {
  const s = session(1);
  const e = { ...ieee80211Spec.initial(s, 105), linkType: 1 };
  assert.throws(() => lowerWlanType(s, e, { kind: 'wlan-type', value: 0, mask: 0x0c, span: [3, 9] }),
    (err: { code: string; span: readonly number[] }) => err.code === 'unsupported-on-link-type' && err.span[0] === 3);
  const m = mtp2Spec.initial(s, 140);
  assert.throws(() => lowerMtp3Field(s, m, { kind: 'mtp3-field', field: 'sio', test: { op: '=', values: [256] }, span: [0, 7] }),
    /sio value 256 too big; max value = 255/);
  assert.throws(() => lowerMtp3Field(s, m, { kind: 'mtp3-field', field: 'hdpc', test: { op: '=', values: [16384] }, span: [0, 7] }),
    /dpc value 16384 too big/);
  const p = pflogSpec.initial(s, 117);
  assert.throws(() => lowerPf(s, p, { kind: 'pf', field: 'ifname', value: 'abcdefghijklmnop', span: [0, 3] }), /15 characters/);
  assert.throws(() => lowerAtmField(s, p, { kind: 'atm-field', field: 'vpi', test: { op: '=', values: [1] }, span: [0, 3] }),
    /'vpi' supported only on raw ATM/);
  assert.throws(() => lowerPf(s, m, { kind: 'pf', field: 'rnr', value: 1, span: [0, 3] }), /rnr supported only on PF/);
});

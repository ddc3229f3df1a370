/**
 * Link-layer lowering against libpcap, by verdicts: each case is a tcpdump expression and the same
 * expression built from the lowering functions (threading the Encap left to right as the driver
 * does). libpcap's program comes from `tcpdump -y LINKTYPE -O -ddd EXPR` (unoptimised, so an expression
 * its optimiser proves false still yields a program) and runs on core/bpf's VM; ours is interpreted from the IR. Both run on the shared captures of that link type and on mutations of
 * them (type fields, tags, labels and MACs overwritten), and must accept exactly the same packets.
 * When tcpdump refuses an expression, ours must throw a FilterError.
 */
import { rng } from '../test/rng';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseDdd } from '../../bpf/disasm';
import { createVm } from '../../bpf/vm';
import { FilterError } from '../../errors';
import type { DirQualifier, LlcKind } from '../ast';
import { evalIr } from '../ir-eval';
import { capturesByLinkType } from '../test/corpus';
import { loadPackets, type LoadedPacket } from '../test/packets';
import type { Encap, LowerSession } from './context';
import { lowerEncapsulation } from './encap';
import { and, finish, not, or, type Frag } from './frag';
import { lowerLlc } from './llc';
import { cmp } from './load';
import { linkTypeTest } from './link-type-test';
import { linkSpecFor } from './links/index';
import { createSession } from './session';

type Term = (s: LowerSession, e: Encap) => { frag: Frag; encap: Encap };
const SP = [0, 1] as const;
const P = (proto: number): Term => (s, e) => ({ frag: linkTypeTest(s, e, proto, SP), encap: e });
const K = (kind: 'vlan' | 'mpls' | 'pppoes' | 'geneve' | 'pppoed', value?: number): Term => (s, e) =>
  lowerEncapsulation(s, e, kind === 'pppoed' ? { kind, span: SP } : value === undefined ? { kind, span: SP } : { kind, value, span: SP });
const LLC = (llc: LlcKind): Term => (s, e) => ({ frag: lowerLlc(s, e, { kind: 'llc', llc, span: SP }), encap: e });
const HOST = (mac: Uint8Array, dir: DirQualifier | 'default'): Term => (s, e) => {
  const spec = linkSpecFor(e.linkType);
  if (!spec.linkHost) throw new FilterError('unsupported-on-link-type', 'no link host', SP);
  return { frag: spec.linkHost(s, e, mac, dir, SP), encap: e };
};
const BCAST: Term = (s, e) => {
  const spec = linkSpecFor(e.linkType);
  if (!spec.linkBroadcast) throw new FilterError('unsupported-on-link-type', 'not a broadcast link', SP);
  return { frag: spec.linkBroadcast(s, e, SP), encap: e };
};
const MCAST: Term = (s, e) => {
  const spec = linkSpecFor(e.linkType);
  if (!spec.linkMulticast) throw new FilterError('unsupported-on-link-type', 'no multicast', SP);
  return { frag: spec.linkMulticast(s, e, SP), encap: e };
};
/** `ip[9] = 6` and the like: the protocol test, then a payload comparison. */
const IPB = (proto: number, off: number, v: number): Term => AND(P(proto), (s, e) => ({ frag: cmp(s, e, 'linkpl', off, 1, 'jeq', v), encap: e }));
const AND = (a: Term, b: Term): Term => (s, e) => {
  const l = a(s, e);
  const r = b(s, l.encap);
  return { frag: and(l.frag, r.frag), encap: r.encap };
};
const OR = (a: Term, b: Term): Term => (s, e) => {
  const l = a(s, e);
  const r = b(s, l.encap);
  return { frag: or(l.frag, r.frag), encap: r.encap };
};
const NOT = (a: Term): Term => (s, e) => {
  const o = a(s, e);
  return { frag: not(o.frag), encap: o.encap };
};

const IP = 0x800, IP6 = 0x86dd;
const macText = (m: Uint8Array): string => [...m].map((b) => b.toString(16).padStart(2, '0')).join(':');

/** Cases for a link type; `mac` is an address seen in its captures. */
function cases(mac: Uint8Array): [string, Term][] {
  const m = macText(mac);
  return [
    ['ip', P(IP)], ['ip6', P(IP6)], ['arp', P(0x806)], ['rarp', P(0x8035)], ['ether proto 0x800', P(IP)],
    ['stp', P(0x42)], ['ipx', P(0xe0)], ['netbeui', P(0xf0)], ['iso', P(0xfe)], ['atalk', P(0x809b)],
    ['aarp', P(0x80f3)], ['decnet', P(0x6003)], ['ether proto 100', P(100)], ['ether proto 0x600', P(0x600)],
    [`ether host ${m}`, HOST(mac, 'default')], [`ether src ${m}`, HOST(mac, 'src')], [`ether dst ${m}`, HOST(mac, 'dst')],
    [`ether src and dst ${m}`, HOST(mac, 'src and dst')], ['ether broadcast', BCAST], ['ether multicast', MCAST],
    ['llc', LLC('any')], ['llc i', LLC('i')], ['llc s', LLC('s')], ['llc u', LLC('u')], ['llc rr', LLC({ sSubtype: 0x01 })],
    ['llc ui', LLC({ uSubtype: 0x03 })],
    ['vlan', K('vlan')], ['vlan 100', K('vlan', 100)], ['vlan and ip', AND(K('vlan'), P(IP))],
    ['vlan 1 and vlan 2 and ip[9] = 6', AND(AND(K('vlan', 1), K('vlan', 2)), IPB(IP, 9, 6))],
    ['vlan and ipx', AND(K('vlan'), P(0xe0))], ['not vlan and ip', AND(NOT(K('vlan')), P(IP))],
    ['vlan or ip', OR(K('vlan'), P(IP))],
    ['mpls', K('mpls')], ['mpls 100 and mpls 200', AND(K('mpls', 100), K('mpls', 200))],
    ['mpls and ip', AND(K('mpls'), P(IP))], ['mpls and mpls and ip6', AND(AND(K('mpls'), K('mpls')), P(IP6))],
    ['vlan and mpls and ip', AND(AND(K('vlan'), K('mpls')), P(IP))],
    ['pppoed', K('pppoed')], ['pppoes', K('pppoes')], ['pppoes 0x27 and ip', AND(K('pppoes', 0x27), P(IP))],
    ['pppoes and ip6', AND(K('pppoes'), P(IP6))], ['pppoes and mpls and ip', AND(AND(K('pppoes'), K('mpls')), P(IP))],
    ['geneve', K('geneve')], ['geneve and ip', AND(K('geneve'), P(IP))], ['geneve 5', K('geneve', 5)],
    [`geneve and ether src ${m}`, AND(K('geneve'), HOST(mac, 'src'))], ['geneve and vlan and ip6', AND(AND(K('geneve'), K('vlan')), P(IP6))],
    ['geneve and geneve and ip', AND(AND(K('geneve'), K('geneve')), P(IP))], ['geneve and ip[9] = 17', AND(K('geneve'), IPB(IP, 9, 17))],
  ];
}

const LINKS: [name: string, lt: number, macAt: number][] = [
  ['EN10MB', 1, 6], ['LINUX_SLL', 113, -1], ['LINUX_SLL2', 276, -1], ['RAW', 101, -1], ['NULL', 0, -1],
  ['LOOP', 108, -1], ['PPP', 9, -1], ['FDDI', 10, 7], ['IEEE802', 6, 8], ['C_HDLC', 104, -1], ['PPP_SERIAL', 50, -1],
  ['SLIP', 8, -1], ['IPV4', 228, -1], ['IPV6', 229, -1], ['IPNET', 226, -1],
];

/** libpcap's program, or its error message. */
function tcpdump(name: string, expr: string): ReturnType<typeof createVm> | string {
  const r = spawnSync('tcpdump', ['-y', name, '-O', '-ddd', '--', expr], { encoding: 'utf8' });
  if (r.status !== 0) return r.stderr.trim();
  return createVm(parseDdd(r.stdout));
}

const INTERESTING16 = [0x8100, 0x88a8, 0x9100, 0x8847, 0x8863, 0x8864, 0x0800, 0x86dd, 0x0806, 0x05dc, 0x05dd, 0xaaaa,
  0xffff, 0x17c1, 0x6558, 0x0021, 0x0057, 0x0281, 0x0004, 0x0001, 0x4242, 0xe0e0, 0xfefe, 0xf0f0, 0x0064, 0x00c8, 0x0027, 0x8137];

const hex = (h: string): number[] => (h.replace(/\s+/g, '').match(/../g) ?? []).map((b) => parseInt(b, 16));
const ETH = hex('c20229980001 0050569c0001');
const IPV4_UDP_GENEVE = (inner: number[]): number[] => [
  ...hex('4500 0000 0000 0000 4011 0000 0a000001 0a000002'), ...hex('1234 17c1 0000 0000'),
  // Geneve: no options, protocol Transparent Ethernet Bridging, VNI 5.
  ...hex('0000 6558 000005 00'), ...inner,
];
const IPV4_TCP = hex('4500 0028 0000 0000 4006 0000 0a000001 0a000002 0050 1234 00000000 00000000 5000 0000 0000 0000');
const IPV6_UDP = [...hex('6000 0000 0008 1140'), ...new Array<number>(32).fill(1), ...hex('1234 0035 0008 0000')];

/** Hand-built Ethernet frames for the encapsulations the captures have few of. */
const SYNTHETIC_EN10MB: number[][] = [
  [...ETH, ...hex('8100 0064 8100 0002 0800'), ...IPV4_TCP],
  [...ETH, ...hex('88a8 0001 8100 0002 0800'), ...IPV4_TCP],
  [...ETH, ...hex('9100 0001 0800'), ...IPV4_TCP],
  [...ETH, ...hex('8847 000640ff 000c81ff'), ...IPV4_TCP],
  [...ETH, ...hex('8847 00064040 000c8140'), ...IPV6_UDP],
  [...ETH, ...hex('8100 0064 8847 00064140'), ...IPV4_TCP],
  [...ETH, ...hex('8864 1100 0027 0020 0021'), ...IPV4_TCP],
  [...ETH, ...hex('8864 1100 0027 0020 0057'), ...IPV6_UDP],
  [...ETH, ...hex('8864 1100 0027 0020 0281 00064140'), ...IPV4_TCP],
  [...ETH, ...hex('0800'), ...IPV4_UDP_GENEVE([...ETH, ...hex('8100 0007 86dd'), ...IPV6_UDP])],
  [...ETH, ...hex('0800'), ...IPV4_UDP_GENEVE([...ETH, ...hex('0800'), ...IPV4_UDP_GENEVE([...ETH, ...hex('0800'), ...IPV4_TCP])])],
  [...ETH, ...hex('0026 e0e0 03'), ...new Array<number>(30).fill(0)],
  [...ETH, ...hex('0026 aaaa 03 000000 8137'), ...new Array<number>(30).fill(0)],
  [...ETH, ...hex('8100 0005 0026 aaaa 03 000000 8137'), ...new Array<number>(30).fill(0)],
];

/** Real packets of the link type plus mutations that exercise type fields and encapsulations. */
function packetsFor(lt: number, files: readonly string[], mac: Uint8Array | null, macAt: number): LoadedPacket[] {
  const base: LoadedPacket[] = lt !== 1 ? [] : SYNTHETIC_EN10MB.map((b) => ({ data: new Uint8Array(b), wireLength: b.length, linkType: 1 }));
  // Captures with encapsulations and LLC first, so the sample is not all plain IPv4.
  const rich = /vlan|mpls|pppoe|geneve|llc|stp|ipx|isis|decnet|aarp|erspan|qinq|802|netbios|cdp|lldp/i;
  const ordered = [...files.filter((f) => rich.test(f)), ...files.filter((f) => !rich.test(f))];
  for (const f of ordered) {
    for (const p of loadPackets(f).packets) if (p.linkType === lt && base.length < 1500) base.push(p);
  }
  const rand = rng(lt + 1);
  const out = [...base];
  for (const p of base.slice(0, 400)) {
    for (let k = 0; k < 6; k++) {
      const d = new Uint8Array(p.data);
      const n = 1 + Math.floor(rand() * 3);
      for (let i = 0; i < n && d.length > 2; i++) {
        const off = Math.floor(rand() * Math.min(d.length - 1, 80));
        const v = INTERESTING16[Math.floor(rand() * INTERESTING16.length)]!;
        if (rand() < 0.75) {
          d[off] = v >> 8;
          d[off + 1] = v & 0xff;
        } else d[off] = rand() < 0.5 ? 0x40 | (d[off]! & 0xf) : Math.floor(rand() * 256);
      }
      if (mac && macAt >= 0 && rand() < 0.3 && d.length > macAt + 6) d.set(mac, rand() < 0.5 ? macAt : macAt - 6);
      out.push({ ...p, data: d });
    }
  }
  return out;
}

const haveTcpdump = spawnSync('tcpdump', ['--version']).status === 0;
const byLt = capturesByLinkType();

for (const [name, lt, macAt] of LINKS) {
  const files = byLt.get(lt) ?? [];
  test(`${name}: link-layer lowering selects the packets libpcap selects`, { skip: !haveTcpdump && 'tcpdump not installed' }, () => {
    const sample = files.length > 0 && existsSync(files[0]!) ? loadPackets(files[0]!).packets[0] : undefined;
    const mac = macAt >= 0 && sample && sample.data.length >= macAt + 6 ? sample.data.slice(macAt, macAt + 6) : new Uint8Array([0, 1, 2, 3, 4, 5]);
    const packets = packetsFor(lt, files, mac, macAt);
    let compared = 0;
    for (const [expr, build] of cases(mac)) {
      const theirs = tcpdump(name, expr);
      const s = createSession({ linkType: lt, snaplen: 262144 });
      let ours: ReturnType<typeof finish> | FilterError;
      try {
        ours = finish(s.cfg, build(s, linkSpecFor(lt).initial(s, lt)).frag, 262144);
      } catch (err) {
        if (!(err instanceof FilterError)) throw err;
        ours = err;
      }
      if (typeof theirs === 'string') {
        assert.ok(ours instanceof FilterError, `${name} '${expr}': libpcap says "${theirs}", Trawl compiled it`);
        continue;
      }
      assert.ok(!(ours instanceof FilterError), `${name} '${expr}': libpcap compiles it, Trawl says ${(ours as FilterError).message}`);
      for (const [i, p] of packets.entries()) {
        const want = theirs(p.data, p.wireLength);
        const got = evalIr(ours, { data: p.data, wireLen: p.wireLength });
        if (want !== got) {
          const hex = Buffer.from(p.data.subarray(0, 64)).toString('hex');
          assert.fail(`${name} '${expr}' packet ${i}: libpcap ${want}, Trawl ${got}; bytes ${hex}`);
        }
      }
      compared++;
      if (process.env.TRAWL_LINK_TEST_STATS) {
        const hits = packets.filter((p) => theirs(p.data, p.wireLength) !== 0).length;
        console.log(`${name}\t${expr}\t${hits}/${packets.length}`);
      }
    }
    assert.ok(compared > 0);
  });
}

test('the tcpdump oracle is the expected libpcap', { skip: !haveTcpdump && 'tcpdump not installed' }, () => {
  assert.match(execFileSync('tcpdump', ['--version'], { encoding: 'utf8' }), /libpcap version 1\.10/);
});

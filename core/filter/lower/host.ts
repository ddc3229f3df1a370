/**
 * Network-layer address tests: gencode.c's gen_host / gen_hostop (IPv4 over ip, arp and rarp),
 * gen_host6 / gen_hostop6 (IPv6) and gen_dnhostop (DECnet). The checker has already refused the
 * qualifiers libpcap refuses, so these only emit code, in libpcap's order of tests.
 */
import { FilterError } from '../../errors';
import type { CheckedPrimitive, DirQualifier } from '../ast';
import type { Span } from '../span';
import type { Encap, LowerSession } from './context';
import { and, or, type Frag } from './frag';
import { linkTypeTest } from './link-type-test';
import { ETHERTYPE } from './links/llc-sap';
import { cmp } from './load';

type Host4Node = Extract<CheckedPrimitive, { kind: 'host4' }>;
type Host6Node = Extract<CheckedPrimitive, { kind: 'host6' }>;
type HostAnyNode = Extract<CheckedPrimitive, { kind: 'host-any' }>;
type DecnetNode = Extract<CheckedPrimitive, { kind: 'decnet-host' }>;
type Dir = DirQualifier | 'default';

/** Source and destination address offsets in the network header, by protocol (gen_host). */
const V4_LAYOUT = {
  ip: { ethertype: ETHERTYPE.IP, src: 12, dst: 16 },
  arp: { ethertype: ETHERTYPE.ARP, src: 14, dst: 24 },
  rarp: { ethertype: ETHERTYPE.REVARP, src: 14, dst: 24 },
} as const;

/** gen_hostop's direction switch: one test per side, and/or-ed; `one(offset)` builds a side. */
function byDirection(dir: Dir, src: number, dst: number, one: (offset: number) => Frag, span: Span): Frag {
  switch (dir) {
    case 'src':
      return one(src);
    case 'dst':
      return one(dst);
    case 'src and dst':
      return and(one(src), one(dst));
    case 'default':
    case 'src or dst':
      return or(one(src), one(dst));
    default:
      throw new FilterError('bad-qualifier', `'${dir}' is not a valid qualifier for network addresses`, span);
  }
}

function hostop4(s: LowerSession, e: Encap, addr: number, mask: number, dir: Dir, proto: keyof typeof V4_LAYOUT, span: Span): Frag {
  const l = V4_LAYOUT[proto];
  return byDirection(dir, l.src, l.dst, (off) =>
    and(linkTypeTest(s, e, l.ethertype, span), cmp(s, e, 'linkpl', off, 4, 'jeq', addr, mask, span)), span);
}

/**
 * gen_host for one address/mask; the default protocol is ip, then arp, then rarp — ip alone inside
 * MPLS, where only IPv4/IPv6 can be recognised under the label stack.
 */
function host4One(s: LowerSession, e: Encap, addr: number, mask: number, proto: Host4Node['proto'], dir: Dir, span: Span): Frag {
  if (proto !== 'default') return hostop4(s, e, addr, mask, dir, proto, span);
  const ip = hostop4(s, e, addr, mask, dir, 'ip', span);
  if (e.labelStackDepth > 0) return ip;
  const arp = hostop4(s, e, addr, mask, dir, 'arp', span);
  const rarp = hostop4(s, e, addr, mask, dir, 'rarp', span);
  return or(or(ip, arp), rarp);
}

function anyOf(frags: Frag[], span: Span): Frag {
  const [first, ...rest] = frags;
  if (first === undefined) throw new FilterError('internal', 'internal: an address test with no addresses', span);
  return rest.reduce((acc, f) => or(acc, f), first);
}

export function lowerHost4(s: LowerSession, e: Encap, node: Host4Node): Frag {
  return anyOf(node.nets.map((n) => host4One(s, e, n.addr >>> 0, n.mask >>> 0, node.proto, node.dir, node.span)), node.span);
}

const word = (b: Uint8Array, i: number): number => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;

/**
 * gen_hostop6: the EtherType, then the four address words in order. A word whose mask is zero
 * tests nothing; libpcap's optimiser removes it, so it is not emitted.
 */
function hostop6(s: LowerSession, e: Encap, addr: Uint8Array, prefixLength: number, dir: Dir, span: Span): Frag {
  const mask = new Uint8Array(16);
  for (let i = 0; i < 16; i++) mask[i] = (0xff << (8 - Math.max(0, Math.min(8, prefixLength - i * 8)))) & 0xff;
  return byDirection(dir, 8, 24, (off) => {
    let f = linkTypeTest(s, e, ETHERTYPE.IPV6, span);
    for (let w = 0; w < 4; w++) {
      const m = word(mask, w * 4);
      if (m === 0) continue;
      f = and(f, cmp(s, e, 'linkpl', off + w * 4, 4, 'jeq', (word(addr, w * 4) & m) >>> 0, m, span));
    }
    return f;
  }, span);
}

export function lowerHost6(s: LowerSession, e: Encap, node: Host6Node): Frag {
  return anyOf(node.nets.map((n) => hostop6(s, e, n.addr, n.prefixLength, node.dir, node.span)), node.span);
}

/** A name with IPv4 and IPv6 addresses: the or of every address's test, IPv4 first. */
export function lowerHostAny(s: LowerSession, e: Encap, node: HostAnyNode): Frag {
  const v4 = node.v4.map((a) => host4One(s, e, a >>> 0, 0xffffffff, node.proto === 'ip6' ? 'default' : node.proto, node.dir, node.span));
  const v6 = node.v6.map((a) => hostop6(s, e, a, 128, node.dir, node.span));
  const frags = node.proto === 'ip' || node.proto === 'arp' || node.proto === 'rarp' ? v4 : node.proto === 'ip6' ? v6 : [...v4, ...v6];
  return anyOf(frags, node.span);
}

const swap16 = (v: number): number => ((v & 0xff) << 8) | ((v >> 8) & 0xff);

/**
 * gen_dnhostop: the DECnet routing header, with or without a pad byte, long or short form; the
 * address is stored little-endian. libpcap tests (pad 0, short), (pad 1, short), (pad 0, long),
 * (pad 1, long), after the EtherType.
 */
function dnhostop(s: LowerSession, e: Encap, addr: number, offsets: { sh: number; lh: number }, span: Span): Frag {
  const a = swap16(addr & 0xffff);
  const side = (flagSize: 1 | 2, flag: number, flagMask: number, at: number): Frag =>
    and(cmp(s, e, 'linkpl', 2, flagSize, 'jeq', flag, flagMask, span), cmp(s, e, 'linkpl', at, 2, 'jeq', a, undefined, span));
  const pad0Short = side(1, 0x02, 0x07, 2 + offsets.sh);
  const pad1Short = side(2, 0x8102, 0xff07, 2 + 1 + offsets.sh);
  const pad0Long = side(1, 0x06, 0x07, 2 + offsets.lh);
  const pad1Long = side(2, 0x8106, 0xff07, 2 + 1 + offsets.lh);
  return or(pad0Short, or(pad1Short, or(pad0Long, pad1Long)));
}

export function lowerDecnetHost(s: LowerSession, e: Encap, node: DecnetNode): Frag {
  const src = { sh: 3, lh: 15 };
  const dst = { sh: 1, lh: 7 };
  const one = (o: { sh: number; lh: number }): Frag => dnhostop(s, e, node.addr, o, node.span);
  const body = ((): Frag => {
    switch (node.dir) {
      case 'src': return one(src);
      case 'dst': return one(dst);
      case 'src and dst': return and(one(src), one(dst));
      case 'default':
      case 'src or dst': return or(one(src), one(dst));
      default: throw new FilterError('bad-qualifier', `'${node.dir}' is not a valid qualifier for DECnet addresses`, node.span);
    }
  })();
  return and(linkTypeTest(s, e, ETHERTYPE.DN, node.span), body);
}

/**
 * Port tests: gencode.c's gen_port / gen_portop / gen_portrange (IPv4: protocol, not a later
 * fragment, then the port at the transport header after a variable-length IPv4 header) and
 * gen_port6 / gen_portop6 / gen_portrange6 (IPv6: next header, then the port after a fixed 40-byte
 * header — extension headers are not walked, as in libpcap). libpcap tests IPv6 first, and for an
 * unqualified port sctp, then tcp, then udp.
 */
import { FilterError } from '../../errors';
import type { CheckedPrimitive } from '../ast';
import type { Span } from '../span';
import type { Encap, LowerSession } from './context';
import { and, not, or, test, type Frag } from './frag';
import { linkTypeTest } from './link-type-test';
import { ETHERTYPE } from './links/llc-sap';
import { cmp, loadA } from './load';
import { IPPROTO } from './proto';

type PortNode = Extract<CheckedPrimitive, { kind: 'port' }>;

/** gen_ipfrag: the IPv4 fragment offset is zero (a first fragment or no fragment). */
export function ipNotLaterFragment(s: LowerSession, e: Encap, span?: Span): Frag {
  return not(test(s.cfg, loadA(s, e, 'linkpl', 6, 2, span), 'jset', 0x1fff, span));
}

/** One port field (offset 0 = source, 2 = destination) equal to, or within, the node's ports. */
function atom(s: LowerSession, e: Encap, rel: 'tran-ipv4' | 'tran-ipv6', off: number, node: PortNode): Frag {
  if (!node.range) return cmp(s, e, rel, off, 2, 'jeq', node.lo, undefined, node.span);
  const lo = Math.min(node.lo, node.hi);
  const hi = Math.max(node.lo, node.hi);
  return and(cmp(s, e, rel, off, 2, 'jge', lo, undefined, node.span), cmp(s, e, rel, off, 2, 'jle', hi, undefined, node.span));
}

function ports(s: LowerSession, e: Encap, rel: 'tran-ipv4' | 'tran-ipv6', node: PortNode): Frag {
  switch (node.dir) {
    case 'src': return atom(s, e, rel, 0, node);
    case 'dst': return atom(s, e, rel, 2, node);
    case 'src and dst': return and(atom(s, e, rel, 0, node), atom(s, e, rel, 2, node));
    case 'default':
    case 'src or dst': return or(atom(s, e, rel, 0, node), atom(s, e, rel, 2, node));
    default: throw new FilterError('bad-qualifier', `'${node.dir}' is not a valid qualifier for ports`, node.span);
  }
}

const PROTOS = { sctp: IPPROTO.SCTP, tcp: IPPROTO.TCP, udp: IPPROTO.UDP } as const;
/** Which transport protocols a node tests, in libpcap's order. */
const protosOf = (node: PortNode): readonly (keyof typeof PROTOS)[] => (node.proto === 'default' ? ['sctp', 'tcp', 'udp'] : [node.proto]);

function anyProto(node: PortNode, one: (p: number) => Frag): Frag {
  const frags = protosOf(node).map((p) => one(PROTOS[p]));
  return frags.slice(1).reduce((acc, f) => or(acc, f), frags[0]!);
}

function port4(s: LowerSession, e: Encap, node: PortNode): Frag {
  const body = anyProto(node, (p) =>
    and(and(cmp(s, e, 'linkpl', 9, 1, 'jeq', p, undefined, node.span), ipNotLaterFragment(s, e, node.span)), ports(s, e, 'tran-ipv4', node)));
  return and(linkTypeTest(s, e, ETHERTYPE.IP, node.span), body);
}

function port6(s: LowerSession, e: Encap, node: PortNode): Frag {
  const body = anyProto(node, (p) => and(cmp(s, e, 'linkpl', 6, 1, 'jeq', p, undefined, node.span), ports(s, e, 'tran-ipv6', node)));
  return and(linkTypeTest(s, e, ETHERTYPE.IPV6, node.span), body);
}

export function lowerPort(s: LowerSession, e: Encap, node: PortNode): Frag {
  return or(port6(s, e, node), port4(s, e, node));
}

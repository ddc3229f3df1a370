/**
 * Protocol tests: gencode.c's gen_proto_abbrev (a pname alone: `tcp`, `ip6`, `l1`), gen_proto
 * (`ip proto N`, `ip6 proto N`, `ether proto N`, `proto N`, `iso proto N`, `isis proto N`) and
 * gen_protochain (the IPv6 extension-header walk).
 */
import { FilterError } from '../../errors';
import type { CheckedPrimitive, ProtoQualifier } from '../ast';
import type { Span } from '../span';
import type { Encap, LowerSession } from './context';
import { and, or, type Frag } from './frag';
import { linkTypeTest } from './link-type-test';
import { ETHERTYPE, LLCSAP } from './links/llc-sap';
import { cmp } from './load';

export { lowerProtochain } from './protochain';

type ProtoNode = Extract<CheckedPrimitive, { kind: 'proto' }>;
type AbbrevNode = Extract<CheckedPrimitive, { kind: 'proto-abbrev' }>;

export const IPPROTO = {
  ICMP: 1, IGMP: 2, TCP: 6, IGRP: 9, UDP: 17, FRAGMENT: 44, ESP: 50, AH: 51, ICMPV6: 58, PIM: 103, VRRP: 112,
  CARP: 112, SCTP: 132,
} as const;

/** OSI network-layer protocol ids (NLPIDs) and IS-IS PDU types (libpcap's nlpid.h). */
const ISO = { CLNP: 0x81, ESIS: 0x82, ISIS: 0x83 } as const;
const ISIS_PDU = {
  L1_LAN_IIH: 15, L2_LAN_IIH: 16, PTP_IIH: 17, L1_LSP: 18, L2_LSP: 20, L1_CSNP: 24, L2_CSNP: 25, L1_PSNP: 26, L2_PSNP: 27,
} as const;

/** `ip proto v`: the EtherType and the IPv4 protocol field. */
function ipProto(s: LowerSession, e: Encap, v: number, span: Span): Frag {
  return and(linkTypeTest(s, e, ETHERTYPE.IP, span), cmp(s, e, 'linkpl', 9, 1, 'jeq', v, undefined, span));
}

/** `ip6 proto v`: the next header, or the one after a fragment header (libpcap 1.10). */
function ip6Proto(s: LowerSession, e: Encap, v: number, span: Span): Frag {
  const direct = cmp(s, e, 'linkpl', 6, 1, 'jeq', v, undefined, span);
  const afterFrag = and(cmp(s, e, 'linkpl', 6, 1, 'jeq', IPPROTO.FRAGMENT, undefined, span), cmp(s, e, 'linkpl', 40, 1, 'jeq', v, undefined, span));
  return and(linkTypeTest(s, e, ETHERTYPE.IPV6, span), or(direct, afterFrag));
}

/** gen_proto(v, Q_ISO): the NLPID after an ISO LLC header (on Frame Relay, after the UI control byte). */
function isoProto(s: LowerSession, e: Encap, v: number, span: Span): Frag {
  if (e.linkType === LT_FRELAY) return cmp(s, e, 'linkhdr', 2, 2, 'jeq', (0x03 << 8) | v, undefined, span);
  return and(linkTypeTest(s, e, LLCSAP.ISONS, span), cmp(s, e, 'linkpl-nosnap', 0, 1, 'jeq', v, undefined, span));
}

/** LINKTYPE_FRELAY. */
const LT_FRELAY = 107;

function isisProto(s: LowerSession, e: Encap, v: number, span: Span): Frag {
  return and(isoProto(s, e, ISO.ISIS, span), cmp(s, e, 'linkpl-nosnap', 4, 1, 'jeq', v, undefined, span));
}

/** gen_proto for a checked `proto` node. */
export function lowerProto(s: LowerSession, e: Encap, node: ProtoNode): Frag {
  return protoUnder(s, e, node.under, node.value, node.span);
}

function protoUnder(s: LowerSession, e: Encap, under: ProtoNode['under'], v: number, span: Span): Frag {
  switch (under) {
    case 'default':
      return or(ipProto(s, e, v, span), ip6Proto(s, e, v, span));
    case 'link':
      return linkTypeTest(s, e, v, span);
    case 'ip':
      return ipProto(s, e, v, span);
    case 'ip6':
      return ip6Proto(s, e, v, span);
    case 'iso':
      return isoProto(s, e, v, span);
    case 'isis':
      return isisProto(s, e, v, span);
    default:
      throw new FilterError('bad-qualifier', `'${under} proto' is not supported`, span);
  }
}

/** Or of IS-IS PDU types, in libpcap's order (each new test goes in front). */
function isisAnyOf(s: LowerSession, e: Encap, types: readonly number[], span: Span): Frag {
  const [a, b, ...rest] = types;
  let acc = or(isisProto(s, e, a!, span), isisProto(s, e, b!, span));
  for (const t of rest) acc = or(isisProto(s, e, t, span), acc);
  return acc;
}

/** gen_proto_abbrev: a protocol name alone. */
export function lowerProtoAbbrev(s: LowerSession, e: Encap, node: AbbrevNode): Frag {
  return protoAbbrev(s, e, node.proto, node.span);
}

export function protoAbbrev(s: LowerSession, e: Encap, p: ProtoQualifier, span: Span): Frag {
  const lt = (v: number): Frag => linkTypeTest(s, e, v, span);
  switch (p) {
    case 'sctp': return protoUnder(s, e, 'default', IPPROTO.SCTP, span);
    case 'tcp': return protoUnder(s, e, 'default', IPPROTO.TCP, span);
    case 'udp': return protoUnder(s, e, 'default', IPPROTO.UDP, span);
    case 'icmp': return ipProto(s, e, IPPROTO.ICMP, span);
    case 'igmp': return ipProto(s, e, IPPROTO.IGMP, span);
    case 'igrp': return ipProto(s, e, IPPROTO.IGRP, span);
    case 'pim': return protoUnder(s, e, 'default', IPPROTO.PIM, span);
    case 'vrrp': return ipProto(s, e, IPPROTO.VRRP, span);
    case 'carp': return ipProto(s, e, IPPROTO.CARP, span);
    case 'ip': return lt(ETHERTYPE.IP);
    case 'arp': return lt(ETHERTYPE.ARP);
    case 'rarp': return lt(ETHERTYPE.REVARP);
    case 'link': throw new FilterError('bad-qualifier', "link layer applied in wrong context: write 'ether proto N', 'ether host …' or link[…]", span);
    case 'ip6': return lt(ETHERTYPE.IPV6);
    case 'icmp6': return ip6Proto(s, e, IPPROTO.ICMPV6, span);
    case 'ah': return protoUnder(s, e, 'default', IPPROTO.AH, span);
    case 'esp': return protoUnder(s, e, 'default', IPPROTO.ESP, span);
    case 'atalk': return lt(ETHERTYPE.ATALK);
    case 'aarp': return lt(ETHERTYPE.AARP);
    case 'decnet': return lt(ETHERTYPE.DN);
    case 'sca': return lt(0x6007);
    case 'lat': return lt(0x6004);
    case 'mopdl': return lt(0x6001);
    case 'moprc': return lt(0x6002);
    case 'iso': return lt(LLCSAP.ISONS);
    case 'esis': return isoProto(s, e, ISO.ESIS, span);
    case 'isis': return isoProto(s, e, ISO.ISIS, span);
    case 'l1': return isisAnyOf(s, e, [ISIS_PDU.L1_LAN_IIH, ISIS_PDU.PTP_IIH, ISIS_PDU.L1_LSP, ISIS_PDU.L1_CSNP, ISIS_PDU.L1_PSNP], span);
    case 'l2': return isisAnyOf(s, e, [ISIS_PDU.L2_LAN_IIH, ISIS_PDU.PTP_IIH, ISIS_PDU.L2_LSP, ISIS_PDU.L2_CSNP, ISIS_PDU.L2_PSNP], span);
    case 'iih': return isisAnyOf(s, e, [ISIS_PDU.L1_LAN_IIH, ISIS_PDU.L2_LAN_IIH, ISIS_PDU.PTP_IIH], span);
    case 'lsp': return isisAnyOf(s, e, [ISIS_PDU.L1_LSP, ISIS_PDU.L2_LSP], span);
    case 'snp': return isisAnyOf(s, e, [ISIS_PDU.L1_CSNP, ISIS_PDU.L2_CSNP, ISIS_PDU.L1_PSNP, ISIS_PDU.L2_PSNP], span);
    case 'csnp': return isisAnyOf(s, e, [ISIS_PDU.L1_CSNP, ISIS_PDU.L2_CSNP], span);
    case 'psnp': return isisAnyOf(s, e, [ISIS_PDU.L1_PSNP, ISIS_PDU.L2_PSNP], span);
    case 'clnp': return isoProto(s, e, ISO.CLNP, span);
    case 'stp': return lt(LLCSAP.STP_8021D);
    case 'ipx': return lt(LLCSAP.IPX);
    case 'netbeui': return lt(LLCSAP.NETBEUI);
    case 'radio': throw new FilterError('bad-qualifier', "'radio' is not a valid protocol type: use radio[…] on a radiotap, AVS or Prism capture", span);
  }
}

/**
 * ARCnet: LINKTYPE_ARCNET_BSD (protocol id at 2, payload at 6) and LINKTYPE_ARCNET_LINUX (at 4 and 8);
 * both begin with the one-byte source then destination address (libpcap gen_ahostop: "src comes
 * first"). Protocol tests compare the ARCnet protocol id (RFC 1201 and the older RFC 1051 ids);
 * broadcast and multicast are both "destination 0".
 */
import { fixedEncap } from './fixed';
import type { CheckedPrimitive, DirQualifier } from '../../ast';
import type { Span } from '../../span';
import type { Encap, LowerSession } from '../context';
import { and, constant, or, type Frag } from '../frag';
import type { LinkSpec } from '../link-spec';
import { cmpEq, LINKTYPE, unsupportedOnLink } from './ncmp';

/** arcnet.h protocol ids. */
const ARCTYPE = { IP_OLD: 240, ARP_OLD: 241, IP: 212, ARP: 213, REVARP: 214, ATALK: 221, INET6: 0xc4 } as const;
const ETHERTYPE = { IP: 0x0800, ARP: 0x0806, REVARP: 0x8035, ATALK: 0x809b, IPV6: 0x86dd } as const;

function arcnetInitial(linkType: number): Encap {
  const linux = linkType === LINKTYPE.ARCNET_LINUX;
  return fixedEncap(linkType, { linkType: linux ? 4 : 2, linkPl: linux ? 8 : 6, nl: 0, nlNoSnap: 0 });
}

export function arcnetLinkTypeTest(s: LowerSession, e: Encap, proto: number, span?: Span): Frag {
  const id = (v: number): Frag => cmpEq(s, e, 'linktype', 0, 1, v, span);
  switch (proto) {
    case ETHERTYPE.IPV6: return id(ARCTYPE.INET6);
    case ETHERTYPE.IP: return or(id(ARCTYPE.IP), id(ARCTYPE.IP_OLD));
    case ETHERTYPE.ARP: return or(id(ARCTYPE.ARP), id(ARCTYPE.ARP_OLD));
    case ETHERTYPE.REVARP: return id(ARCTYPE.REVARP);
    case ETHERTYPE.ATALK: return id(ARCTYPE.ATALK);
    default: return constant(s.cfg, false, span);
  }
}

/** gen_ahostop: the one-byte ARCnet address as source (byte 0) and/or destination (byte 1). */
export function arcnetHostOp(s: LowerSession, e: Encap, addr: number, dir: DirQualifier | 'default', span: Span): Frag {
  switch (dir) {
    case 'src': return cmpEq(s, e, 'linkhdr', 0, 1, addr & 0xff, span);
    case 'dst': return cmpEq(s, e, 'linkhdr', 1, 1, addr & 0xff, span);
    case 'src and dst': {
      const b0 = arcnetHostOp(s, e, addr, 'src', span);
      return and(b0, arcnetHostOp(s, e, addr, 'dst', span));
    }
    case 'default':
    case 'src or dst': {
      const b0 = arcnetHostOp(s, e, addr, 'src', span);
      return or(b0, arcnetHostOp(s, e, addr, 'dst', span));
    }
    default:
      throw unsupportedOnLink(`'${dir}' is only supported on 802.11`, span);
  }
}

const isArcnet = (lt: number): boolean => lt === LINKTYPE.ARCNET_BSD || lt === LINKTYPE.ARCNET_LINUX;

/** `link host $xx` (checked `arcnet-host`): an error on other link types, as libpcap's gen_acode. */
export function lowerArcnetHost(s: LowerSession, e: Encap,
  node: Extract<CheckedPrimitive, { kind: 'arcnet-host' }>): Frag {
  if (!isArcnet(e.linkType)) throw unsupportedOnLink('aid supported only on ARCnet', node.span);
  return arcnetHostOp(s, e, node.addr, node.dir, node.span);
}

const dstZero = (s: LowerSession, e: Encap, span?: Span): Frag => cmpEq(s, e, 'linkhdr', 1, 1, 0, span);

export const arcnetSpec: LinkSpec = {
  linkTypes: [LINKTYPE.ARCNET_BSD, LINKTYPE.ARCNET_LINUX],
  initial: (_s, lt) => arcnetInitial(lt),
  linkTypeTest: arcnetLinkTypeTest,
  linkBroadcast: dstZero,
  linkMulticast: dstZero,
};

/**
 * BSD loopback (NULL: a 4-byte AF_ value in the capturing host's byte order) and OpenBSD loopback
 * (LOOP: network byte order), and Solaris ipnet. For NULL, libpcap compiling for a dead handle on a
 * little-endian host (every host Trawl runs on) compares with htonl(AF): 0x02000000 for AF_INET.
 * IPv6 is the compiling host's AF_INET6, 10 on Linux (libpcap 1.10 does not test the BSD values
 * 24/28/30 here, so neither does Trawl: the verdicts must be libpcap's).
 */
import type { Span } from '../../span';
import type { Encap, LowerSession } from '../context';
import { constant, type Frag } from '../frag';
import type { LinkSpec } from '../link-spec';
import { cmp } from '../load';
import { fixedEncap } from './fixed';
import { LT } from './link-types';
import { ETHERTYPE } from './llc-sap';

const AF_INET = 2;
const AF_INET6 = 10;

const byteSwap32 = (v: number): number =>
  (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;

function loopbackLinkType(hostOrder: boolean) {
  const af = (s: LowerSession, e: Encap, v: number, span?: Span): Frag =>
    cmp(s, e, 'linkhdr', 0, 4, 'jeq', hostOrder ? byteSwap32(v) : v, undefined, span);
  return (s: LowerSession, e: Encap, proto: number, span?: Span): Frag => {
    switch (proto) {
      case ETHERTYPE.IP:
        return af(s, e, AF_INET, span);
      case ETHERTYPE.IPV6:
        return af(s, e, AF_INET6, span);
      default:
        return constant(s.cfg, false, span);
    }
  };
}

export const nullSpec: LinkSpec = {
  linkTypes: [LT.NULL],
  initial: (_s, lt) => fixedEncap(lt, { linkType: 0, linkPl: 4, nl: 0, nlNoSnap: 0 }),
  linkTypeTest: loopbackLinkType(true),
};

export const loopSpec: LinkSpec = {
  linkTypes: [LT.LOOP],
  initial: (_s, lt) => fixedEncap(lt, { linkType: 0, linkPl: 4, nl: 0, nlNoSnap: 0 }),
  linkTypeTest: loopbackLinkType(false),
};

/** Solaris ipnet: a 24-byte header whose family byte (at 1) is IPH_AF_INET 2 / IPH_AF_INET6 26. */
export const ipnetSpec: LinkSpec = {
  linkTypes: [LT.IPNET],
  initial: (_s, lt) => fixedEncap(lt, { linkType: 1, linkPl: 24, nl: 0, nlNoSnap: 0 }),
  linkTypeTest: (s, e, proto, span) => {
    if (proto === ETHERTYPE.IP) return cmp(s, e, 'linktype', 0, 1, 'jeq', 2, undefined, span);
    if (proto === ETHERTYPE.IPV6) return cmp(s, e, 'linktype', 0, 1, 'jeq', 26, undefined, span);
    return constant(s.cfg, false, span);
  },
};

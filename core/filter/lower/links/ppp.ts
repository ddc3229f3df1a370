/**
 * PPP in its framings (PPP, pppd's, PPP over serial/HDLC, PPPoE payload, BSD/OS PPP) and Cisco HDLC.
 * PPP's protocol field takes PPP numbers (gencode.c ethertype_to_ppptype); Cisco HDLC's takes
 * EtherTypes, with OSI as 0xfefe. `pppoes` switches to the PPP spec for what follows it.
 */
import type { Span } from '../../span';
import type { Encap, LowerSession } from '../context';
import { or, type Frag } from '../frag';
import type { LinkSpec } from '../link-spec';
import { cmp } from '../load';
import { fixedEncap } from './fixed';
import { LT } from './link-types';
import { ETHERTYPE, LLCSAP } from './llc-sap';

export const PPP_PROTO = {
  IP: 0x0021, OSI: 0x0023, NS: 0x0025, DECNET: 0x0027, APPLE: 0x0029, IPX: 0x002b, VJC: 0x002d,
  VJNC: 0x002f, BRPDU: 0x0031, IPV6: 0x0057, MPLS_UCAST: 0x0281,
} as const;

const TO_PPP: ReadonlyMap<number, number> = new Map([
  [ETHERTYPE.IP, PPP_PROTO.IP],
  [ETHERTYPE.IPV6, PPP_PROTO.IPV6],
  [ETHERTYPE.DN, PPP_PROTO.DECNET],
  [ETHERTYPE.ATALK, PPP_PROTO.APPLE],
  [ETHERTYPE.NS, PPP_PROTO.NS],
  [LLCSAP.ISONS, PPP_PROTO.OSI],
  // libpcap assumes bridging PDUs over PPP are spanning tree.
  [LLCSAP.STP_8021D, PPP_PROTO.BRPDU],
  [LLCSAP.IPX, PPP_PROTO.IPX],
]);

/** ethertype_to_ppptype: values without a PPP equivalent pass through unchanged. */
export const etherTypeToPpp = (proto: number): number => TO_PPP.get(proto) ?? proto;

const typeIs = (s: LowerSession, e: Encap, v: number, span?: Span): Frag => cmp(s, e, 'linktype', 0, 2, 'jeq', v, undefined, span);

export const pppLinkType = (s: LowerSession, e: Encap, proto: number, span?: Span): Frag =>
  typeIs(s, e, etherTypeToPpp(proto), span);

export const pppSpec: LinkSpec = {
  linkTypes: [LT.PPP, LT.PPP_PPPD, LT.PPP_SERIAL],
  initial: (_s, lt) => fixedEncap(lt, { linkType: 2, linkPl: 4, nl: 0, nlNoSnap: 0 }),
  linkTypeTest: pppLinkType,
};

/** PPPoE payload with the Ethernet and PPPoE headers stripped except the last 6 bytes: type at 6. */
export const pppEtherSpec: LinkSpec = {
  linkTypes: [LT.PPP_ETHER],
  initial: (_s, lt) => fixedEncap(lt, { linkType: 6, linkPl: 8, nl: 0, nlNoSnap: 0 }),
  linkTypeTest: pppLinkType,
};

/** BSD/OS PPP: a 24-byte header with the protocol at 5; IPv4 also matches the two Van Jacobson forms. */
export const pppBsdosSpec: LinkSpec = {
  linkTypes: [LT.PPP_BSDOS],
  initial: (_s, lt) => fixedEncap(lt, { linkType: 5, linkPl: 24, nl: 0, nlNoSnap: 0 }),
  linkTypeTest: (s, e, proto, span) => {
    if (proto !== ETHERTYPE.IP) return pppLinkType(s, e, proto, span);
    return or(typeIs(s, e, PPP_PROTO.IP, span), or(typeIs(s, e, PPP_PROTO.VJC, span), typeIs(s, e, PPP_PROTO.VJNC, span)));
  },
};

export const cHdlcSpec: LinkSpec = {
  linkTypes: [LT.C_HDLC],
  initial: (_s, lt) => fixedEncap(lt, { linkType: 2, linkPl: 4, nl: 0, nlNoSnap: 0 }),
  linkTypeTest: (s, e, proto, span) => typeIs(s, e, proto === LLCSAP.ISONS ? (proto << 8) | proto : proto, span),
};

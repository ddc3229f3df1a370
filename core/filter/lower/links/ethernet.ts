/**
 * Ethernet (EN10MB) and the netANALYZER pseudo-header variants: gen_ether_linktype, including the
 * 802.3 length field with 802.2 LLC and SNAP, and the ATM LANE check (gen_prevlinkhdr_check) when
 * this Ethernet header sits inside SunATM LANE.
 */
import type { Span } from '../../span';
import type { Encap, LowerSession } from '../context';
import { and, not, or, type Frag } from '../frag';
import type { LinkSpec } from '../link-spec';
import { cmp, snap } from '../load';
import { fixedEncap } from './fixed';
import { LT } from './link-types';
import { ETHERMTU, ETHERTYPE, LLCSAP } from './llc-sap';
import { macBroadcast, macGroup, macHost, type MacLayout } from './mac-host';

const MAC: MacLayout = { src: 6, dst: 0 };

/** 802.3: the type/length field holds a length (≤ 1500), so an LLC header follows. */
const isLength = (s: LowerSession, e: Encap, span?: Span): Frag =>
  not(cmp(s, e, 'linktype', 0, 2, 'jgt', ETHERMTU, undefined, span));

/**
 * gen_prevlinkhdr_check: inside SunATM LANE, not an LE Control packet; null when there is nothing
 * to check (plain Ethernet, or inside Geneve).
 */
export function prevLinkHdrCheck(s: LowerSession, e: Encap, span?: Span): Frag | null {
  if (e.isGeneve || e.prevLinkType !== LT.SUNATM) return null;
  return not(cmp(s, e, 'prevlinkhdr', 4, 2, 'jeq', 0xff00, undefined, span));
}

const withPrevCheck = (s: LowerSession, e: Encap, b: Frag, span?: Span): Frag => {
  const check = prevLinkHdrCheck(s, e, span);
  return check === null ? b : and(check, b);
};

/** gen_ether_linktype. */
export function etherLinkType(s: LowerSession, e: Encap, proto: number, span?: Span): Frag {
  switch (proto) {
    case LLCSAP.ISONS:
    case LLCSAP.IP:
    case LLCSAP.NETBEUI:
      // OSI and NetBEUI always use 802.2: check DSAP and SSAP.
      return and(isLength(s, e, span), cmp(s, e, 'llc', 0, 2, 'jeq', (proto << 8) | proto, undefined, span));
    case LLCSAP.IPX: {
      // Ethernet_II (0x8137), Ethernet_802.3 (0xffff), Ethernet_802.2 (SAP 0xe0), Ethernet_SNAP.
      let b1 = or(cmp(s, e, 'llc', 0, 1, 'jeq', LLCSAP.IPX, undefined, span), cmp(s, e, 'llc', 0, 2, 'jeq', 0xffff, undefined, span));
      b1 = or(snap(s, e, 0x000000, ETHERTYPE.IPX, span), b1);
      b1 = and(isLength(s, e, span), b1);
      return or(cmp(s, e, 'linktype', 0, 2, 'jeq', ETHERTYPE.IPX, undefined, span), b1);
    }
    case ETHERTYPE.ATALK:
    case ETHERTYPE.AARP: {
      const b0 = isLength(s, e, span);
      const b1 = proto === ETHERTYPE.ATALK
        ? snap(s, e, 0x080007, ETHERTYPE.ATALK, span)
        : snap(s, e, 0x000000, ETHERTYPE.AARP, span);
      return or(cmp(s, e, 'linktype', 0, 2, 'jeq', proto, undefined, span), and(b0, b1));
    }
    default:
      if (proto <= ETHERMTU) {
        // An LLC SAP: 802.3 with the DSAP given.
        return and(isLength(s, e, span), cmp(s, e, 'linktype', 2, 1, 'jeq', proto, undefined, span));
      }
      return cmp(s, e, 'linktype', 0, 2, 'jeq', proto, undefined, span);
  }
}

function ethernetSpec(linkTypes: readonly number[], initial: (linkType: number) => Encap): LinkSpec {
  const spec: LinkSpec = {
    linkTypes,
    initial: (_s, linkType) => initial(linkType),
    linkTypeTest: (s, e, proto, span) => withPrevCheck(s, e, etherLinkType(s, e, proto, span), span),
    linkHost: (s, e, mac, dir, span) => withPrevCheck(s, e, macHost(s, e, MAC, mac, dir, span), span),
    linkBroadcast: (s, e, span) => withPrevCheck(s, e, macBroadcast(s, e, MAC, span), span),
    linkMulticast: (s, e, span) => withPrevCheck(s, e, macGroup(s, e, MAC, span), span),
  };
  return spec;
}

/** gen_llc on Ethernet: an 802.3 length, and DSAP/SSAP not 0xffff (NetWare over raw 802.3). */
const etherLlc = (s: LowerSession, e: Encap, span?: Span): Frag =>
  and(isLength(s, e, span), not(cmp(s, e, 'llc', 0, 2, 'jeq', 0xffff, undefined, span)));

export const ethernetSpecs: readonly LinkSpec[] = [
  // libpcap's gen_llc knows plain Ethernet only, not the netANALYZER variants.
  { ...ethernetSpec([LT.EN10MB], (lt) => fixedEncap(lt, { linkType: 12, linkPl: 14, nl: 0, nlNoSnap: 3 })), llc: etherLlc },
  // netANALYZER: a 4-byte pseudo-header; "transparent" adds preamble and SFD (8 more).
  ethernetSpec([LT.NETANALYZER], (lt) => fixedEncap(lt, { linkHdr: 4, linkType: 16, linkPl: 18, nl: 0, nlNoSnap: 3 })),
  ethernetSpec([LT.NETANALYZER_TRANSPARENT], (lt) =>
    fixedEncap(lt, { linkHdr: 12, linkType: 24, linkPl: 26, nl: 0, nlNoSnap: 3 })),
];


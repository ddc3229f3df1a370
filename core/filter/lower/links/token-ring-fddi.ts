/**
 * FDDI, IEEE 802.5 token ring and RFC 1483 LLC-encapsulated ATM: the payload always starts with an
 * 802.2 LLC header (gen_llc_linktype), so `llc` is always true. FDDI and token ring have MAC
 * addresses (gen_fhostop, gen_thostop); libpcap's FDDI pad (pcap_fddipad) is 0 on every platform
 * Trawl reads captures from.
 */
import { fixedEncap } from './fixed';
import type { LinkSpec } from '../link-spec';
import { LT } from './link-types';
import { alwaysLlc, llcLinkType } from './llc-sap';
import { macBroadcast, macGroup, macHost, type MacLayout } from './mac-host';

function macLlcSpec(linkType: number, layout: MacLayout, linkPl: number): LinkSpec {
  return {
    linkTypes: [linkType],
    // The "type field" is the EtherType inside a SNAP header: payload + 6.
    initial: (_s, lt) => fixedEncap(lt, { linkType: linkPl + 6, linkPl, nl: 8, nlNoSnap: 3 }),
    linkTypeTest: llcLinkType,
    linkHost: (s, e, mac, dir, span) => macHost(s, e, layout, mac, dir, span),
    linkBroadcast: (s, e, span) => macBroadcast(s, e, layout, span),
    linkMulticast: (s, e, span) => macGroup(s, e, layout, span),
    llc: alwaysLlc,
  };
}

/** FDDI: frame control, then destination and source. */
export const fddiSpec = macLlcSpec(LT.FDDI, { dst: 1, src: 7 }, 13);
/** Token ring: access control, frame control, then destination and source. */
export const tokenRingSpec = macLlcSpec(LT.IEEE802, { dst: 2, src: 8 }, 14);

/** RFC 1483 LLC/SNAP-encapsulated ATM: the LLC header is the packet. */
export const atmRfc1483Spec: LinkSpec = {
  linkTypes: [LT.ATM_RFC1483],
  initial: (_s, lt) => fixedEncap(lt, { linkType: 6, linkPl: 0, nl: 8, nlNoSnap: 3 }),
  linkTypeTest: llcLinkType,
  llc: alwaysLlc,
};

/** Linux Classical IP over ATM: laid out as RFC 1483, but libpcap's gen_llc does not accept it. */
export const atmClipSpec: LinkSpec = {
  linkTypes: [LT.ATM_CLIP],
  initial: atmRfc1483Spec.initial,
  linkTypeTest: llcLinkType,
};

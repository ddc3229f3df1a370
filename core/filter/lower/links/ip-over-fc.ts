/**
 * LINKTYPE_IP_OVER_FC (RFC 2625 IP over Fibre Channel): a 16-byte network header — destination
 * address at 2 and source at 10, each a 6-byte MAC-like address after its 2-byte NAA prefix — then
 * an 802.2 LLC/SNAP header. There is no type field: libpcap takes the EtherType from the SNAP header
 * (gen_llc_linktype, as on FDDI) and tests addresses with gen_ipfchostop. Unlike FDDI, `llc` and
 * `vlan` are not accepted here.
 */
import type { LinkSpec } from '../link-spec';
import { fixedEncap } from './fixed';
import { LT } from './link-types';
import { llcLinkType } from './llc-sap';
import { macBroadcast, macGroup, macHost, type MacLayout } from './mac-host';

/** gen_ipfchostop's offsets; its 802.11-only error reads "only supported on 802.11". */
const IPFC: MacLayout = { dst: 2, src: 10, wlanOnly: 'plain' };

export const ipOverFcSpec: LinkSpec = {
  linkTypes: [LT.IP_OVER_FC],
  // libpcap points off_linktype at the LLC header (16) and leaves the EtherType test to the SNAP header.
  initial: (_s, lt) => fixedEncap(lt, { linkType: 16, linkPl: 16, nl: 8, nlNoSnap: 3 }),
  linkTypeTest: llcLinkType,
  linkHost: (s, e, mac, dir, span) => macHost(s, e, IPFC, mac, dir, span),
  linkBroadcast: (s, e, span) => macBroadcast(s, e, IPFC, span),
  linkMulticast: (s, e, span) => macGroup(s, e, IPFC, span),
};

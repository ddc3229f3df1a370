/**
 * LINKTYPE_SUNATM: AAL5 PDUs behind SunATM's 4-byte pseudo-header (flags/protocol nibble at 0, VPI
 * at 1, VCI at 2). Without `lane`, protocol tests mean LLC-encapsulated traffic (protocol nibble 2)
 * with an 802.2 header at 4. `lane` (atm.ts) switches to LANE-encapsulated Ethernet; Ethernet's own
 * tests must then also require "not an LE control frame" — `prevLinkHdrCheck` below, which the
 * Ethernet LinkSpec calls for its linkTypeTest, broadcast and multicast (libpcap gen_prevlinkhdr_check).
 */
import { fixedEncap } from './fixed';
import type { Span } from '../../span';
import type { Encap, LowerSession } from '../context';
import { and, type Frag } from '../frag';
import type { LinkSpec } from '../link-spec';
import { llcLinkType } from './llc-sap';
import { LINKTYPE, ncmp, NO_LINK_OFFSETS } from './ncmp';

/** sunatmpos.h */
export const SUNATM = { PROTO_POS: 0, VPI_POS: 1, VCI_POS: 2, PKT_BEGIN_POS: 4 } as const;
/** Protocol nibble values (PT_LANE, PT_LLC). */
export const PT_LANE = 0x01;
export const PT_LLC = 0x02;

function sunatmInitial(linkType: number): Encap {
  const payload = SUNATM.PKT_BEGIN_POS;
  return fixedEncap(linkType, {
    linkType: payload,
    linkPl: payload,
    nl: 8,
    nlNoSnap: 3,
    link: { ...NO_LINK_OFFSETS, vpi: SUNATM.VPI_POS, vci: SUNATM.VCI_POS, proto: SUNATM.PROTO_POS, payload },
  });
}

/** gen_atmfield_code(A_PROTOTYPE): the pseudo-header's protocol nibble. */
export function atmProtoTest(s: LowerSession, e: Encap, value: number, span?: Span): Frag {
  return ncmp(s, e, 'linkhdr', e.link.proto!, 1, 0x0f, 'jeq', false, value, span);
}

/** gen_linktype on SunATM: LLC-encapsulated and the LLC header carries `proto`. */
export function sunatmLinkTypeTest(s: LowerSession, e: Encap, proto: number, span?: Span): Frag {
  const b0 = atmProtoTest(s, e, PT_LLC, span);
  return and(b0, llcLinkType(s, e, proto, span));
}

export const sunatmSpec: LinkSpec = {
  linkTypes: [LINKTYPE.SUNATM],
  initial: (_s, lt) => sunatmInitial(lt),
  linkTypeTest: sunatmLinkTypeTest,
};

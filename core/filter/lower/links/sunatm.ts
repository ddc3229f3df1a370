/**
 * LINKTYPE_SUNATM: AAL5 PDUs behind SunATM's 4-byte pseudo-header (flags/protocol nibble at 0, VPI
 * at 1, VCI at 2). Without `lane`, protocol tests mean LLC-encapsulated traffic (protocol nibble 2)
 * with an 802.2 header at 4. `lane` (atm.ts) switches to LANE-encapsulated Ethernet; Ethernet's own
 * tests must then also require "not an LE control frame" — `prevLinkHdrCheck` below, which the
 * Ethernet LinkSpec calls for its linkTypeTest, broadcast and multicast (libpcap gen_prevlinkhdr_check).
 */
import type { Span } from '../../span';
import type { Encap, LowerSession } from '../context';
import { and, not, type Frag } from '../frag';
import type { LinkSpec } from '../link-spec';
import { llcLinkType } from './llc-sap';
import { cmpEq, LINKTYPE, ncmp, NO_LINK_OFFSETS } from './ncmp';

/** sunatmpos.h */
export const SUNATM = { PROTO_POS: 0, VPI_POS: 1, VCI_POS: 2, PKT_BEGIN_POS: 4 } as const;
/** Protocol nibble values (PT_LANE, PT_LLC). */
export const PT_LANE = 0x01;
export const PT_LLC = 0x02;

function sunatmInitial(linkType: number): Encap {
  const payload = SUNATM.PKT_BEGIN_POS;
  return {
    linkType,
    outermostLinkType: linkType,
    offLinkHdr: { constant: 0, reg: null },
    offPrevLinkHdr: null,
    prevLinkType: null,
    offLinkType: { constant: payload, reg: null },
    offLinkPl: { constant: payload, reg: null },
    offNl: 8,
    offNlNoSnap: 3,
    labelStackDepth: 0,
    isGeneve: false,
    link: { ...NO_LINK_OFFSETS, vpi: SUNATM.VPI_POS, vci: SUNATM.VCI_POS, proto: SUNATM.PROTO_POS, payload },
  };
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

/**
 * gen_prevlinkhdr_check: after `lane`, Ethernet tests also require that the LANE frame is data,
 * not an LE control frame (0xff00 marker). Null when the encapsulation is not LANE inside SunATM.
 */
export function prevLinkHdrCheck(s: LowerSession, e: Encap, span?: Span): Frag | null {
  if (e.prevLinkType !== LINKTYPE.SUNATM || e.isGeneve) return null;
  return not(cmpEq(s, e, 'prevlinkhdr', SUNATM.PKT_BEGIN_POS, 2, 0xff00, span));
}

export const sunatmSpec: LinkSpec = {
  linkTypes: [LINKTYPE.SUNATM],
  initial: (_s, lt) => sunatmInitial(lt),
  linkTypeTest: sunatmLinkTypeTest,
};

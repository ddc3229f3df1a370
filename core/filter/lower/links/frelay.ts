/**
 * LINKTYPE_FRELAY: Frame Relay with a 2-byte address (DLCI and flags), then Q.933 UI control (0x03)
 * and an NLPID (RFC 2427). libpcap's gen_linktype recognises only the NLPIDs of IPv4, IPv6 and the
 * OSI protocols (CLNP, ES-IS, IS-IS) and takes the payload to start at the frame's first byte (its
 * layout assumes no longer address); `iso proto N` tests the NLPID directly (proto.ts).
 */
import type { Span } from '../../span';
import type { Encap, LowerSession } from '../context';
import { constant, or, type Frag } from '../frag';
import type { LinkSpec } from '../link-spec';
import { cmp } from '../load';
import { fixedEncap } from './fixed';
import { LT } from './link-types';
import { ETHERTYPE, LLCSAP } from './llc-sap';

/** NLPIDs (libpcap's nlpid.h). */
const NLPID = { IP: 0xcc, IP6: 0x8e, CLNP: 0x81, ESIS: 0x82, ISIS: 0x83 } as const;
const UI = 0x03;

function frelayLinkType(s: LowerSession, e: Encap, proto: number, span?: Span): Frag {
  const nlpid = (id: number): Frag => cmp(s, e, 'linkhdr', 2, 2, 'jeq', (UI << 8) | id, undefined, span);
  switch (proto) {
    case ETHERTYPE.IP: return nlpid(NLPID.IP);
    case ETHERTYPE.IPV6: return nlpid(NLPID.IP6);
    case LLCSAP.ISONS: {
      const clnp = nlpid(NLPID.CLNP);
      return or(clnp, or(nlpid(NLPID.ESIS), nlpid(NLPID.ISIS)));
    }
    default: return constant(s.cfg, false, span);
  }
}

export const frelaySpec: LinkSpec = {
  linkTypes: [LT.FRELAY],
  initial: (_s, lt) => fixedEncap(lt, { linkType: null, linkPl: 0, nl: 0, nlNoSnap: 0 }),
  linkTypeTest: frelayLinkType,
};

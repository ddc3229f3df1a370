/**
 * Linux "cooked" captures, v1 (LINUX_SLL: 16-byte header, protocol at 14) and v2 (LINUX_SLL2:
 * 20-byte header, protocol first). v1 compiles gen_linux_sll_linktype (802.2 and 802.3 frames carry
 * the pseudo-protocols LINUX_SLL_P_802_2 / _802_3); libpcap 1.10 compiles v2 as a plain type field.
 * Neither has link-layer addresses libpcap will test.
 */
import type { Span } from '../../span';
import type { Encap, LowerSession } from '../context';
import { and, or, type Frag } from '../frag';
import type { LinkSpec } from '../link-spec';
import { cmp, snap } from '../load';
import { fixedEncap } from './fixed';
import { LT } from './link-types';
import { ETHERMTU, ETHERTYPE, LLCSAP } from './llc-sap';

/** Linux's ETH_P_802_3 and ETH_P_802_2 in sll_protocol. */
const SLL_P_802_3 = 0x0001;
const SLL_P_802_2 = 0x0004;

const typeIs = (s: LowerSession, e: Encap, v: number, span?: Span): Frag => cmp(s, e, 'linktype', 0, 2, 'jeq', v, undefined, span);

/** gen_linux_sll_linktype. */
export function sllLinkType(s: LowerSession, e: Encap, proto: number, span?: Span): Frag {
  switch (proto) {
    case LLCSAP.ISONS:
    case LLCSAP.IP:
    case LLCSAP.NETBEUI:
      return and(typeIs(s, e, SLL_P_802_2, span), cmp(s, e, 'linkpl', 0, 2, 'jeq', (proto << 8) | proto, undefined, span));
    case LLCSAP.IPX: {
      let b1 = or(cmp(s, e, 'llc', 0, 1, 'jeq', LLCSAP.IPX, undefined, span), snap(s, e, 0x000000, ETHERTYPE.IPX, span));
      b1 = and(typeIs(s, e, SLL_P_802_2, span), b1);
      b1 = or(typeIs(s, e, SLL_P_802_3, span), b1);
      return or(typeIs(s, e, ETHERTYPE.IPX, span), b1);
    }
    case ETHERTYPE.ATALK:
    case ETHERTYPE.AARP: {
      const b1 = proto === ETHERTYPE.ATALK
        ? snap(s, e, 0x080007, ETHERTYPE.ATALK, span)
        : snap(s, e, 0x000000, ETHERTYPE.AARP, span);
      return or(typeIs(s, e, proto, span), and(typeIs(s, e, SLL_P_802_2, span), b1));
    }
    default:
      if (proto <= ETHERMTU) {
        // An LLC SAP: an 802.2 frame whose DSAP is `proto` (libpcap reads it at the payload's constant offset).
        return and(
          typeIs(s, e, SLL_P_802_2, span),
          cmp(s, e, 'linkhdr', e.offLinkPl.constant, 1, 'jeq', proto, undefined, span),
        );
      }
      return typeIs(s, e, proto, span);
  }
}

export const sllSpec: LinkSpec = {
  linkTypes: [LT.LINUX_SLL],
  initial: (_s, lt) => fixedEncap(lt, { linkType: 14, linkPl: 16, nl: 0, nlNoSnap: 0 }),
  linkTypeTest: sllLinkType,
};

export const sll2Spec: LinkSpec = {
  linkTypes: [LT.LINUX_SLL2],
  initial: (_s, lt) => fixedEncap(lt, { linkType: 0, linkPl: 20, nl: 0, nlNoSnap: 0 }),
  linkTypeTest: (s, e, proto, span) => typeIs(s, e, proto, span),
};

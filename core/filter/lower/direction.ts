/**
 * `inbound` / `outbound` and `ifindex N`: gencode.c's gen_inbound and gen_ifindex. Only link types
 * whose header records the direction (or the interface) can test it in a capture file; libpcap
 * reads everything else from Linux socket metadata, which a capture file does not have, and refuses
 * it when reading savefiles — as Trawl always is.
 */
import { FilterError } from '../../errors';
import type { KeywordPrimitive } from '../ast';
import type { Encap, LowerSession } from './context';
import { not, type Frag } from './frag';
import { LT, linkTypeDescription } from './links/link-types';
import { cmp } from './load';

type InOutNode = Extract<KeywordPrimitive, { kind: 'inbound' | 'outbound' }>;
type IfindexNode = Extract<KeywordPrimitive, { kind: 'ifindex' }>;

/** LINUX_SLL_OUTGOING, the SLL / SLL2 packet type of a packet this host sent. */
const SLL_OUTGOING = 4;

export function lowerInOutbound(s: LowerSession, e: Encap, node: InOutNode): Frag {
  const inbound = node.kind === 'inbound';
  const c = (offset: number, size: 1 | 2, value: number): Frag => cmp(s, e, 'linkhdr', offset, size, 'jeq', value, undefined, node.span);
  switch (e.linkType) {
    case LT.SLIP:
      return c(0, 1, inbound ? 0 : 1); // SLIPDIR_IN / SLIPDIR_OUT
    case LT.IPNET:
      return c(2, 2, inbound ? 2 : 1); // IPNET_INBOUND / IPNET_OUTBOUND
    case LT.LINUX_SLL: {
      const out = c(0, 2, SLL_OUTGOING);
      return inbound ? not(out) : out;
    }
    case LT.LINUX_SLL2: {
      const out = c(10, 1, SLL_OUTGOING);
      return inbound ? not(out) : out;
    }
    case LT.PFLOG:
      return c(60, 1, inbound ? 1 : 2); // pfloghdr.dir: PF_IN / PF_OUT
    case LT.PPP_PPPD:
      return c(0, 1, inbound ? 0 : 1); // PPP_PPPD_IN / PPP_PPPD_OUT
    default:
      throw new FilterError(
        'unsupported-on-link-type',
        `inbound/outbound not supported on ${linkTypeDescription(e.linkType)} when reading savefiles (only Linux cooked, SLIP, PPP (pppd), pflog and ipnet captures record the direction)`,
        node.span,
      );
  }
}

export function lowerIfindex(s: LowerSession, e: Encap, node: IfindexNode): Frag {
  if (e.linkType === LT.LINUX_SLL2) return cmp(s, e, 'linkhdr', 4, 4, 'jeq', node.value, undefined, node.span);
  throw new FilterError(
    'unsupported-on-link-type',
    `ifindex not supported on ${linkTypeDescription(e.linkType)} when reading savefiles (only Linux cooked v2 captures record the interface)`,
    node.span,
  );
}

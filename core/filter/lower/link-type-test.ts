/**
 * gen_linktype: does the current link payload carry `proto` (an EtherType, or an LLC SAP below
 * 0x600)? Inside MPLS, only IPv4 and IPv6 can be told apart (gen_mpls_linktype: bottom of stack and
 * the IP version nibble); otherwise the current link type's spec decides.
 */
import { FilterError } from '../../errors';
import type { Span } from '../span';
import type { Encap, LowerSession } from './context';
import { and, type Frag } from './frag';
import { cmp } from './load';
import { linkSpecFor } from './links/index';
import { ETHERTYPE } from './links/llc-sap';

function mplsLinkType(s: LowerSession, e: Encap, proto: number, span?: Span): Frag {
  const version = proto === ETHERTYPE.IP ? 0x40 : proto === ETHERTYPE.IPV6 ? 0x60 : null;
  if (version === null) throw new FilterError('unsupported-over-mpls', 'unsupported protocol over mpls', span ?? [0, 0]);
  // The last label has its bottom-of-stack bit set, and the payload is that IP version.
  return and(cmp(s, e, 'linkpl', -2, 1, 'jeq', 0x01, 0x01, span), cmp(s, e, 'linkpl', 0, 1, 'jeq', version, 0xf0, span));
}

export function linkTypeTest(s: LowerSession, e: Encap, proto: number, span?: Span): Frag {
  if (e.labelStackDepth > 0) return mplsLinkType(s, e, proto, span);
  return linkSpecFor(e.linkType, span).linkTypeTest(s, e, proto, span);
}

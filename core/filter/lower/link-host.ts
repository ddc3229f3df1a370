/**
 * Link-layer address tests through the current link's spec: `ether host`/`src`/`dst` (and the fddi,
 * tr, wlan spellings), link-layer `broadcast`/`multicast`, and `gateway` (gen_gateway: the link
 * address is the gateway's, the IP address is none of its addresses). Each refuses, with libpcap's
 * message, a link type without addresses.
 */
import { FilterError } from '../../errors';
import type { CheckedPrimitive } from '../ast';
import type { Span } from '../span';
import type { Encap, LowerSession } from './context';
import { and, not, or, type Frag } from './frag';
import { lowerHost4 } from './host';
import { linkSpecFor } from './links/index';
import { LT } from './links/link-types';

type LinkHostNode = Extract<CheckedPrimitive, { kind: 'link-host' }>;
type GatewayNode = Extract<CheckedPrimitive, { kind: 'gateway' }>;

const unsupported = (message: string, span: Span): FilterError => new FilterError('unsupported-on-link-type', message, span);

export function lowerLinkHost(s: LowerSession, e: Encap, node: LinkHostNode): Frag {
  const spec = linkSpecFor(e.linkType, node.span);
  if (spec.linkHost === undefined) {
    throw unsupported('ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel', node.span);
  }
  return spec.linkHost(s, e, node.mac, node.dir, node.span);
}

/** `ether broadcast` (and `broadcast` with no qualifier on a link with addresses). */
export function lowerLinkBroadcast(s: LowerSession, e: Encap, span: Span): Frag {
  const spec = linkSpecFor(e.linkType, span);
  if (spec.linkBroadcast === undefined) throw unsupported('not a broadcast link', span);
  return spec.linkBroadcast(s, e, span);
}

/** `ether multicast`. */
export function lowerLinkMulticast(s: LowerSession, e: Encap, span: Span): Frag {
  const spec = linkSpecFor(e.linkType, span);
  if (spec.linkMulticast === undefined) {
    throw unsupported(
      'link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel', span);
  }
  return spec.linkMulticast(s, e, span);
}

/** The link types gen_gateway accepts (ARCnet has addresses, but not for `gateway`). */
const GATEWAY_LINKS: ReadonlySet<number> = new Set([
  LT.EN10MB, LT.NETANALYZER, LT.NETANALYZER_TRANSPARENT, LT.FDDI, LT.IEEE802,
  LT.IEEE802_11, LT.PRISM_HEADER, LT.IEEE802_11_RADIO_AVS, LT.IEEE802_11_RADIO, LT.PPI, LT.IP_OVER_FC,
]);

export function lowerGateway(s: LowerSession, e: Encap, node: GatewayNode): Frag {
  const span = node.span;
  const spec = linkSpecFor(e.linkType, span);
  if (!GATEWAY_LINKS.has(e.linkType) || spec.linkHost === undefined) {
    throw unsupported("'gateway' supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel", span);
  }
  if (node.macs.length === 0 || node.v4.length === 0) {
    throw new FilterError('unknown-host', 'The gateway needs both a link-layer address and an IPv4 address.', span);
  }
  const linkHost = (mac: Uint8Array): Frag => spec.linkHost!(s, e, mac, 'src or dst', span);
  let link = linkHost(node.macs[0]!);
  for (const mac of node.macs.slice(1)) link = or(link, linkHost(mac));
  const ip = lowerHost4(s, e, {
    kind: 'host4',
    proto: 'default',
    dir: 'src or dst',
    nets: node.v4.map((addr) => ({ addr, mask: 0xffffffff })),
    span,
  });
  return and(link, not(ip));
}

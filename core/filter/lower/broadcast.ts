/**
 * `broadcast` and `multicast`: gencode.c's gen_broadcast and gen_multicast. Link-level tests go
 * through the link's spec (lower/link-host.ts); `ip broadcast` tests the destination against the
 * all-zeros and all-ones host parts, `ip multicast` a class D destination, `ip6 multicast` ff00::/8.
 */
import { FilterError } from '../../errors';
import type { KeywordPrimitive } from '../ast';
import type { Encap, LowerSession } from './context';
import { and, or, type Frag } from './frag';
import { lowerLinkBroadcast, lowerLinkMulticast } from './link-host';
import { linkTypeTest } from './link-type-test';
import { ETHERTYPE } from './links/llc-sap';
import { cmp } from './load';

type CastNode = Extract<KeywordPrimitive, { kind: 'broadcast' | 'multicast' }>;

/**
 * The netmask `ip broadcast` uses. tcpdump passes 0 when it has no interface (reading a file or
 * `-y LINKTYPE -d`), so the host part is the whole address: broadcast is 0.0.0.0 or 255.255.255.255.
 */
export const OFFLINE_NETMASK = 0;

export function lowerBroadcast(s: LowerSession, e: Encap, node: CastNode): Frag {
  const p = node.proto?.value ?? 'default';
  if (p === 'default' || p === 'link') return lowerLinkBroadcast(s, e, node.span);
  if (p !== 'ip') throw new FilterError('bad-qualifier', 'only link-layer/IP broadcast filters supported', node.proto?.span ?? node.span);
  const hostmask = ~OFFLINE_NETMASK >>> 0;
  const zeros = cmp(s, e, 'linkpl', 16, 4, 'jeq', 0, hostmask, node.span);
  const ones = cmp(s, e, 'linkpl', 16, 4, 'jeq', hostmask, hostmask, node.span);
  return and(linkTypeTest(s, e, ETHERTYPE.IP, node.span), or(zeros, ones));
}

export function lowerMulticast(s: LowerSession, e: Encap, node: CastNode): Frag {
  const p = node.proto?.value ?? 'default';
  switch (p) {
    case 'default':
    case 'link':
      return lowerLinkMulticast(s, e, node.span);
    case 'ip':
      return and(linkTypeTest(s, e, ETHERTYPE.IP, node.span), cmp(s, e, 'linkpl', 16, 1, 'jge', 224, undefined, node.span));
    case 'ip6':
      return and(linkTypeTest(s, e, ETHERTYPE.IPV6, node.span), cmp(s, e, 'linkpl', 24, 1, 'jeq', 255, undefined, node.span));
    default:
      throw new FilterError('bad-qualifier', 'only link-layer, IP and IPv6 multicast filters are supported', node.proto?.span ?? node.span);
  }
}

/** Network-layer protocols and tunnels (IPv4, IPv6 and its extension headers, ICMP, ICMPv6, IGMP, GRE, VXLAN, Geneve). */
import type { Protocol } from '../protocol';
import { icmp } from './icmp';
import { icmpv6 } from './icmpv6';
import { ip } from './ip';
import { ipv6 } from './ipv6';

export const NETWORK_PROTOCOLS: readonly Protocol[] = [ip, ipv6, icmp, icmpv6];

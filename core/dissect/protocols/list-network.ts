/** Network-layer protocols and tunnels (IPv4, IPv6 and its extension headers, ICMP, ICMPv6, IGMP, AH, ESP, GRE, VXLAN, Geneve, GTP, GTPv2, ERSPAN). */
import type { Protocol } from '../protocol';
import { ah } from './ah';
import { erspan } from './erspan';
import { esp } from './esp';
import { geneve } from './geneve';
import { gre } from './gre';
import { gtp } from './gtp';
import { gtpv2 } from './gtpv2';
import { icmp } from './icmp';
import { icmpv6 } from './icmpv6';
import { igmp } from './igmp';
import { ip } from './ip';
import { ipv6 } from './ipv6';
import { ipv6Dstopts } from './ipv6-dstopts';
import { ipv6Fraghdr } from './ipv6-fraghdr';
import { ipv6Hopopts } from './ipv6-hopopts';
import { ipv6Routing } from './ipv6-routing';
import { vxlan } from './vxlan';

export const NETWORK_PROTOCOLS: readonly Protocol[] = [ip, ipv6, ipv6Hopopts, ipv6Routing, ipv6Fraghdr, ipv6Dstopts, icmp, icmpv6, igmp, ah, esp, gre, vxlan, geneve, gtp, gtpv2, erspan];

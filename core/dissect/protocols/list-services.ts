/** Network services over UDP/TCP (DNS, mDNS, LLMNR, DHCP, DHCPv6, NTP, syslog). */
import type { Protocol } from '../protocol';

export const SERVICE_PROTOCOLS: readonly Protocol[] = [];

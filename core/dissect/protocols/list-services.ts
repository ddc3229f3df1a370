/** Network services over UDP/TCP (DNS, mDNS, LLMNR, DHCP, DHCPv6, NTP, syslog). */
import type { Protocol } from '../protocol';
import { dhcp } from './dhcp';
import { dhcpv6 } from './dhcpv6';
import { dns } from './dns';
import { llmnr } from './llmnr';
import { mdns } from './mdns';
import { ntp } from './ntp';
import { syslog } from './syslog';

export const SERVICE_PROTOCOLS: readonly Protocol[] = [dns, mdns, llmnr, dhcp, dhcpv6, ntp, syslog];

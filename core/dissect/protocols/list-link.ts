/** Link-layer protocols (Ethernet, 802.3/LLC/SNAP, VLAN, MPLS, PPPoE, SLL, NULL, raw IP, ARP, 802.11, radiotap). */
import type { Protocol } from '../protocol';
import { arp } from './arp';
import { eth } from './eth';
import { ieee8021ad } from './ieee8021ad';
import { llc } from './llc';
import { nullLoopback } from './null';
import { radiotap } from './radiotap';
import { raw } from './raw';
import { sll } from './sll';
import { vlan } from './vlan';
import { wlan } from './wlan';

export const LINK_PROTOCOLS: readonly Protocol[] = [eth, llc, vlan, ieee8021ad, sll, nullLoopback, raw, arp, radiotap, wlan];

/**
 * Link-layer protocols (Ethernet, 802.3/LLC/SNAP, VLAN, MPLS, PPPoE, PPP and its control protocols, Cisco
 * HDLC, SLL, NULL, raw IP, NFLOG, IPNET, IPoIB, PPI, ARP, 802.11, radiotap, FDDI, LLDP, EAPOL).
 */
import type { Protocol } from '../protocol';
import { arp } from './arp';
import { chdlc } from './chdlc';
import { eapol } from './eapol';
import { eth } from './eth';
import { fddi } from './fddi';
import { ieee8021ad } from './ieee8021ad';
import { ipcp } from './ipcp';
import { ipnet } from './ipnet';
import { ipoib } from './ipoib';
import { ipv6cp } from './ipv6cp';
import { lcp } from './lcp';
import { llc } from './llc';
import { lldp } from './lldp';
import { mpls } from './mpls';
import { nflog } from './nflog';
import { nullLoopback } from './null';
import { ppi } from './ppi';
import { ppp } from './ppp';
import { pppoe } from './pppoe';
import { pppoed } from './pppoed';
import { pppoes } from './pppoes';
import { pwethheuristic } from './pwethheuristic';
import { pwethnocw } from './pwethnocw';
import { radiotap } from './radiotap';
import { raw } from './raw';
import { slarp } from './slarp';
import { sll } from './sll';
import { vlan } from './vlan';
import { wlan } from './wlan';

export const LINK_PROTOCOLS: readonly Protocol[] = [
  eth, llc, vlan, ieee8021ad, sll, nullLoopback, raw, arp, radiotap, wlan,
  mpls, pwethheuristic, pwethnocw, pppoe, pppoed, pppoes, ppp, lcp, ipcp, ipv6cp, chdlc, slarp, nflog, ipnet, ipoib, ppi,
  fddi, lldp, eapol,
];

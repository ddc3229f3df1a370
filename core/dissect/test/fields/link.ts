/** The link group's share of the field conformance corpus (core/dissect/protocols/list-link.ts). */
import type { FieldConformanceSet } from './conformance-set';

export const LINK_FIELDS: FieldConformanceSet = {
  group: 'link',
  fields: [
    'eth.dst', 'eth.src', 'eth.addr', 'eth.type', 'eth.len', 'eth.ig', 'eth.lg', 'eth.dst.oui', 'eth.addr.oui',
    'llc.dsap', 'llc.ssap', 'llc.control', 'llc.control.u_modifier_cmd', 'llc.oui', 'llc.type',
    'vlan.id', 'vlan.priority', 'vlan.etype', 'ieee8021ad.id',
    'arp.opcode', 'arp.hw.type', 'arp.src.hw_mac', 'arp.src.proto_ipv4', 'arp.dst.proto_ipv4', 'arp.isgratuitous',
    'sll.pkttype', 'sll.etype', 'null.family',
    'radiotap.length', 'radiotap.present.word', 'radiotap.flags', 'radiotap.channel.freq', 'radiotap.channel.flags', 'radiotap.dbm_antsignal',
    'wlan.fc.type_subtype', 'wlan.fc.ds', 'wlan.fc.retry', 'wlan.duration', 'wlan.ra', 'wlan.ta', 'wlan.bssid', 'wlan.addr', 'wlan.seq',
    'wlan.frag', 'wlan.fixed.beacon', 'wlan.fixed.capabilities', 'wlan.supported_rates', 'wlan.ds.current_channel',
  ],
  captures: [
    'zeek-traces/ncp.pcap',
    'tcpdump-tests/arp-too-long-tha.pcap',
    'zeek-traces/vlan-collisions.pcap',
    'libpcap-tests/filter/llc.pcap',
    'tcpdump-tests/forces2.pcap',
    'zeek-traces/redis/pubsub.pcap',
    'libpcap-tests/filter/wpa2linkuppassphraseiswireshark.pcap',
    'tcpdump-tests/ieee802.11_exthdr.pcap',
    'tcpdump-tests/ieee802.11_meshid.pcap',
    'zeek-traces/arp-who-has-radiotap.pcap',
    'libpcap-tests/filter/Network_Join_Nokia_Mobile.pcap',
    'tcpdump-tests/reason_code-3.pcap',
  ],
};

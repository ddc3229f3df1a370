/**
 * The frame.* fields: the record's metadata as Wireshark's frame dissector shows it (numbers, lengths,
 * times, interface, encapsulation). They occur in every packet of every capture, so a few captures of
 * different formats, time resolutions and link types check them.
 */
import type { FieldConformanceSet } from './conformance-set';

export const frameFields: FieldConformanceSet = {
  group: 'frame',
  fields: [
    'frame',
    'frame.number',
    'frame.len',
    'frame.cap_len',
    'frame.time',
    'frame.time_epoch',
    'frame.time_relative',
    'frame.encap_type',
    'frame.interface_id',
    'frame.interface_name',
  ],
  captures: [
    'zeek-traces/ssh/ssh.pcap',
    'tcpdump-tests/tcp-handshake-nano.pcap',
    'wireshark-captures/dhcp-nanosecond.pcapng',
    'libpcap-tests/filter/rarp_req_reply.pcapng',
    'pcapng-test-generator/output_be/basic/test010.pcapng',
    'tcpdump-tests/LINKTYPE_RAW_ipv6.pcap',
  ],
};

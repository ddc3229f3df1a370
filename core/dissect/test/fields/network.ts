/**
 * The network group's share of the field conformance corpus: IPv4, IPv6 and its extension headers, ICMP,
 * ICMPv6, IGMP, AH, ESP, GRE, VXLAN, Geneve and GTP fields that a single packet decides, and captures of the
 * shared corpus where they occur (paths relative to captures/).
 */
import type { FieldConformanceSet } from './conformance-set';

export const NETWORK_FIELDS: FieldConformanceSet = {
  group: 'network',
  fields: [
    'ip.version', 'ip.hdr_len', 'ip.dsfield', 'ip.dsfield.dscp', 'ip.dsfield.ecn', 'ip.len', 'ip.id', 'ip.flags', 'ip.flags.rb',
    'ip.flags.df', 'ip.flags.mf', 'ip.frag_offset', 'ip.ttl', 'ip.proto', 'ip.checksum', 'ip.checksum.status', 'ip.src', 'ip.dst',
    'ip.addr', 'ip.src_host', 'ip.dst_host', 'ip.host', 'ip.opt.type', 'ip.opt.len', 'ip.opt.ra',
    'ipv6.version', 'ipv6.tclass', 'ipv6.tclass.dscp', 'ipv6.tclass.ecn', 'ipv6.flow', 'ipv6.plen', 'ipv6.nxt', 'ipv6.hlim',
    'ipv6.src', 'ipv6.dst', 'ipv6.addr', 'ipv6.host', 'ipv6.hopopts.nxt', 'ipv6.hopopts.len_oct', 'ipv6.routing.type',
    'ipv6.routing.segleft', 'ipv6.dstopts.nxt', 'ipv6.fraghdr.offset', 'ipv6.fraghdr.ident',
    'icmp.type', 'icmp.code', 'icmp.checksum', 'icmp.checksum.status', 'icmp.ident', 'icmp.seq', 'icmp.seq_le', 'icmp.unused',
    'icmpv6.type', 'icmpv6.code', 'icmpv6.checksum', 'icmpv6.checksum.status', 'icmpv6.echo.identifier',
    'icmpv6.echo.sequence_number', 'icmpv6.nd.ns.target_address', 'icmpv6.nd.na.target_address', 'icmpv6.opt.type',
    'icmpv6.opt.length', 'icmpv6.opt.prefix', 'icmpv6.mld.multicast_address', 'icmpv6.nd.ra.flag',
    'igmp.version', 'igmp.type', 'igmp.max_resp', 'igmp.checksum', 'igmp.checksum.status', 'igmp.maddr', 'igmp.record_type',
    'gre.flags_and_version', 'gre.proto', 'vxlan.flags', 'vxlan.vni', 'geneve.version',
    'geneve.proto_type', 'geneve.vni', 'geneve.option.class', 'geneve.option.length', 'esp.spi', 'esp.sequence', 'ah.spi',
    'ah.sequence', 'ah.icv', 'ah.next_header',
    'gtp.flags', 'gtp.flags.version', 'gtp.flags.payload', 'gtp.flags.reserved', 'gtp.flags.e', 'gtp.flags.s', 'gtp.flags.pn',
    'gtp.flags.snn', 'gtp.message', 'gtp.teid', 'gtp.seq_number', 'gtp.flow_label', 'gtp.tid',
  ],
  captures: [
    'zeek-traces/icmp/icmp-destunreach-ip.pcap',
    'tcpdump-tests/icmp-cksum-oobr-1.pcap',
    'zeek-traces/trunc/icmp-header-trunc.pcap',
    'zeek-traces/chksums/ip4-icmp-bad-chksum.pcap',
    'libpcap-tests/filter/gateway_or_not.pcap',
    'zeek-traces/chksums/ip6-route0-icmp6-good-chksum.pcap',
    'zeek-traces/icmp/icmp6-destunreach-ip6ext-udp.pcap',
    'tcpdump-tests/icmpv6.pcap',
    'zeek-traces/communityid/icmp6.pcap',
    'tcpdump-tests/ipv6-routing-header.pcap',
    'zeek-traces/ipv6-http-atomic-frag.pcap',
    'zeek-traces/igmp/multicast-igmp-version-membership-query-and-report.pcap',
    'zeek-traces/igmp/igmp.pcap',
    'zeek-traces/tunnels/gre-sample.pcap',
    'zeek-traces/tunnels/gre-within-gre.pcap',
    'zeek-traces/tunnels/vxlan.pcap',
    'tcpdump-tests/geneve.pcap',
    'zeek-traces/tunnels/geneve-many-options.pcap',
    'zeek-traces/ip6_esp.pcap',
    'libpcap-tests/filter/ipv6_ah_modes.pcap',
    'zeek-traces/tunnels/gtp/gtp6_gtp_0x32.pcap',
    'zeek-traces/tunnels/gtp/gtp7_ipv6.pcap',
    'zeek-traces/tunnels/gtp/gtp4_udp_2152_inside.pcap',
    'zeek-traces/tunnels/gtp/pdp_ctx_messages.pcapng',
  ],
};

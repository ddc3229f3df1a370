/**
 * The display-filter conformance corpus: captures from ../shared/captures and filters over the fields
 * Trawl dissects, each run by conformance.test.ts against tshark 4.0. `tshark` gives tshark's spelling
 * where Trawl accepts more than 4.0 does (xor, which 4.0 lacks); `rejects` are filters tshark 4.0 refuses.
 */

export const CAPTURES: readonly string[] = [
  'zeek-traces/conn-size.pcap',
  'tcpdump-tests/HSRP_coup.pcap',
  'libpcap-tests/filter/gateway_or_not.pcap',
  'tcpdump-tests/geneve.pcap',
  'tcpdump-tests/OLSRv1_HNA_sgw_1.pcap',
  'tcpdump-tests/babel.pcap',
  'tcpdump-tests/icmpv6.pcap',
  'zeek-traces/communityid/icmp6.pcap',
  'zeek-traces/raw_packets.pcap',
  'tcpdump-tests/dhcp-rfc4388.pcap',
  'tcpdump-tests/bgp-4byte-asn.pcap',
  'zeek-traces/dns/mdns.pcap',
  'tcpdump-tests/LINKTYPE_RAW_ipv6.pcap',
  'tcpdump-tests/babel_rtt.pcap',
  'tcpdump-tests/RADIUS-RFC4675.pcap',
  'tcpdump-tests/isakmp4500.pcap',
  'tcpdump-tests/mptcp-aa-v1.pcap',
  'tcpdump-tests/bfd-multihop.pcap',
  'tcpdump-tests/dcb_ets.pcap',
  'tcpdump-tests/edns-opts.pcap',
  'libpcap-tests/filter/rarp_req_reply.pcapng',
  'tcpdump-tests/ntp-control.pcap',
  'tcpdump-tests/HSRP_election.pcap',
];

export interface CorpusFilter {
  readonly text: string;
  /** tshark 4.0's spelling of the same filter, when it differs. */
  readonly tshark?: string;
}

const f = (text: string, tshark?: string): CorpusFilter => (tshark === undefined ? { text } : { text, tshark });

export const FILTERS: readonly CorpusFilter[] = [
  // Existence: protocols and fields.
  f('frame'), f('eth'), f('ip'), f('ipv6'), f('tcp'), f('udp'), f('icmp'), f('icmpv6'), f('arp'), f('vlan'), f('sll'),
  f('dns'), f('http'), f('gre'), f('ip.opt.type'), f('tcp.options'), f('tcp.options.mss_val'),
  f('vlan.id'), f('ipv6.hopopts'), f('tcp.flags.syn'), f('udp.payload'),
  // Negation and the boolean operators, word and symbol forms, precedence.
  f('not tcp'), f('!udp'), f('not ip and not ipv6'), f('tcp or udp'), f('tcp || icmp'), f('ip && udp'), f('ip and not udp'),
  f('udp or tcp and icmp'), f('tcp and udp or icmp'), f('not tcp and udp'), f('not (tcp and udp)'), f('!(ip or arp)'),
  f('frame.number == 1 or frame.number == 2 and frame.number == 3'), f('not frame.number == 1 and frame.number <= 3'),
  f('(frame.number <= 3 or frame.number >= 5) and not frame.number == 2'),
  f('tcp xor udp', '(tcp and not udp) or (not tcp and udp)'), f('ip xor ipv6', '(ip and not ipv6) or (not ip and ipv6)'),
  f('frame.number <= 3 xor frame.number >= 2', '(frame.number <= 3 and not frame.number >= 2) or (not frame.number <= 3 and frame.number >= 2)'),
  f('icmp ^^ icmpv6', '(icmp and not icmpv6) or (not icmp and icmpv6)'),
  f('udp or tcp xor ip', 'udp or ((tcp and not ip) or (not tcp and ip))'),
  f('tcp xor ip and udp', '(tcp and not (ip and udp)) or (not tcp and (ip and udp))'),
  // Comparisons on integers, every spelling.
  f('frame.number == 2'), f('frame.number eq 3'), f('frame.number any_eq 4'), f('frame.number != 2'), f('frame.number ne 2'),
  f('frame.len > 100'), f('frame.len gt 100'), f('frame.len < 80'), f('frame.len lt 80'), f('frame.len >= 342'), f('frame.len ge 60'),
  f('frame.len <= 60'), f('frame.len le 64'), f('frame.cap_len < frame.len'), f('frame.len == 0x3c'), f('frame.len == 074'), f('frame.len == 0b111100'),
  f('ip.ttl == 64'), f('ip.ttl > 64'), f('ip.ttl < 64'), f('ip.ttl != 64'), f('ip.ttl > -1'), f('ip.ttl < -1'), f('ip.ttl != -1'), f('ip.version == 4'), f('ip.hdr_len > 20'),
  f('ip.proto == 17'), f('ip.proto == 6'), f('ip.proto == "TCP"'), f('ip.proto == ICMP'), f('ip.proto == "ICMP"'), f('ip.id == 0'), f('ip.len > 500'),
  f('ip.dsfield.dscp == 0'), f('ip.dsfield.ecn != 0'), f('ip.frag_offset > 0'), f('ip.flags.df == 1'), f('ip.flags.df == 0'), f('ip.flags.df == True'),
  f('ip.flags.df == FALSE'), f('ip.flags.mf'), f('ip.flags.df == 2'), f('ip.flags.df == "Set"'), f('ip.flags.df == "not set"'),
  f('tcp.port == 80'), f('tcp.port != 80'), f('tcp.port ~= 80'), f('tcp.port !== 80'), f('tcp.port any_ne 80'), f('tcp.port === 80'), f('tcp.port all_eq 179'),
  f('tcp.port all_ne 80'), f('tcp.srcport > tcp.dstport'), f('tcp.srcport < 1024'), f('tcp.dstport == 179'), f('tcp.len > 0'), f('tcp.len == 0'),
  f('tcp.port == 80 && tcp.len > 0'), f('tcp.port == 443 && tcp.len > 0'), f('tcp.hdr_len > 20'), f('tcp.window_size_value < 1000'), f('tcp.flags == 0x002'),
  f('tcp.flags == 0x12'), f('tcp.flags.syn == 1'), f('tcp.flags.syn == 1 and tcp.flags.ack == 0'), f('tcp.flags.fin == 1 or tcp.flags.reset == 1'),
  f('tcp.flags.push'), f('tcp.flags & 0x02'), f('tcp.flags & 0x02 == 0x02'), f('tcp.flags bitwise_and 0x10'), f('tcp.flags & 0x11 == 0x11'),
  f('udp.port == 53'), f('udp.port != 53'), f('udp.srcport == udp.dstport'), f('udp.length > 100'), f('udp.dstport >= 1024'), f('udp.port == 1985'),
  f('icmp.type == 8'), f('icmp.type == 0'), f('icmp.type == 3 and icmp.code == 3'), f('icmp.type != 8'), f('icmpv6.type == 135'), f('icmpv6.type >= 128'),
  f('icmpv6.type == 128 or icmpv6.type == 129'), f('arp.opcode == 1'), f('arp.opcode == 2'), f('arp.opcode == 3 or arp.opcode == 4'),
  f('ipv6.hlim == 255'), f('ipv6.hlim < 64'), f('ipv6.nxt == 17'), f('ipv6.nxt == 58'), f('ipv6.plen > 100'), f('ipv6.flow != 0'), f('ipv6.tclass == 0'),
  f('eth.type == 0x0800'), f('eth.type == 0x86dd'), f('eth.type == 0x8100'), f('eth.type != 0x0800'), f('eth.type > 0x0800'), f('eth.type == 0x0806'),
  f('vlan.id == 100'), f('vlan.id > 0'), f('vlan.priority == 0'), f('sll.pkttype == 0'), f('sll.pkttype == 4'), f('sll.etype == 0x0800'),
  f('dns.flags.response == 1'), f('dns.flags.response == 0'), f('dns.qry.type == 1'), f('dns.count.answers > 0'), f('dns.id == 0'),
  // Membership with ranges.
  f('frame.number in {1, 3, 5}'), f('frame.number in {2..4}'), f('frame.number in {1, 3..5, 7}'), f('frame.number in {1,3 .. 5 ,7}'),
  f('tcp.port in {80, 443}'), f('tcp.port in {80, 1000..2000}'), f('udp.port in {53, 67..68, 123}'), f('ip.proto in {1, 6}'), f('ip.proto in {TCP, 17}'),
  f('tcp.port not in {80}'), f('not tcp.port in {80, 179}'), f('ip.ttl in {1..64}'), f('ip.dst in {224.0.0.0/4, 255.255.255.255}'),
  f('ip.addr in {10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16}'),
  f('eth.dst in {ff:ff:ff:ff:ff:ff, 01:00:5e:00:00:02}'), f('icmpv6.type in {133..137}'),
  // Addresses: IPv4 (CIDR), IPv6 (::, CIDR), MAC (three spellings).
  f('ip.src == 10.0.0.0/8'), f('ip.addr == 192.168.0.0/16'), f('ip.dst == 224.0.0.0/4'), f('ip.addr == 0.0.0.0/0'), f('ip.dst == 255.255.255.255'),
  f('ip.src == ip.dst'), f('ip.src != ip.dst'), f('ip.addr != 224.0.0.2'), f('ip.addr ~= 224.0.0.2'), f('ip.src > 128.0.0.0'), f('ip.src eq 1.2.3.4/0'),
  f('ipv6.src == fe80::/10'), f('ipv6.addr == ff02::/16'), f('ipv6.dst == ff02::1'), f('ipv6.dst == ff02::1:2'), f('ipv6.src == ::'),
  f('ipv6.addr == 2001:db8::/32'), f('ipv6.src != ipv6.dst'), f('ipv6.src == ::ffff:0.0.0.0/96'),
  f('eth.dst == ff:ff:ff:ff:ff:ff'), f('eth.dst == ff-ff-ff-ff-ff-ff'), f('eth.dst == ffff.ffff.ffff'), f('eth.addr == 00:00:0c:07:ac:01'),
  f('eth.src == 00:00:0c:07:ac:01'), f('eth.dst != ff:ff:ff:ff:ff:ff'), f('eth.src == eth.dst'), f('eth.dst.ig == 1'), f('eth.dst.ig == 0'),
  f('eth.src.lg == 0'), f('eth.ig'), f('arp.src.proto_ipv4 == 10.0.0.0/8'), f('arp.dst.hw_mac == 00:00:00:00:00:00'),
  // Slices of bytes, addresses, strings and protocols.
  f('eth.src[0:3] == 00:00:0c'), f('eth.src[0:3] == 00.00.0c'), f('eth.dst[0] == 0xff'), f('eth.dst[0] == 0x01'), f('eth.dst[0:2] == 33:33'),
  f('eth.src[:2] == 00:00'), f('eth.src[4:] == 07:ac:01'), f('eth.src[4-5] == 07:ac'), f('eth.src[-1] == 01'), f('eth.src[-2:] == ac:01'),
  f('eth.src[0:1,4-5] == 00:07:ac'), f('eth.dst[1:2] != 00:5e'), f('ip.src[0] == 0a'), f('ip.dst[0:2] == e0:00'), f('ipv6.dst[0] == 0xff'),
  f('frame[0:6] == ff:ff:ff:ff:ff:ff'), f('frame[12:2] == 08:00'), f('frame[-1:1] == 00'), f('ip[0] == 45'), f('tcp[13] == 02'),
  f('udp[0:2] == 00:35'), f('frame.protocols[0:3] == "eth"'), f('frame.protocols[0:3] == 65:74:68'), f('udp.payload[0:1] == 00'),
  // contains, matches (case-insensitive by default, (?-i) for case), strings and escapes.
  f('frame contains "cisco"'), f('frame contains "CISCO"'), f('frame contains 63:69'), f('frame contains 00:00:0c'), f('udp contains 00:35'),
  f('frame.protocols contains "http"'), f('frame.protocols contains "\\x68ttp"'), f('frame.protocols contains "\\150ttp"'),
  f('frame.protocols == "eth:ethertype:arp"'), f('frame.protocols != "eth:ethertype:arp"'), f('ip and frame.protocols < "eth:ethertype:ip:u"'),
  f('frame matches "CISCO"'), f('frame matches "(?-i)CISCO"'), f('frame.protocols matches "HTTP$"'), f('frame.protocols ~ "^eth:.*:udp"'),
  f('frame.protocols matches "ip(v6)?:icmp"'), f('tcp.payload contains "GET"'), f('tcp.payload matches "^get "'), f('http.request.method == "GET"'),
  f('http.request.uri matches "\\\\.(gif|png)$"'), f('dns.qry.name contains "."'), f('dns.qry.name matches "\\\\.com$"'),
  f('upper(frame.protocols) contains "HTTP"'), f('lower(frame.protocols) contains "eth:ethertype:ip"'),
  // Functions.
  f('len(ip.src) == 4'), f('len(tcp.payload) > 10'), f('len(udp.payload) == 0'), f('count(ip.addr) == 2'), f('count(ipv6.addr) > 2'), f('count(vlan) == 2'),
  f('len(eth) == 14'), f('count(ip) > 1'),
  // Fields against fields, times.
  f('frame.time_relative > 1.5'), f('frame.time_relative <= 0'), f('frame.time_relative > 1'), f('frame.len > frame.cap_len'),
  f('ip.len > frame.len'), f('tcp.dstport == udp.srcport'),
];

/** Filters tshark 4.0 rejects: Trawl must reject each with a span inside the text. */
export const REJECTS: readonly string[] = [
  'foo.bar', 'tcp.prot == 1', 'Tcp', 'TCP', 'tcp.PORT == 80', 'ip.proto == 6 AND tcp', 'tcp.port == 80 and', '(tcp.port == 80', 'tcp.port == 80)',
  'tcp.port == 8o', 'ip.src == 1.2.3.4.5', 'ip.src == 10.0.0.0/33', 'ip.src == 10.1', 'ip.src == "10.0.0.1"', 'ip.src in {"10.0.0.1"}',
  'frame.len > 1.5', 'frame.len == 60.0', 'ip.ttl == 1e2', 'ip.ttl == 0o100', 'ip.ttl=64', 'ip.ttl == 64 64', 'ip.ttl == 64 == 1', 'frame.number == 1 && ||',
  'tcp.srcport[0] == 0', 'ip.src matches "^10"', 'ip.src contains 10', 'frame.protocols contains http', "frame.protocols contains 'http'",
  'udp.port == "1985"', 'frame.number in {"1"}', 'tcp.window_size_value >= 0x10000', 'eth.src == 00:00:0c', 'ip.flags.df == true', 'ip.flags.df == tRUE',
  'ip.flags.df == -1', 'ip.proto == udp', 'tcp.port in {80 443}', 'tcp.port in {}', 'tcp.port in {80,}', 'frame.number in {1,,3}', 'tcp.flags bitand 2',
  'ipv6.src == 10.0.0.1', 'ip.src == fe80::1', 'ipv6.src == fe80::1/129', 'eth.dst == ff:ff:ff:ff:ff', 'eth.dst == ff:ff:ff:ff:ff:ff:ff', '==', 'tcp.port ==',
  'tcp.port == 80 and and udp', 'not', '()', 'frame contains "abc', 'tcp.port in {80', 'eth.src[0:3 == 00', 'eth.src[a] == 00', 'nosuchfunc(ip.src) == 4',
  'tcp.flags.syn == "maybe"', 'ip.proto == "Foo"', '64 == ip.ttl', '"abc"', 'ip.src == ip.proto', 'ip.ttl ==== 1',
];

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { find, hexBytes, layers, must, summarize, tree } from '../test/packet';

// quic-go handshake.pcap #1 (LINKTYPE_PPP): no address/control, Protocol: Internet Protocol version 6 (0x0057)
const PPP_V6 = hexBytes(
  '00576000000100203aff00000000000000000000000000000000ff0200000000000000000001ff00000487007a1200000000fe80000000000000020000fffe0000040101000000000004',
);
// heapoverflow-ppp_hdlc_if_print.pcap #1: tshark "0x3030  PPP Unknown (0x3030)", Source/Destination N/A
const UNKNOWN = hexBytes('3030');

test('ppp: protocol field without address and control, IPv6 follows', () => {
  const t = tree(9, PPP_V6);
  assert.deepEqual(layers(t), ['ppp', 'ipv6', 'icmpv6']);
  const p = must(t, 'ppp.protocol');
  assert.deepEqual([p.label, p.offset, p.length], ['Protocol: Internet Protocol version 6 (0x0057)', 0, 2]);
  assert.equal(find(t, 'ppp.address'), undefined);
});

test('ppp: an unregistered protocol names itself in the columns, N/A addresses on a PPP link', () => {
  const s = summarize(9, UNKNOWN, UNKNOWN.length);
  assert.deepEqual([s.protocol, s.info, s.source, s.destination], ['0x3030', 'PPP Unknown (0x3030)', 'N/A', 'N/A']);
});

test('ppp: address 0xff and control, compressed (odd) one-byte protocol; cut short is truncated', () => {
  // ppp_ip_udp_dns.pcap starts ff 5f 7e 08: tshark shows Address 0xff, Control 0x5f, Protocol Unknown (0x7e08)
  const t = tree(50, hexBytes('ff5f7e0800450000'));
  assert.deepEqual([must(t, 'ppp.address').label, must(t, 'ppp.control').label], ['Address: 0xff', 'Control: 0x5f']);
  assert.equal(must(t, 'ppp.protocol').label, 'Protocol: Unknown (0x7e08)');
  const pfc = tree(9, hexBytes('ff0321' + '4500001c0000000040010000c0a80001c0a800020800f7ff00000000'));
  assert.deepEqual(layers(pfc), ['ppp', 'ip', 'icmp']);
  assert.deepEqual([must(pfc, 'ppp.protocol').offset, must(pfc, 'ppp.protocol').length], [2, 1]);
  const cut = summarize(9, hexBytes('ff03'), 40);
  assert.match(cut.info, /Packet size limited during capture/);
});

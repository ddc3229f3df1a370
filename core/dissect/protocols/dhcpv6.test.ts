import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// tcpdump-tests/dhcpv6-ia-ta.pcap #2, tshark: DHCPv6 Advertise XID: 0x28b040 IAA: 2a00:1:1:200:5da2:f920:84c4:88cc CID: 00030001000102030405
//   Identity Association for Temporary Address (IATA 02030405, IA Address: 2a00:1:1:200:5da2:f920:84c4:88cc,
//   Preferred lifetime 4500, Valid lifetime 7200); Client Identifier (DUID-LL 00:01:02:03:04:05);
//   Server Identifier (DUID-LLT, DUID Time: Nov 26, 2012 15:32:00.000000000 UTC, 00:11:22:33:44:55)
const ADVERTISE = hexBytes(
  '00010203040500112233445586dd6000000000501140fe80000000000000021122fffe334455fe80000000000000020102fffe0304050223022200504baf0228b0400004002002030405000500182a000001000102005da2f92084c488cc0000119400001c200001000a000300010001020304050002000e00010001184647f0001122334455',
);

test('dhcpv6: Advertise with IA_TA, IA address and DUIDs', () => {
  const s = summarize(1, ADVERTISE, ADVERTISE.length);
  assert.deepEqual([s.protocol, s.info], ['DHCPv6', 'Advertise XID: 0x28b040 IAA: 2a00:1:1:200:5da2:f920:84c4:88cc CID: 00030001000102030405 ']);
  const t = tree(1, ADVERTISE);
  assert.deepEqual(layers(t), ['eth', 'ipv6', 'udp', 'dhcpv6']);
  assert.equal(must(t, 'dhcpv6.msgtype').label, 'Message type: Advertise (2)');
  assert.equal(must(t, 'dhcpv6.xid').label, 'Transaction ID: 0x28b040');
  const opt = must(t, 'dhcpv6.option.type');
  assert.deepEqual([opt.label, opt.offset, opt.length], ['Option: Identity Association for Temporary Address (4)', 66, 2]);
  assert.equal(must(t, 'dhcpv6.iata').label, 'IATA: 02030405');
  const addr = must(t, 'dhcpv6.iaaddr.ip');
  assert.deepEqual([addr.label, addr.offset, addr.length], ['IPv6 address: 2a00:1:1:200:5da2:f920:84c4:88cc', 78, 16]);
  assert.equal(must(t, 'dhcpv6.duidll.link_layer_addr').label, 'Link-layer address: 00:01:02:03:04:05');
  assert.equal(must(t, 'dhcpv6.duidllt.time').label, 'DUID Time: Nov 26, 2012 15:32:00.000000000 UTC');
});

test('dhcpv6: an option longer than the message is malformed', () => {
  const bad = ADVERTISE.slice();
  bad[69] = 0x60; // IA_TA length 32 -> 96
  const s = summarize(1, bad, bad.length);
  assert.equal(s.malformed, true);
  assert.match(s.info, /^Advertise XID: 0x28b040 \[Malformed Packet\]$/);
});

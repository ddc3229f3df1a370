import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// zeek-traces/tunnels/gre-sample.pcap #1, tshark: eth:ethertype:ip:gre:ip:icmp:data
//   ICMP  Echo (ping) request  id=0xcb68, seq=256/1, ttl=64; Generic Routing Encapsulation (IP), Flags and Version: 0x0000
const GRE = hexBytes(
  '00c0ca14b05200022d564afd08004500006c00004000ff2f1e41ac1b0142423b6d890000080045000054000040004001da90423b6fbeac1c0203080046c9cb6801007072e63e97190c0008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637',
);

test('gre: flags, protocol type, then the inner IPv4 packet', () => {
  const t = tree(1, GRE);
  assert.deepEqual(layers(t), ['eth', 'ip', 'gre', 'ip', 'icmp', 'data']);
  assert.equal(t[3].label, 'Generic Routing Encapsulation (IP)');
  assert.equal(must(t, 'gre.proto').label, 'Protocol Type: IP (0x0800)');
  assert.equal(must(t, 'gre.flags.version').label, '.... .... .... .000 = Version: GRE (0)');
  const s = summarize(1, GRE, GRE.length);
  assert.deepEqual([s.protocol, s.source, s.info], ['ICMP', '66.59.111.190', 'Echo (ping) request  id=0xcb68, seq=256/1, ttl=64']);
});

test('gre: key and sequence number bits add their fields; Ethernet bridging goes to eth', () => {
  // Flags 0x3000 (K, S), type 0x6558, key 0x00000007, sequence 9, then a 14-byte Ethernet header of type 0x0000.
  const pkt = hexBytes('00112233445566778899aabb0800' + '4500003000000000402f0000c0a80001c0a80002' + '30006558000000070000000900000000000100000000000200000000');
  const t = tree(1, pkt);
  assert.equal(must(t, 'gre.key').label, 'Key: 0x00000007');
  assert.equal(must(t, 'gre.sequence_number').label, 'Sequence Number: 9');
  assert.deepEqual(layers(t).slice(0, 4), ['eth', 'ip', 'gre', 'eth']);
});

test('gre: optional fields cut short are truncated, never thrown', () => {
  const pkt = hexBytes('00112233445566778899aabb0800' + '4500003000000000402f0000c0a80001c0a80002' + '30006558000000');
  assert.match(summarize(1, pkt, pkt.length + 20).info, /\[Packet size limited during capture\]/);
});

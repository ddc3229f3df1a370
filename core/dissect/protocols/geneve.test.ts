import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// zeek-traces/tunnels/geneve-arp.pcap #1, tshark: eth:ethertype:ip:udp:geneve:arp (no ethertype layer after
//   Geneve), ARP  Who has 10.0.0.2? Tell 10.0.0.1
const GEN = hexBytes(
  '00112233445566778899aabb08004500004000010000401166aa0a0000010a000002303917c1002c11f100000806000001000001080006040001aabbccddeeff0a0000010000000000000a000002',
);

test('geneve: header, then the protocol its EtherType names', () => {
  const t = tree(1, GEN);
  assert.deepEqual(layers(t), ['eth', 'ip', 'udp', 'geneve', 'arp']);
  assert.equal(t[4].label, 'Generic Network Virtualization Encapsulation, VNI: 0x000001');
  assert.equal(must(t, 'geneve.proto_type').label, 'Protocol Type: ARP (0x0806)');
  assert.equal(must(t, 'geneve.vni').label, 'Virtual Network Identifier (VNI): 0x000001 (1)');
  assert.equal(summarize(1, GEN, GEN.length).protocol, 'ARP');
});

test('geneve: an options length past the packet is marked, never thrown', () => {
  const bad = GEN.slice();
  bad[42] = 0x3f; // 252 bytes of options
  const s = summarize(1, bad, bad.length);
  assert.equal(s.malformed, true);
});

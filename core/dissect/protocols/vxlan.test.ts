import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// zeek-traces/tunnels/vxlan.pcap-like ARP over VXLAN (tshark: eth:ethertype:ip:udp:vxlan:eth:ethertype:arp,
//   ARP  Who has 10.0.0.2? Tell 10.0.0.1; VXLAN Network Identifier (VNI): 123)
const VX = hexBytes(
  '080027f21d8c080027ae4d6208004500004ed998400040116f9ec0a8380bc0a8380c9bf412b5003a00000800000000007b00ffffffffffffba092b6ef8be08060001080006040001ba092b6ef8be0a0000010000000000000a000002',
);

test('vxlan: header fields, then the inner Ethernet frame', () => {
  const t = tree(1, VX);
  assert.deepEqual(layers(t).slice(0, 5), ['eth', 'ip', 'udp', 'vxlan', 'eth']);
  assert.equal(must(t, 'vxlan.flags').label, 'Flags: 0x0800, VXLAN Network ID (VNI)');
  const vni = must(t, 'vxlan.vni');
  assert.deepEqual([vni.label, vni.offset, vni.length], ['VXLAN Network Identifier (VNI): 123', 46, 3]);
  assert.equal(summarize(1, VX, VX.length).source, 'ba:09:2b:6e:f8:be');
});

test('vxlan: a header cut short is marked, never thrown', () => {
  const cut = VX.subarray(0, 46);
  assert.match(summarize(1, cut, cut.length).info, /\[Malformed Packet\]|\[Packet size limited/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// tcp-handshake-nano.pcap #1 (LINKTYPE_LINUX_SLL): frame.protocols sll:ethertype:ip:tcp
const V1 = hexBytes(
  '000402000000000000000000000008004500003c29a940004006db5f839bd7458974515eb64000502f842acb00000000a0026a4050c40000020405500402080a436a03620000000001030307',
);
// linux_dlt_sll2.pcap #1 (LINKTYPE_LINUX_SLL2), tshark -n: ICMP 192.0.2.1 → 192.0.2.1
//   Echo (ping) request  id=0x0008, seq=1/256, ttl=64
const V2 = hexBytes(
  '080000000000000103040006000000000000000045000054af8c40004001071ac0000201c0000201080066b400080001e9bdf96200000000e24e0d0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637',
);

test('sll v1: header fields and handoff by EtherType', () => {
  const t = tree(113, V1);
  assert.deepEqual(layers(t), ['sll', 'ip', 'tcp']);
  assert.equal(t[1].label, 'Linux cooked capture v1');
  assert.deepEqual([t[1].offset, t[1].length], [0, 16]);
  assert.equal(must(t, 'sll.pkttype').label, 'Packet type: Sent by us (4)');
  assert.equal(must(t, 'sll.hatype').label, 'Link-layer address type: PPP (512)');
  assert.equal(must(t, 'sll.etype').label, 'Protocol: IPv4 (0x0800)');
  assert.ok(t[0].children?.some((c) => c.label === '[Protocols in frame: sll:ethertype:ip:tcp]'));
});

test('sll v2: 20-byte header, same sll fields', () => {
  const s = summarize(276, V2, V2.length);
  assert.deepEqual([s.protocol, s.source, s.info], ['ICMP', '192.0.2.1', 'Echo (ping) request  id=0x0008, seq=1/256, ttl=64']);
  const t = tree(276, V2);
  assert.deepEqual(layers(t), ['sll', 'ip', 'icmp', 'data']);
  assert.equal(t[1].label, 'Linux cooked capture v2');
  assert.deepEqual([t[1].offset, t[1].length], [0, 20]);
  assert.equal(must(t, 'sll.ifindex').label, 'Interface index: 1');
  assert.equal(must(t, 'sll.hatype').label, 'Link-layer address type: Loopback (772)');
});

// babel.pcap #1 (LINKTYPE_LINUX_SLL, hatype 778 GRE over IP): tshark frame.protocols sll:ipv6:udp:data,
//   "Protocol: IPv6 (0x86dd)" is sll.gretype, looked up as GRE does (no ethertype layer)
const GRE_DEVICE = hexBytes(
  '0000030a0000000000000000000086dd6000000000141101fe8000000000000068d31235d0681f9eff0200000000000000000000000100061a291a2900140d902a020008040600001f6a07d0',
);

test('sll: a GRE tunnel device names its protocol sll.gretype and goes on as GRE would', () => {
  const t = tree(113, GRE_DEVICE);
  assert.deepEqual(layers(t), ['sll', 'ipv6', 'udp', 'data']);
  const p = must(t, 'sll.gretype');
  assert.deepEqual([p.label, p.offset, p.length], ['Protocol: IPv6 (0x86dd)', 14, 2]);
  assert.equal(summarize(113, GRE_DEVICE, GRE_DEVICE.length).info, '6697 → 6697 Len=12');
});

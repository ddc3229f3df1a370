import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// tcpdump-tests/erspan-type-ii-1.pcap #1: eth:ip:gre:erspan:eth:ip:pim (GRE with a sequence number)
//   Encapsulated Remote Switch Packet ANalysis Type II
//     0001 .... .... .... = Version: Type II (1)      .... 0001 0101 0110 = Vlan: 342
//     110. .... .... .... = COS: 6                    ..10 1001 1010 = SpanID: 666
//     .... .... .... 0000 0111 1111 1111 1000 = Index: 32760
const II = hexBytes(
  '00e0009b6d8100259e81b354080045fc006c00ab4000fb2fbc0a01010102c0a8ff05100088be000000ab1156c29a00007ff801005e00000d001f9ed2a980080045c0003a5bf4000001676c6b0a300601e000000d2000c530000100020069001400042c6ceec000130004000000010015000401000000fdec0000',
);
// tcpdump-tests/erspan-type-i-3.pcap #1: GRE without a sequence number, so no ERSPAN header (type I).
//   Cisco_dc:a1:f7 → Broadcast ARP 102 Who has 192.168.90.253? Tell 192.168.90.100
const I = hexBytes(
  '8ca982720f12002389bb68df08004500005800000000fe2f8695c0a85a11c0a85a7f000088beffffffffffff0015fadca1f781000001080600010800060400010015fadca1f7c0a85a64000000000000c0a85afd000000000000000000000000000000000000',
);
// zeek-traces/tunnels/gre-erspan3-dot1q.pcap #1: type III with a platform sub-header (platform 3, port 3,
// upper timestamp 368526056), then the mirrored 802.1Q frame.
const III = hexBytes(
  '0242ac1f018700aecd0007c708004500009200000000402f1f61ac1f0117ac1f0187000022eb200a000070507e55000000070c00000315f742e80050568b6dc700aecd000cf18100000a080045000054bae6400040011363ac1f0a1fac1f0a02080006ba002b000440b9575e00000000982c020000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637',
);

test('erspan: type II header, then the mirrored Ethernet frame', () => {
  const t = tree(1, II);
  assert.deepEqual(layers(t).slice(0, 5), ['eth', 'ip', 'gre', 'erspan', 'eth']);
  const v = must(t, 'erspan.version');
  assert.deepEqual([v.label, v.offset, v.length], ['0001 .... .... .... = Version: Type II (1)', 42, 2]);
  assert.equal(must(t, 'erspan.vlan').label, '.... 0001 0101 0110 = Vlan: 342');
  assert.equal(must(t, 'erspan.spanid').label, '.... ..10 1001 1010 = SpanID: 666');
  assert.equal(must(t, 'erspan.index').label, '.... .... .... 0000 0111 1111 1111 1000 = Index: 32760');
});

test('erspan: type I has no header of its own', () => {
  const t = tree(1, I);
  assert.deepEqual(layers(t), ['eth', 'ip', 'gre', 'erspan', 'eth', 'vlan', 'arp']);
  assert.equal(summarize(1, I, I.length).protocol, 'ARP');
});

test('erspan: type III with its platform-specific sub-header', () => {
  const t = tree(1, III);
  assert.deepEqual(layers(t).slice(0, 6), ['eth', 'ip', 'gre', 'erspan', 'eth', 'vlan']);
  assert.equal(must(t, 'erspan.version').label, '0010 .... .... .... = Version: Type III (2)');
  assert.equal(must(t, 'erspan.o').label, '.... .... .... ...1 = Optional Sub headers: 1');
  assert.equal(must(t, 'erspan.platid').label, '0000 11.. .... .... .... .... .... .... = Platform ID: 3');
  assert.equal(must(t, 'erspan.pid3.timestamp').label.endsWith('Upper 32-bit Timestamp: 368526056'), true);
});

test('erspan: a truncated header is malformed, without an exception', () => {
  const cut = II.subarray(0, 45);
  assert.deepEqual(layers(tree(1, cut, II.length)), ['eth', 'ip', 'gre', 'erspan']);
  assert.equal(summarize(1, cut, II.length).protocol, 'ERSPAN');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { find, hexBytes, layers, must, summarize, tree } from '../test/packet';

// ipoib.pcap #1 (LINKTYPE_IPOIB), tshark -V: IP over Infiniband / Destination address /
//   Destination QPN: 0x000550 / Destination GID: fe80::10:e000:664a:b451 / Type: IPv4 (0x0800) / Reserved: 0x0000
const UNICAST = hexBytes(
  '000000000000000000000000000000002fa3000a80000550fe800000000000000010e000664ab4510800000045000054aefe0000ff011b37c0a8380ac0a8381808002bfb195f000039a3b85c000000007c74080000000000c6f982be307e2db9f00326abfd43bd553bef6a1810b683223f8171e9b2bb671a0c16cbefdebe0713',
);
// ipoib.pcap #7: a Global Route Header (first bytes non-zero): IP Version: 2, Traffic Class: 7, Flow Label: 157027,
//   Source QPN: 0x697665, Destination GID: ff10:401b::ffff:ffff; Type: ARP (0x0806)
const GRH = hexBytes(
  '2072656365697665642062792066696c7465727000ffffffff10401b0000000000000000ffffffff08060000002008001404000280000550fe800000000000000010e000664ab451c0a838188000004ffe800000000000000010e000014ad211c0a8380a',
);

test('ipoib: destination address when the GRH is zero, then IPv4', () => {
  const t = tree(242, UNICAST);
  assert.deepEqual(layers(t), ['ipoib', 'ip', 'icmp', 'data']);
  assert.equal(must(t, 'ipoib.daddr.qpn').label, 'Destination QPN: 0x000550');
  const gid = must(t, 'ipoib.dgid');
  assert.deepEqual([gid.label, gid.offset, gid.length], ['Destination GID: fe80::10:e000:664a:b451', 24, 16]);
  assert.equal(find(t, 'ipoib.grh'), undefined);
  assert.equal(summarize(242, UNICAST, UNICAST.length).protocol, 'ICMP');
});

test('ipoib: a global route header, ARP after it; a cut header is truncated', () => {
  const t = tree(242, GRH);
  assert.equal(layers(t)[0], 'ipoib');
  assert.equal(must(t, 'ipoib.grh.ipver').label, '0010 .... = IP Version: 2');
  assert.equal(must(t, 'ipoib.grh.tclass').label, '.... 0000 0111 .... = Traffic Class: 7');
  assert.equal(must(t, 'ipoib.grh.flowlabel').label, '.... .... .... 0010 0110 0101 0110 0011 = Flow Label: 157027');
  assert.equal(must(t, 'ipoib.grh.sqpn').label, 'Source QPN: 0x697665');
  assert.equal(must(t, 'ipoib.dgid').label, 'Destination GID: ff10:401b::ffff:ffff');
  assert.equal(must(t, 'ipoib.type').label, 'Type: ARP (0x0806)');
  assert.match(summarize(242, GRH.subarray(0, 30), GRH.length).info, /Packet size limited during capture/);
});

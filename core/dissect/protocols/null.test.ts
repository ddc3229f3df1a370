import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// udp-multiple-source-ports.pcap #1 (LINKTYPE_NULL, little-endian host): null:ip:udp:data
//   UDP 127.0.0.1 → 127.0.0.1  29998 → 13000 Len=5
const LE = hexBytes('020000004500002196ed00004011e5dc7f0000017f000001752e32c8000deb74313233340a');

test('null: family in little-endian host order', () => {
  const s = summarize(0, LE, LE.length);
  assert.deepEqual([s.protocol, s.info], ['UDP', '29998 → 13000 Len=5']);
  const t = tree(0, LE);
  assert.deepEqual(layers(t), ['null', 'ip', 'udp', 'data']);
  const fam = must(t, 'null.family');
  assert.deepEqual([fam.label, fam.offset, fam.length], ['Family: IP (2)', 0, 4]);
});

test('null: big-endian family, and LOOP (108) in network order', () => {
  const be = LE.slice();
  be.set([0, 0, 0, 2], 0);
  assert.equal(summarize(0, be, be.length).protocol, 'UDP');
  assert.equal(summarize(108, be, be.length).protocol, 'UDP');
});

test('null: AF_INET6 of the BSDs (24, 28, 30) goes to IPv6', () => {
  const v6 = hexBytes('1e000000' + '6000000000083a40' + '00'.repeat(15) + '01' + '00'.repeat(15) + '01' + '8000000000010001');
  assert.deepEqual(layers(tree(0, v6)), ['null', 'ipv6', 'icmpv6']);
});

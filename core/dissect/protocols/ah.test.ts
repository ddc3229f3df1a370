import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// libpcap-tests/filter/ipv6_ah_modes.pcap #1, tshark: eth:ethertype:ipv6:ah:udp:data, UDP 12345 → 54321 Len=30
//   Authentication Header: Next header: UDP (17), Length: 3 (20 bytes), AH SPI: 0x12345678, AH ICV: 0101010101010101
const AH = hexBytes(
  'aabbccddeeff00112233445586dd60000000003a334020010db800000000000000000000000120010db800000000000000000000000211030000123456780000000001010101010101013039d43100263e9948656c6c6f2c207468697320697320612074657374207061796c6f616421',
);

test('ah: header fields, then the next header', () => {
  const t = tree(1, AH);
  assert.deepEqual(layers(t), ['eth', 'ipv6', 'ah', 'udp', 'data']);
  assert.deepEqual([t[3].offset, t[3].length], [54, 20]);
  assert.equal(must(t, 'ah.length').label, 'Length: 3 (20 bytes)');
  assert.equal(must(t, 'ah.spi').label, 'AH SPI: 0x12345678');
  assert.equal(must(t, 'ah.icv').label, 'AH ICV: 0101010101010101');
  assert.equal(summarize(1, AH, AH.length).info, '12345 → 54321 Len=30');
});

test('ah: a length shorter than the fixed part is malformed', () => {
  const bad = AH.slice();
  bad[55] = 0;
  assert.equal(summarize(1, bad, bad.length).malformed, true);
});

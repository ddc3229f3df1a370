import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// tcpdump-tests/08-sunrise-sunset-aes.pcap #1 (first 64 bytes), tshark: eth:ethertype:ip:esp, ESP  ESP (SPI=0xd1234567)
//   ESP SPI: 0xd1234567 (3508749671), ESP Sequence: 1
const ESP = hexBytes(
  '100000646445100000646423080045000098fcea00004032f902c0010217c001022dd123456700000001e6bb1ce8d0a88170da61de234d5618a09984c00c3ebcfc',
);

test('esp: SPI and sequence; the rest is ciphertext of the ESP layer', () => {
  const s = summarize(1, ESP, 166);
  assert.deepEqual([s.protocol, s.info], ['ESP', 'ESP (SPI=0xd1234567)']);
  const t = tree(1, ESP, 166);
  assert.deepEqual(layers(t), ['eth', 'ip', 'esp']);
  assert.equal(must(t, 'esp.spi').label, 'ESP SPI: 0xd1234567 (3508749671)');
  assert.equal(must(t, 'esp.sequence').label, 'ESP Sequence: 1');
});

test('esp: cut inside the sequence number is truncated, not thrown', () => {
  const cut = ESP.subarray(0, 40);
  assert.match(summarize(1, cut, 166).info, /\[Packet size limited during capture\]/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// gateway_or_not.pcap #1, tshark -n:
//   ICMP 10.20.30.41 → 10.20.30.40  Echo (ping) request  id=0x0007, seq=317/15617, ttl=64
const ECHO = hexBytes(
  'aa000400140e080027e528d1080045000054d2004000400118300a141e290a141e2808003fac0007013dfcf6f4680000000005dd010000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637',
);

test('icmp: echo request columns', () => {
  const s = summarize(1, ECHO, ECHO.length);
  assert.deepEqual([s.protocol, s.source, s.destination, s.info], ['ICMP', '10.20.30.41', '10.20.30.40', 'Echo (ping) request  id=0x0007, seq=317/15617, ttl=64']);
});

test('icmp: tree, checksum verified, data after the header', () => {
  const t = tree(1, ECHO);
  assert.deepEqual(layers(t), ['eth', 'ip', 'icmp', 'data']);
  assert.equal(must(t, 'icmp.type').label, 'Type: 8 (Echo (ping) request)');
  assert.equal(must(t, 'icmp.checksum').label, 'Checksum: 0x3fac [correct]');
  assert.deepEqual([t[3].offset, t[3].length], [34, 8]);
  assert.equal(must(t, 'data.len').label, '[Length: 56]');
});

test('icmp: reply pads the type like Wireshark, unreachable names its code', () => {
  const reply = ECHO.slice();
  reply[34] = 0;
  assert.match(summarize(1, reply, reply.length).info, /^Echo \(ping\) reply {4}id=0x0007/);
  const unreach = ECHO.slice();
  unreach[34] = 3;
  unreach[35] = 3;
  assert.equal(summarize(1, unreach, unreach.length).info, 'Destination unreachable (Port unreachable)');
});

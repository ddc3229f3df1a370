import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// e1000g.pcap #1 (LINKTYPE_IPNET), tshark -V: Header version: 1, Address family: Solaris AF_INET (2),
//   Hook type: Inbound (0), Data length: 84, Interface index: 2, Group interface index: 0,
//   Source Zone ID: 4294967295, Destination Zone ID: 0; ICMP Echo (ping) request id=0x1af5, seq=0/0, ttl=249
const PING = hexBytes(
  '01020000000000540000000200000000ffffffff0000000045000054e58e0000f901fcd581926a370a05e975080032e21af50000ed760d4bb9630b0008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637',
);

test('ipnet: the 24-byte header, then IPv4 by the family', () => {
  const t = tree(226, PING);
  assert.deepEqual(layers(t), ['ipnet', 'ip', 'icmp', 'data']);
  assert.equal(must(t, 'ipnet.family').label, 'Address family: Solaris AF_INET (2)');
  const z = must(t, 'ipnet.zsrc');
  assert.deepEqual([z.label, z.offset, z.length], ['Source Zone ID: 4294967295', 16, 4]);
  const s = summarize(226, PING, PING.length);
  assert.deepEqual([s.protocol, s.info], ['ICMP', 'Echo (ping) request  id=0x1af5, seq=0/0, ttl=249']);
});

test('ipnet: an unknown family stops at the header; a short header is truncated', () => {
  const other = PING.slice();
  other[1] = 7;
  assert.deepEqual(layers(tree(226, other)), ['ipnet', 'data']);
  assert.match(summarize(226, PING.subarray(0, 20), PING.length).info, /Packet size limited during capture/);
});

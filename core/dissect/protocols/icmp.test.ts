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

// zeek-traces/icmp/icmp-timeexceeded.pcap #1, tshark: eth:ethertype:ip:icmp:ip:udp:data
//   ICMP  Time-to-live exceeded (Time to live exceeded in transit); the quoted packet is 10.0.0.2 → 10.0.0.1 UDP
const TTL_EXCEEDED = hexBytes(
  '0010db88d2efc8bcc896d2a008004500003c00010000400166be0a0000010a0000020b000920000000004500002000010000401166ca0a0000020a000001753032c8000c932a58585858',
);

test('icmp: an error dissects the quoted packet but keeps the columns', () => {
  const s = summarize(1, TTL_EXCEEDED, TTL_EXCEEDED.length);
  assert.deepEqual(
    [s.protocol, s.source, s.destination, s.info],
    ['ICMP', '10.0.0.1', '10.0.0.2', 'Time-to-live exceeded (Time to live exceeded in transit)'],
  );
  const t = tree(1, TTL_EXCEEDED);
  assert.deepEqual(layers(t), ['eth', 'ip', 'icmp', 'ip', 'udp', 'data']);
  assert.deepEqual([t[3].offset, t[3].length], [34, 8]);
  assert.equal(must(t, 'icmp.checksum').label, 'Checksum: 0x0920 [correct]');
  assert.equal(t[4].label, 'Internet Protocol Version 4, Src: 10.0.0.2, Dst: 10.0.0.1');
});

test('icmp: a bad checksum is a warning expert item with the right value', () => {
  const bad = TTL_EXCEEDED.slice();
  bad[36] = 0;
  bad[37] = 0x0d;
  const c = must(tree(1, bad), 'icmp.checksum');
  assert.equal(c.label, 'Checksum: 0x000d incorrect, should be 0x0920');
  assert.equal(c.expert?.severity, 'warn');
  assert.equal(must(tree(1, bad), 'icmp.checksum.status').label, '[Checksum Status: Bad]');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// udp-packet.pcap #1, tshark -n: UDP 127.0.0.1 → 127.0.0.1  12345 → 31337 Len=6
const UDP = hexBytes('00000000000000000000000008004500002247874000ff1136417f0000017f00000130397a69000efe2131323334350a');

test('udp: columns and fields', () => {
  const s = summarize(1, UDP, UDP.length);
  assert.deepEqual([s.protocol, s.info], ['UDP', '12345 → 31337 Len=6']);
  const t = tree(1, UDP);
  assert.deepEqual(layers(t), ['eth', 'ip', 'udp', 'data']);
  assert.equal(t[3].label, 'User Datagram Protocol, Src Port: 12345, Dst Port: 31337');
  const len = must(t, 'udp.length');
  assert.deepEqual([len.label, len.offset, len.length], ['Length: 14', 38, 2]);
  assert.deepEqual([t[4].offset, t[4].length], [42, 6]);
});

test('udp: length beyond the IP payload is flagged like Wireshark', () => {
  const bad = UDP.slice();
  bad[38] = 0x30;
  bad[39] = 0x30;
  assert.equal(summarize(1, bad, bad.length).info, '12345 → 31337 [BAD UDP LENGTH 12336 > IP PAYLOAD LENGTH] Len=12328');
});

test('udp: length under 8 is malformed', () => {
  const bad = UDP.slice();
  bad[39] = 4;
  assert.equal(summarize(1, bad, bad.length).malformed, true);
});

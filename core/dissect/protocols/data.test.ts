import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, must, summarize, tree } from '../test/packet';

// udp-packet.pcap #1: UDP payload "12345\n" is data: Data (6 bytes), data.data 3132333435 0a, [Length: 6]
const UDP = hexBytes('00000000000000000000000008004500002247874000ff1136417f0000017f00000130397a69000efe2131323334350a');

test('data: label, bytes and length; the columns stay the layer below', () => {
  const t = tree(1, UDP);
  const d = t[t.length - 1];
  assert.equal(d.label, 'Data (6 bytes)');
  const bytes = must(t, 'data.data');
  assert.deepEqual([bytes.label, bytes.offset, bytes.length], ['Data: 31323334350a', 42, 6]);
  assert.equal(must(t, 'data.len').label, '[Length: 6]');
  assert.equal(summarize(1, UDP, UDP.length).protocol, 'UDP');
});

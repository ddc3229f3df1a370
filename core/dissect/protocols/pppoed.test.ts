import { test } from 'node:test';
import assert from 'node:assert/strict';
import { find, hexBytes, layers, must, summarize, tree } from '../test/packet';

// pppoe.pcap #1, tshark -V: PPP-over-Ethernet Discovery / Version: 1 / Type: 1 /
//   Code: Active Discovery Initiation (PADI) (0x09) / Session ID: 0x0000 / Payload Length: 18 /
//   PPPoE Tags: PPP-Max-Payload: 05dc, Host-Uniq: 16372c16 (the empty Service-Name shows nothing)
const PADI = hexBytes('ffffffffffff000c29903a8b8863110900000012010100000120000205dc0103000416372c16');

test('pppoed: header and tags of a PADI', () => {
  const t = tree(1, PADI);
  assert.deepEqual(layers(t), ['eth', 'pppoed']);
  assert.equal(must(t, 'pppoe.code').label, 'Code: Active Discovery Initiation (PADI) (0x09)');
  assert.equal(must(t, 'pppoe.version').label, '0001 .... = Version: 1');
  assert.equal(must(t, 'pppoe.session_id').label, 'Session ID: 0x0000');
  const tags = must(t, 'pppoed.tags');
  assert.deepEqual([tags.offset, tags.length], [20, 18]);
  assert.deepEqual(tags.children?.map((c) => c.label), ['PPP-Max-Payload: 05dc', 'Host-Uniq: 16372c16']);
  assert.equal(find(t, 'pppoed.tags.service_name'), undefined);
  const s = summarize(1, PADI, PADI.length);
  assert.deepEqual([s.protocol, s.info], ['PPPoED', 'Active Discovery Initiation (PADI)']);
});

test('pppoed: a tag running past the payload is an expert item; a cut header is truncated', () => {
  const bad = PADI.slice();
  bad[33] = 0x20; // Host-Uniq length 32
  const t = tree(1, bad);
  assert.ok(t[2].children?.some((c) => c.expert?.severity === 'warn'));
  const cut = summarize(1, PADI.subarray(0, 17), PADI.length);
  assert.match(cut.info, /Packet size limited during capture/);
});

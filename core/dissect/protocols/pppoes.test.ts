import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// pppoes.pcap #1, tshark -V: PPP-over-Ethernet Session / Code: Session Data (0x00) / Session ID: 0x0017 /
//   Payload Length: 14 / Point-to-Point Protocol / PPP Link Control Protocol (Echo Request)
const SESSION = hexBytes('000218030007000423a95d8e886411000017000ec021096a000ca4cbea340ee2f609');

test('pppoes: the session header, then PPP for the payload length', () => {
  const t = tree(1, SESSION);
  assert.deepEqual(layers(t), ['eth', 'pppoes', 'ppp', 'lcp']);
  const pppoes = t[2];
  assert.deepEqual([pppoes.label, pppoes.offset, pppoes.length], ['PPP-over-Ethernet Session', 14, 6]);
  assert.equal(must(t, 'pppoe.session_id').label, 'Session ID: 0x0017');
  assert.deepEqual([must(t, 'pppoe.payload_length').label, must(t, 'pppoe.payload_length').offset], ['Payload Length: 14', 18]);
});

test('pppoes: bytes after the payload length are not PPP (the Ethernet trailer); LINKTYPE_PPP_ETHER (51) starts here', () => {
  const padded = hexBytes('000218030007000423a95d8e886411000017000ec021096a000ca4cbea340ee2f609' + '00'.repeat(8));
  const pt = tree(1, padded);
  assert.deepEqual(layers(pt), ['eth', 'pppoes', 'ppp', 'lcp']);
  assert.deepEqual([pt[4].offset, pt[4].length], [22, 12]);
  const linkType51 = SESSION.subarray(14);
  assert.deepEqual(layers(tree(51, linkType51)), ['pppoes', 'ppp', 'lcp']);
  const long = SESSION.slice();
  long[19] = 0x40; // payload length 64 > 14 bytes present
  const t = tree(1, long);
  assert.ok(t[2].children?.some((c) => c.expert?.message.startsWith('Possible bad payload length')));
  assert.equal(summarize(1, long, long.length).protocol, 'PPP LCP');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// imap-starttls.pcap #6, tshark: IMAP Request: . CAPABILITY (imap.request_tag ".", imap.request.command CAPABILITY)
const REQUEST = hexBytes('9059af5b66d468a86d18690e08004500003655fc400040062c4bc0a81135d4e311bac1e8008f8224e6d14fa846cb5018400043c900002e204341504142494c4954590d0a');
// imap-starttls.pcap #11, tshark: IMAP Response: . OK Begin TLS negotiation now (status OK, imap.command Begin)
const RESPONSE = hexBytes('68a86d18690e9059af5b66d408004520004855e3400030063c32d4e311bac0a81135008fc1e84fa847ae8224e6eb5018001d7b9800002e204f4b20426567696e20544c53206e65676f74696174696f6e206e6f770d0a');

test('imap: tagged request', () => {
  const s = summarize(1, REQUEST, REQUEST.length);
  assert.deepEqual([s.protocol, s.info], ['IMAP', 'Request: . CAPABILITY']);
  const t = tree(1, REQUEST);
  assert.deepEqual(layers(t), ['eth', 'ip', 'tcp', 'imap']);
  const cmd = must(t, 'imap.request.command');
  assert.deepEqual([cmd.label, cmd.offset, cmd.length], ['Request Command: CAPABILITY', 56, 10]);
});

test('imap: tagged response', () => {
  assert.equal(summarize(1, RESPONSE, RESPONSE.length).info, 'Response: . OK Begin TLS negotiation now');
  const t = tree(1, RESPONSE);
  assert.deepEqual([must(t, 'imap.response.status').label, must(t, 'imap.command').label], ['Response Status: OK', 'Command: Begin']);
});

test('imap: ciphertext after STARTTLS goes to TLS; a cut segment does not throw', () => {
  const enc = RESPONSE.slice();
  enc[54] = 0x17;
  enc[55] = 0x03;
  enc[56] = 0x03;
  enc[57] = 0x00;
  enc[58] = 0x10;
  const s = summarize(1, enc, enc.length);
  assert.deepEqual([s.protocol, s.info], ['TLSv1.2', 'Application Data']);
  assert.doesNotThrow(() => tree(1, REQUEST.slice(0, 58), REQUEST.length));
});

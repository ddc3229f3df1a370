import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// ftp-invalid-reply-code.pcap #4, tshark: FTP Response: 220 py.fake ready (code 220, arg "py.fake ready")
const REPLY = hexBytes('000000000000000000000000080045000047ab9e4000400691107f0000017f0000010015c89a1dce4baf60505cbd80180200980900000101080a4d261b3d4d261b3d3232302070792e66616b652072656164790d0a');
// ftp-invalid-reply-code.pcap #6, tshark: FTP Request: USER zeek
const USER = hexBytes('00000000000000000000000008004500003f4b7a40004006f13c7f0000017f000001c89a001560505cbd1dce4bc28018020018cc00000101080a4d2623724d261b3d55534552207a65656b0d0a');

test('ftp: reply code and argument', () => {
  const s = summarize(1, REPLY, REPLY.length);
  assert.deepEqual([s.protocol, s.info], ['FTP', 'Response: 220 py.fake ready']);
  const t = tree(1, REPLY);
  assert.deepEqual(layers(t), ['eth', 'ip', 'tcp', 'ftp']);
  const code = must(t, 'ftp.response.code');
  assert.deepEqual([code.label, code.offset, code.length], ['Response code: 220', 66, 3]);
  assert.equal(must(t, 'ftp.response.arg').label, 'Response arg: py.fake ready');
});

test('ftp: request command and argument', () => {
  assert.equal(summarize(1, USER, USER.length).info, 'Request: USER zeek');
  const t = tree(1, USER);
  assert.deepEqual([must(t, 'ftp.request.command').label, must(t, 'ftp.request.arg').offset], ['Request command: USER', 71]);
});

test('ftp: a reply without a code, and a cut segment, do not throw', () => {
  const bad = REPLY.slice();
  bad[67] = 0x78; // "2x0 py.fake ready"
  const t = tree(1, bad);
  assert.equal(must(t, 'ftp.response.arg').label, 'Response arg: 2x0 py.fake ready');
  assert.doesNotThrow(() => tree(1, REPLY.slice(0, 70), REPLY.length));
});

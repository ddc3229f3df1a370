import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// smtp-multi-addr.pcap #10, tshark: SMTP C: RCPT To:<jan.grashofer@cern.ch> | DATA
const PIPELINED = hexBytes('f202fc5ee9eaf2ec00583c3408004500005b746640004006a710bcb8819dbcb82418892f001912725d14a66b76a68018007bebf900000101080ad3b728af201d33665243505420546f3a3c6a616e2e67726173686f666572406365726e2e63683e0d0a444154410d0a');
// smtp-multi-addr.pcap #11, tshark: SMTP S: 250 2.1.5 Recipient OK | 354 Start mail input; end with <CRLF>.<CRLF>
const REPLIES = hexBytes('f2ec00583c34f20bedfc5f6408004500007a411540007b069f42bcb82418bcb8819d0019892fa66b76a612725d3b801801036d9000000101080a201d3367d3b728af32353020322e312e3520526563697069656e74204f4b0d0a333534205374617274206d61696c20696e7075743b20656e642077697468203c43524c463e2e3c43524c463e0d0a');

test('smtp: pipelined commands', () => {
  const s = summarize(1, PIPELINED, PIPELINED.length);
  assert.deepEqual([s.protocol, s.info], ['SMTP', 'C: RCPT To:<jan.grashofer@cern.ch> | DATA']);
  const t = tree(1, PIPELINED);
  assert.deepEqual(layers(t), ['eth', 'ip', 'tcp', 'smtp']);
  const cmd = must(t, 'smtp.req.command');
  assert.deepEqual([cmd.label, cmd.length], ['Command: RCPT', 4]);
  assert.equal(must(t, 'smtp.req.parameter').label, 'Request parameter: To:<jan.grashofer@cern.ch>');
});

test('smtp: two replies in one segment', () => {
  const s = summarize(1, REPLIES, REPLIES.length);
  assert.equal(s.info, 'S: 250 2.1.5 Recipient OK | 354 Start mail input; end with <CRLF>.<CRLF>');
  const code = must(tree(1, REPLIES), 'smtp.response.code');
  assert.deepEqual([code.label, code.length], ['Response code: 250', 3]);
});

test('smtp: message data and a cut segment', () => {
  const data = PIPELINED.slice();
  data.set(new TextEncoder().encode('Subj'), 66);
  assert.match(summarize(1, data, data.length).info, /^C: DATA fragment, \d+ bytes$/);
  assert.doesNotThrow(() => tree(1, REPLIES.slice(0, 80), REPLIES.length));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// HDLC.pcap #1, tshark: "N/A → N/A SLARP 24 Line keepalive, outgoing sequence 5, returned sequence 2"
//   Packet type: Line keepalive (2) / Outgoing sequence number: 5 / Returned sequence number: 2 / Reliability: 0xffff
const KEEPALIVE = hexBytes('8f008035000000020000000500000002ffff0078f0a20000');
// chdlc-slarp-short.pcap #1: Reliability: 0x04ff with [Expert Info (Error/Malformed): Reliability must be 0xFFFF]
const BAD = hexBytes('8f00803500000002000d0a3157405e2604ff');

test('slarp: a line keepalive, no data after it', () => {
  const t = tree(104, KEEPALIVE);
  assert.deepEqual(layers(t), ['chdlc', 'slarp']);
  const mine = must(t, 'slarp.mysequence');
  assert.deepEqual([mine.label, mine.offset, mine.length], ['Outgoing sequence number: 5', 8, 4]);
  assert.equal(must(t, 'slarp.reliability').label, 'Reliability: 0xffff');
  const s = summarize(104, KEEPALIVE, KEEPALIVE.length);
  assert.deepEqual([s.protocol, s.info], ['SLARP', 'Line keepalive, outgoing sequence 5, returned sequence 2']);
});

test('slarp: a reliability other than 0xffff is an error item; a request names address and mask', () => {
  const t = tree(104, BAD);
  assert.ok(t[2].children?.some((c) => c.expert?.message === 'Reliability must be 0xFFFF'));
  assert.equal(summarize(104, BAD, BAD.length).info, 'Line keepalive, outgoing sequence 854577, returned sequence 1463836198');
  const req = hexBytes('8f008035' + '00000000' + '0a000001' + 'ffffff00' + '0000');
  assert.equal(summarize(104, req, req.length).info, 'Request, from 10.0.0.1, mask 255.255.255.0');
  assert.match(summarize(104, BAD.subarray(0, 10), BAD.length).info, /Packet size limited during capture/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { find, hexBytes, layers, must, summarize, tree } from '../test/packet';

// zeek-traces/wikipedia.pcap #121, tshark: eth:ethertype:ip:udp:llmnr  LLMNR Standard query 0x4620 A BRWC0CB383D1F42
//   Flags: 0x0000 Standard query — Response, Opcode, Conflict: None, Truncated, Tentative: Not tentative
const QUERY = hexBytes(
  '01005e0000fcf04da247ba2508004500003d7e1e00000111f0248d8edce2e00000fcd75b14eb0029cbc54620000000010000000000000f4252574330434233383344314634320000010001',
);

test('llmnr: query with LLMNR flags', () => {
  const s = summarize(1, QUERY, QUERY.length);
  assert.deepEqual([s.protocol, s.info], ['LLMNR', 'Standard query 0x4620 A BRWC0CB383D1F42']);
  const t = tree(1, QUERY);
  assert.deepEqual(layers(t), ['eth', 'ip', 'udp', 'llmnr']);
  assert.equal(must(t, 'dns.flags.conflict').label, '.... .0.. .... .... = Conflict: None');
  assert.equal(must(t, 'dns.flags.tentative').label, '.... ...0 .... .... = Tentative: Not tentative');
  assert.equal(find(t, 'dns.flags.recdesired'), undefined);
  const name = must(t, 'dns.qry.name');
  assert.deepEqual([name.offset, name.length], [54, 17]);
});

test('llmnr: a question cut short is malformed', () => {
  const bad = QUERY.subarray(0, QUERY.length - 2);
  assert.equal(summarize(1, bad, bad.length).malformed, true);
});

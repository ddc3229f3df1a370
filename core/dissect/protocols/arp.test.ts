import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// gateway_or_not.pcap #9: ARP  08:00:27:e5:28:d1 → aa:00:04:00:14:0e  Who has 10.20.30.40? Tell 10.20.30.41
const REQUEST = hexBytes('aa000400140e080027e528d108060001080006040001080027e528d10a141e290000000000000a141e28');

test('arp: request columns and fields', () => {
  const s = summarize(1, REQUEST, REQUEST.length);
  assert.deepEqual([s.protocol, s.source, s.destination, s.info], ['ARP', '08:00:27:e5:28:d1', 'aa:00:04:00:14:0e', 'Who has 10.20.30.40? Tell 10.20.30.41']);
  const t = tree(1, REQUEST);
  assert.deepEqual(layers(t), ['eth', 'arp']);
  assert.equal(t[2].label, 'Address Resolution Protocol (request)');
  assert.equal(must(t, 'arp.opcode').label, 'Opcode: request (1)');
  const tpa = must(t, 'arp.dst.proto_ipv4');
  assert.equal(tpa.label, 'Target IP address: 10.20.30.40');
  assert.deepEqual([tpa.offset, tpa.length], [38, 4]);
});

test('arp: reply and announcement', () => {
  const reply = REQUEST.slice();
  reply[21] = 2;
  assert.equal(summarize(1, reply, reply.length).info, '10.20.30.41 is at 08:00:27:e5:28:d1');
  const ann = REQUEST.slice();
  ann.set([10, 20, 30, 41], 38);
  assert.equal(summarize(1, ann, ann.length).info, 'ARP Announcement for 10.20.30.41');
});

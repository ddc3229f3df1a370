import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldCells } from '../test/field-cells';
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

test('arp: a request for its own address with a non-zero target MAC is gratuitous, not an announcement', () => {
  // tcpdump-tests/arp-too-long-tha.pcap #1 (without its 802.1ad tag), tshark: "Gratuitous ARP for 48.48.48.48 (Request)",
  // arp.isgratuitous=1, no arp.isannouncement
  const bytes = hexBytes('ffffffffffff020000000001' + '0806' + '0001080006040001' + '020000000001' + '30303030' + '000000003030' + '30303030');
  const s = summarize(1, bytes, bytes.length);
  assert.equal(s.info, 'Gratuitous ARP for 48.48.48.48 (Request)');
  assert.deepEqual(fieldCells(1, bytes, ['arp.isgratuitous', 'arp.isannouncement']), { 'arp.isgratuitous': '1', 'arp.isannouncement': '' });
  assert.equal(tree(1, bytes)[2].label, 'Address Resolution Protocol (request/gratuitous ARP)');
});

test('arp: hardware size past the end keeps the fixed header fields, then marks the layer (tshark arp-oobr #13)', () => {
  const bytes = hexBytes('ffffffffffff020000000001' + '0806' + '0001080086040001' + '00'.repeat(20));
  const t = tree(1, bytes);
  assert.equal(must(t, 'arp.hw.size').label, 'Hardware size: 134');
  assert.equal(summarize(1, bytes, bytes.length).malformed, true);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { find, hexBytes, layers, must, summarize, tree } from '../test/packet';

// mpls-traceroute.pcap #1 (LINKTYPE_PPP), tshark -V:
//   Point-to-Point Protocol / Protocol: MPLS Unicast (0x0281)
//   MultiProtocol Label Switching Header, Label: 100704, Exp: 0, S: 1, TTL: 1
//   Internet Protocol Version 4, Src: 12.4.4.4, Dst: 12.1.1.1 — UDP 42315 → 33435 Len=12
const PPP_MPLS = hexBytes('ff0302811896010145000028a54c00000111f76f0c0404040c010101a54b829b00140000000000000000000000000000');
// mpls-label-heapoverflow.pcap #1 (Ethernet, 0x8848): two labels, then the capture ends.
//   Label: 197379, Exp: 0, S: 0, TTL: 48 / Label: 197387, Exp: 5, S: 1, TTL: 48
//   [Packet size limited during capture: MPLS truncated]; Info "MPLS Label Switched Packet[Packet size limited during capture]"
const TWO_LABELS = hexBytes('3030303030303030303030308848303030303030bb30');

test('mpls: one label under PPP, then IPv4 by the first nibble', () => {
  const t = tree(9, PPP_MPLS);
  assert.deepEqual(layers(t), ['ppp', 'mpls', 'ip', 'udp', 'data']);
  const mpls = t[2];
  assert.deepEqual([mpls.label, mpls.offset, mpls.length], ['MultiProtocol Label Switching Header, Label: 100704, Exp: 0, S: 1, TTL: 1', 4, 4]);
  const label = must(t, 'mpls.label');
  assert.deepEqual([label.label, label.offset, label.length], ['0001 1000 1001 0110 0000 .... .... .... = MPLS Label: 100704 (0x18960)', 4, 4]);
  assert.equal(must(t, 'mpls.ttl').label, '.... .... .... .... .... .... 0000 0001 = MPLS TTL: 1');
  assert.equal(must(t, 'mpls.bottom').label, '.... .... .... .... .... ...1 .... .... = MPLS Bottom Of Label Stack: 1');
  const s = summarize(9, PPP_MPLS, PPP_MPLS.length);
  assert.deepEqual([s.protocol, s.info], ['UDP', '42315 → 33435 Len=12']);
});

test('mpls: a label stack cut by the snapshot is truncated after both labels', () => {
  const s = summarize(1, TWO_LABELS, 100);
  assert.deepEqual([s.protocol, s.info, s.malformed], ['MPLS', 'MPLS Label Switched Packet[Packet size limited during capture]', false]);
  const t = tree(1, TWO_LABELS, 100);
  assert.deepEqual(layers(t), ['eth', 'mpls']);
  const entries = t[2].children?.filter((c) => c.label.startsWith('MultiProtocol')) ?? [];
  assert.deepEqual(entries.map((e) => [e.label, e.offset]), [
    ['MultiProtocol Label Switching Header, Label: 197379, Exp: 0, S: 0, TTL: 48', 14],
    ['MultiProtocol Label Switching Header, Label: 197387, Exp: 5, S: 1, TTL: 48', 18],
  ]);
});

test('mpls: nothing after the bottom label is malformed when the frame was whole', () => {
  const s = summarize(1, TWO_LABELS, TWO_LABELS.length);
  assert.deepEqual([s.info, s.malformed], ['MPLS Label Switched Packet[Malformed Packet]', true]);
});

test('mpls: nibble 0 is an Ethernet pseudowire without control word (tshark: mpls:pwethheuristic:pwethnocw:eth)', () => {
  const inner = '000000000001' + '000000000002' + '0800' + '4500001c0000000040010000c0a80001c0a800020800f7ff00000000';
  const bytes = hexBytes('000000000001000000000002' + '8847' + '0001f1ff' + inner);
  assert.deepEqual(layers(tree(1, bytes)), ['eth', 'mpls', 'pwethheuristic', 'pwethnocw', 'eth', 'ip', 'icmp']);
  assert.equal(summarize(1, bytes, bytes.length).protocol, 'ICMP');
});

test('mpls: another nibble is data; the GAL label (13) not at the bottom is an expert warning', () => {
  const other = hexBytes('000000000001000000000002' + '8847' + '0001f1ff' + 'a0000000');
  assert.deepEqual(layers(tree(1, other)), ['eth', 'mpls', 'data']);
  const gal = hexBytes('000000000001000000000002' + '8847' + '0000d0ff' + '0001f1ff' + '4500001c0000000040010000c0a80001c0a800020800f7ff00000000');
  const t = tree(1, gal);
  assert.ok(find(t, 'mpls.label'));
  assert.ok(t[2].children?.some((c) => c.expert?.message === 'Invalid Label'));
});

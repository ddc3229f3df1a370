import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// gateway_or_not.pcap #9, tshark -n:
//   ARP  08:00:27:e5:28:d1 → aa:00:04:00:14:0e  Who has 10.20.30.40? Tell 10.20.30.41
//   Ethernet II, Src: 08:00:27:e5:28:d1, Dst: aa:00:04:00:14:0e ... Type: ARP (0x0806)
const ARP = hexBytes('aa000400140e080027e528d108060001080006040001080027e528d10a141e290000000000000a141e28');

test('eth: addresses, type and byte ranges', () => {
  const t = tree(1, ARP);
  assert.deepEqual(layers(t), ['eth', 'arp']);
  assert.equal(t[1].label, 'Ethernet II, Src: 08:00:27:e5:28:d1, Dst: aa:00:04:00:14:0e');
  assert.deepEqual([t[1].offset, t[1].length], [0, 14]);
  const dst = must(t, 'eth.dst');
  assert.equal(dst.label, 'Destination: aa:00:04:00:14:0e');
  assert.deepEqual([dst.offset, dst.length], [0, 6]);
  assert.equal(must(t, 'eth.src').offset, 6);
  assert.equal(must(t, 'eth.type').label, 'Type: ARP (0x0806)');
  assert.equal(must(t, 'eth.dst.lg').label, '.... ..1. .... .... .... .... = LG bit: Locally administered address (this is NOT the factory default)');
  assert.equal(must(t, 'eth.dst.ig').label, '.... ...0 .... .... .... .... = IG bit: Individual address (unicast)');
  assert.ok(t[0].children?.some((c) => c.label === '[Protocols in frame: eth:ethertype:arp]'));
});

test('eth: unknown EtherType shows the number as protocol and the payload as data', () => {
  const bytes = hexBytes('ffffffffffff0200000000019000' + '00010203');
  const s = summarize(1, bytes, bytes.length);
  assert.equal(s.protocol, '0x9000');
  assert.equal(s.info, 'Ethernet II');
  assert.deepEqual(layers(tree(1, bytes)), ['eth', 'data']);
});

test('eth: 802.3 length field is named as LLC, trailer beyond the length is padding', () => {
  const bytes = hexBytes('0180c20000000200000000010003' + '424203' + '000000');
  const t = tree(1, bytes);
  assert.match(t[1].label, /^IEEE 802\.3 Ethernet/);
  assert.equal(must(t, 'eth.len').label, 'Length: 3');
  assert.equal(summarize(1, bytes, bytes.length).protocol, 'LLC');
  const pad = must(t, 'eth.padding');
  assert.deepEqual([pad.offset, pad.length], [17, 3]);
});

test('eth: a frame cut inside the header is limited during capture, not malformed', () => {
  const s = summarize(1, ARP.subarray(0, 10), 42);
  assert.equal(s.malformed, false);
  assert.match(s.info, /\[Packet size limited during capture\]$/);
  const s2 = summarize(1, ARP.subarray(0, 10), 10);
  assert.equal(s2.malformed, true);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldCells } from '../test/field-cells';
import { find, hexBytes, layers, must, summarize, tree } from '../test/packet';

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

test('eth: 802.3 length field is named as LLC; beyond the length, a frame under 60 bytes has a trailer, not padding', () => {
  const bytes = hexBytes('0180c20000000200000000010003' + '424203' + '000000');
  const t = tree(1, bytes);
  assert.match(t[1].label, /^IEEE 802\.3 Ethernet/);
  assert.equal(must(t, 'eth.len').label, 'Length: 3');
  assert.equal(summarize(1, bytes, bytes.length).protocol, 'LLC');
  assert.equal(find(t, 'eth.padding'), undefined);
  const trailer = must(t, 'eth.trailer');
  assert.deepEqual([trailer.offset, trailer.length], [17, 3]);
});

test('eth: padding to 60 bytes, trailer and a guessed FCS as Wireshark 4.0 splits them (eth, vlan)', () => {
  // Four frames written with text2pcap; tshark -T fields -e frame.len -e eth.padding -e eth.trailer -e eth.fcs
  // -e eth.fcs.status -e vlan.trailer prints (tab-separated):
  //   68  000000000000000000000000000000000000  aabbccdd  0x11223344  2
  //   60  -  010000000000000000000000000000000000
  //   64  0000000000000000000000000000  -  -  -  deadbeef
  //   80  -  0102030405060708090a0b0c0d0e  0x0f101112  2
  const ip28 = '4500001c00004000401126cf0a0000010a000002' + '3039303900080000';
  const eth = '0200000000010200000000020800';
  const fields = ['frame.len', 'eth.padding', 'eth.trailer', 'eth.fcs', 'eth.fcs.status', 'vlan.trailer'];
  const cells = (hex: string) => Object.values(fieldCells(1, hexBytes(hex), fields));
  assert.deepEqual(cells(eth + ip28 + '00'.repeat(18) + 'aabbccdd11223344'), ['68', '00'.repeat(18), 'aabbccdd', '0x11223344', '2', '']);
  assert.deepEqual(cells(eth + ip28 + '01' + '00'.repeat(17)), ['60', '', '01' + '00'.repeat(17), '', '', '']);
  assert.deepEqual(cells('020000000001020000000002810000640800' + ip28 + '00'.repeat(14) + 'deadbeef'), ['64', '00'.repeat(14), '', '', '', 'deadbeef']);
  // tcpdump-tests/forces2.pcap #4 (Linux cooked, 62 bytes, IPv4 length 36): eth.padding 0000000000000000 under
  // sll, then a 2-byte sll.trailer (not declared in Trawl yet, so left out).
  const sll = '000000010006000c29a52fab0000080045020024000040004084b5e6c0a8018fc0a8018e1a3084c194d0219825b16a4b0b000004' + '00'.repeat(10);
  assert.deepEqual(Object.values(fieldCells(113, hexBytes(sll), ['eth.padding', 'eth.fcs'])), ['00'.repeat(8), '']);
  const ip48 = '4500003000004000401126bb0a0000010a000002' + '3039303900080000' + '00'.repeat(20);
  assert.deepEqual(cells(eth + ip48 + '0102030405060708090a0b0c0d0e0f101112'), ['80', '', '0102030405060708090a0b0c0d0e', '0x0f101112', '2', '']);
});

test('eth: a frame cut inside the header is limited during capture, not malformed', () => {
  const s = summarize(1, ARP.subarray(0, 10), 42);
  assert.equal(s.malformed, false);
  assert.match(s.info, /\[Packet size limited during capture\]$/);
  const s2 = summarize(1, ARP.subarray(0, 10), 10);
  assert.equal(s2.malformed, true);
});

test('eth: hidden OUI and LG/IG fields follow each address, as tshark -T fields prints them', () => {
  // libpcap-tests/filter/ISIS_external_lsp.pcap #1 (-T fields): eth.addr 01:80:c2:00:00:14,c2:02:29:98:00:01
  //   eth.dst.oui 98498, eth.addr.oui 98498,12714537, eth.ig 1,0, eth.lg 0,1
  const bytes = hexBytes('0180c2000014c2022998000100560' + '0fefe03' + '00'.repeat(83));
  assert.deepEqual(fieldCells(1, bytes, ['eth.addr', 'eth.dst.oui', 'eth.addr.oui', 'eth.ig', 'eth.lg', 'eth.len', 'frame.protocols']), {
    'eth.addr': '01:80:c2:00:00:14,c2:02:29:98:00:01',
    'eth.dst.oui': '98498',
    'eth.addr.oui': '98498,12714537',
    'eth.ig': '1,0',
    'eth.lg': '0,1',
    'eth.len': '86',
    'frame.protocols': 'eth:llc:data', // tshark: eth:llc:osi:isis:isis.csnp (OSI is not dissected here)
  });
  // Hidden fields are not in the tree.
  assert.equal(find(tree(1, bytes), 'eth.ig'), undefined);
});

test('eth: a length/type between 1500 and 1536 is neither; an expert item says so', () => {
  const bytes = hexBytes('ffffffffffff020000000001' + '05ff' + '00'.repeat(46));
  const t = tree(1, bytes);
  assert.equal(must(t, 'eth.invalid_lentype').label, 'Invalid length/type: 0x05ff (1535)');
  assert.ok(JSON.stringify(t).includes('Invalid length/type: 0x05ff (1535)'));
});

test('eth: an 802.3 length past the end of the frame is an expert item, the rest is still LLC', () => {
  const bytes = hexBytes('0180c2000000020000000001' + '0100' + 'f0f003' + '00'.repeat(10));
  const t = tree(1, bytes);
  assert.deepEqual(layers(t), ['eth', 'llc', 'data']);
  assert.ok(JSON.stringify(t).includes('Length field value goes past the end of the payload'));
  assert.equal(summarize(1, bytes, bytes.length).malformed, false);
});

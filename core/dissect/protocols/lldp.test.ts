import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// tcpdump-tests/lldp-app-priority.pcap #1: eth:ethertype:lldp
//   LLDP  MA/00:00:00:02:00:02 IN/leaf0b-eth10 120 SysN=leaf0b SysD=5c:16:c7:00:00:01
//   TLV types 1,2,3,4,5,6,127×6,0; Port Id: leaf0b-eth10
const P = hexBytes(
  '0180c200000e00000000000088cc020704000000020002040d056c65616630622d657468313006020078082942696720436c6f7564204661627269632053776974636820506f7274206c65616630622d65746831300a066c65616630620c1135633a31363a63373a30303a30303a3031fe050026e10101fe090026e1026c65616630fe050026e10301fe100026e10400005c16c70bba1b00000000fe060080c20b0110fe080080c20c00840cbc0000',
);

test('lldp: mandatory and common TLVs, and the Info column', () => {
  const s = summarize(1, P, P.length);
  assert.deepEqual([s.protocol, s.info], ['LLDP', 'MA/00:00:00:02:00:02 IN/leaf0b-eth10 120 SysN=leaf0b SysD=5c:16:c7:00:00:01 ']);
  const t = tree(1, P);
  assert.deepEqual(layers(t), ['eth', 'lldp']);
  const type = must(t, 'lldp.tlv.type');
  assert.deepEqual([type.label, type.offset, type.length], ['0000 001. .... .... = TLV Type: Chassis Id (1)', 14, 2]);
  assert.equal(must(t, 'lldp.tlv.len').label, '.... ...0 0000 0111 = TLV Length: 7');
  assert.equal(must(t, 'lldp.chassis.id.mac').label, 'Chassis Id: 00:00:00:02:00:02');
  const port = must(t, 'lldp.port.id');
  assert.deepEqual([port.label, port.offset, port.length], ['Port Id: leaf0b-eth10', 26, 12]);
  assert.equal(must(t, 'lldp.time_to_live').label, 'Seconds: 120');
  assert.equal(must(t, 'lldp.tlv.system.name').label, 'System Name: leaf0b');
});

test('lldp: a PDU not starting with a Chassis ID TLV is invalid, as Wireshark says', () => {
  const bad = P.slice();
  bad[14] = 0xfe;
  assert.equal(summarize(1, bad, bad.length).info, 'Invalid Chassis ID TLV');
});

test('lldp: a truncated TLV is malformed, without an exception', () => {
  const cut = P.subarray(0, 30);
  assert.deepEqual(layers(tree(1, cut, P.length)), ['eth', 'lldp']);
  assert.equal(summarize(1, cut, P.length).protocol, 'LLDP');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldCells } from '../test/field-cells';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// tcpdump-tests/reason_code-3.pcap #1 (radiotap, LINKTYPE 127), tshark -T fields:
//   radiotap.length 24, channel.freq 2412; wlan.fc.type_subtype 0x000c, ra 00:0c:41:82:b2:55,
//   ta 00:0d:93:82:36:3a, bssid 00:0c:41:82:b2:55, seq 181, wlan.fixed.reason_code 0x0003
//   Info "Deauthentication, SN=181, FN=0, Flags=........"
const DEAUTH = hexBytes('000018008e58000000026c09a000640000390000feaa65acc0003a01000c4182b255000d9382363a000c4182b255500b0300');
// A data frame To DS with an LLC/SNAP/IPv4 payload on LINKTYPE_IEEE802_11 (105).
const DATA = hexBytes(
  '08012c00' + '00000000000a' + '00000000000b' + '00000000000c' + '1000' + 'aaaa030000000800' +
    '4500001c0001000040110000c0a80001c0a800020035003500080000',
);

test('wlan: radiotap then a deauthentication frame; fields, ranges and Info as tshark', () => {
  const t = tree(127, DEAUTH);
  assert.deepEqual(layers(t), ['radiotap', 'wlan']);
  assert.deepEqual([t[1].offset, t[1].length], [0, 24]);
  assert.equal(t[2].offset, 24);
  const ra = must(t, 'wlan.ra');
  assert.deepEqual([ra.offset, ra.length], [28, 6]);
  const s = summarize(127, DEAUTH, DEAUTH.length);
  assert.deepEqual([s.protocol, s.info, s.source, s.destination], ['802.11', 'Deauthentication, SN=181, FN=0, Flags=........', '00:0d:93:82:36:3a', '00:0c:41:82:b2:55']);
  assert.deepEqual(fieldCells(127, DEAUTH, ['radiotap.length', 'radiotap.channel.freq', 'wlan.fc.type_subtype', 'wlan.ra', 'wlan.ta', 'wlan.bssid', 'wlan.addr', 'wlan.seq', 'wlan.fixed.reason_code']), {
    'radiotap.length': '24',
    'radiotap.channel.freq': '2412',
    'wlan.fc.type_subtype': '0x000c',
    'wlan.ra': '00:0c:41:82:b2:55',
    'wlan.ta': '00:0d:93:82:36:3a',
    'wlan.bssid': '00:0c:41:82:b2:55',
    'wlan.addr': '00:0c:41:82:b2:55,00:0d:93:82:36:3a,00:0c:41:82:b2:55',
    'wlan.seq': '181',
    'wlan.fixed.reason_code': '0x0003',
  });
});

test('wlan: a To-DS data frame names BSSID/SA/DA by the DS bits and carries LLC', () => {
  const t = tree(105, DATA);
  assert.deepEqual(layers(t), ['wlan', 'llc', 'ip', 'udp']);
  assert.deepEqual(fieldCells(105, DATA, ['wlan.fc.ds', 'wlan.bssid', 'wlan.sa', 'wlan.da', 'wlan.staa', 'llc.type', 'frame.protocols']), {
    'wlan.fc.ds': '0x01',
    'wlan.bssid': '00:00:00:00:00:0a',
    'wlan.sa': '00:00:00:00:00:0b',
    'wlan.da': '00:00:00:00:00:0c',
    'wlan.staa': '00:00:00:00:00:0b',
    'llc.type': '0x0800',
    'frame.protocols': 'wlan:llc:ip:udp',
  });
});

test('wlan/radiotap: truncated and damaged headers become marked layers, no exception', () => {
  const cut = summarize(127, DEAUTH.subarray(0, 30), DEAUTH.length);
  assert.equal(cut.malformed, false);
  assert.match(cut.info, /\[Packet size limited during capture\]$/);
  const bad = DEAUTH.slice();
  bad[2] = 4; // radiotap length 4 < 8
  const s = summarize(127, bad, bad.length);
  assert.equal(s.malformed, true);
  assert.doesNotThrow(() => tree(127, bad));
  assert.doesNotThrow(() => tree(105, DATA.subarray(0, 20), DATA.length));
});

test('wlan: an Aruba access point tunnels 802.11 frames in GRE (protocol type 0x8200), without FCS', () => {
  // zeek-traces/tunnels/gre-aruba.pcap #1, tshark -T fields: frame.protocols
  //   eth:ethertype:vlan:ethertype:ip:gre:wlan:llc:ip:tcp, wlan.ta 5c:5f:67:02:2e:7a, wlan.seq 2008, tcp.srcport 58973
  const bytes = hexBytes(
    '0011dc000001f05c19cfc8d68100012c0800450000624b030000ff2f2f840a0322ab0a210a170000820088010000f05c197c8d705c5f67022e7a' +
      '0011dc000001807d0000aaaa030000000800450000286ea840008006b7e20a25245ccdb9d80ae65d005005e6e91bd4485b005011409695ff0000',
  );
  assert.deepEqual(fieldCells(1, bytes, ['frame.protocols', 'wlan.ta', 'wlan.seq', 'tcp.srcport']), {
    'frame.protocols': 'eth:ethertype:vlan:ethertype:ip:gre:wlan:llc:ip:tcp',
    'wlan.ta': '5c:5f:67:02:2e:7a',
    'wlan.seq': '2008',
    'tcp.srcport': '58973',
  });
});

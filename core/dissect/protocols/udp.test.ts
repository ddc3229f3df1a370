import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectFields, defaultRegistry, tsharkFieldCells } from '../index';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// udp-packet.pcap #1, tshark -n: UDP 127.0.0.1 → 127.0.0.1  12345 → 31337 Len=6
const UDP = hexBytes('00000000000000000000000008004500002247874000ff1136417f0000017f00000130397a69000efe2131323334350a');

test('udp: columns and fields', () => {
  const s = summarize(1, UDP, UDP.length);
  assert.deepEqual([s.protocol, s.info], ['UDP', '12345 → 31337 Len=6']);
  const t = tree(1, UDP);
  assert.deepEqual(layers(t), ['eth', 'ip', 'udp', 'data']);
  assert.equal(t[3].label, 'User Datagram Protocol, Src Port: 12345, Dst Port: 31337');
  const len = must(t, 'udp.length');
  assert.deepEqual([len.label, len.offset, len.length], ['Length: 14', 38, 2]);
  assert.deepEqual([t[4].offset, t[4].length], [42, 6]);
});

test('udp: length beyond the IP payload is flagged like Wireshark', () => {
  const bad = UDP.slice();
  bad[38] = 0x30;
  bad[39] = 0x30;
  assert.equal(summarize(1, bad, bad.length).info, '12345 → 31337 [BAD UDP LENGTH 12336 > IP PAYLOAD LENGTH] Len=12328');
});

test('udp: length under 8 is malformed', () => {
  const bad = UDP.slice();
  bad[39] = 4;
  assert.equal(summarize(1, bad, bad.length).malformed, true);
});

// Raw IPv4/IPv6 (LINKTYPE_RAW, 101) datagrams built for these tests, 40000 → 9999 with payload "abcd";
// tshark 4.0.17's Info and -T fields -e udp.port -e udp.length -e udp.checksum.status -e udp.payload below.
const RAW = 101;
function cells(bytes: Uint8Array, names: string[]): string[] {
  const meta = { number: 1, timestamp: { sec: 0, nsec: 0 }, relTime: 0, caplen: bytes.length, origlen: bytes.length, interface: { id: 0, linkType: RAW, linkTypeName: 'RAW', snapLen: 65535, tsDigits: 6 } };
  return tsharkFieldCells(collectFields(bytes, meta, new Set(names)), names, (n) => defaultRegistry.fields.get(n));
}
const NAMES = ['udp.port', 'udp.length', 'udp.checksum.status', 'udp.payload'];
const CASES: [string, string, string[]][] = [
  // checksum 0x1234: Unverified (2)
  ['4500002000014000401100000a0000010a0000029c40270f000c123461626364', '40000 → 9999 Len=4', ['40000,9999', '12', '2', '61626364']],
  // zero checksum over IPv4: [zero-value ignored], Not present (3)
  ['4500002000014000401100000a0000010a0000029c40270f000c000061626364', '40000 → 9999 Len=4', ['40000,9999', '12', '3', '61626364']],
  // zero checksum over IPv6: Illegal (4), an error
  ['60000000000c114000000000000000000000000000000001000000000000000000000000000000029c40270f000c000061626364', '40000 → 9999 Len=4 [ILLEGAL CHECKSUM (0)]', ['40000,9999', '12', '4', '61626364']],
  // length 40 > IP payload
  ['4500002000014000401100000a0000010a0000029c40270f0028123461626364', '40000 → 9999 [BAD UDP LENGTH 40 > IP PAYLOAD LENGTH] Len=32', ['40000,9999', '40', '2', '61626364']],
  // length 10 < IP payload: the payload field still runs to the end of the IP payload, as tshark's
  ['4500002000014000401100000a0000010a0000029c40270f000a123461626364', '40000 → 9999 Len=2', ['40000,9999', '10', '2', '61626364']],
  // length 0 over IPv6: a jumbogram (with a warning: the payload is under 65536)
  ['60000000000c114000000000000000000000000000000001000000000000000000000000000000029c40270f0000123461626364', '40000 → 9999 Len=4 [Jumbogram]', ['40000,9999', '0', '2', '61626364']],
  // no payload
  ['4500001c00014000401100000a0000010a0000029c40270f00081234', '40000 → 9999 Len=0', ['40000,9999', '8', '2', '']],
];

test('udp: length and checksum cases as tshark shows them', () => {
  for (const [hex, info, want] of CASES) {
    const p = hexBytes(hex);
    const s = summarize(RAW, p, p.length);
    assert.deepEqual([s.info, s.malformed], [info, false], hex);
    assert.deepEqual(cells(p, NAMES), want, hex);
  }
});

test('udp: the zero-checksum error and the jumbogram warning are expert items', () => {
  const v6zero = tree(RAW, hexBytes(CASES[2][0]));
  assert.equal(must(v6zero, 'udp.checksum').expert?.message, 'Illegal checksum value (0)');
  assert.equal(must(v6zero, 'udp.checksum').label, 'Checksum: 0x0000 [zero-value illegal]');
  assert.equal(must(tree(RAW, hexBytes(CASES[5][0])), 'udp.length').expert?.message, 'Length is zero but payload < 65536');
  const payload = must(tree(RAW, hexBytes(CASES[0][0])), 'udp.payload');
  assert.deepEqual([payload.label, payload.offset, payload.length], ['UDP payload (4 bytes)', 28, 4]);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FieldOccurrence } from '../dissect/context';
import { compileDisplayFilter } from './compile';

/** A packet as collectFields lists it: protocols (no value) and fields, in tree order. */
const occ = (name: string, value?: FieldOccurrence['value'], offset = 0, length = 0): FieldOccurrence => ({ name, value, offset, length });
const ipv4 = (a: number, b: number, c: number, d: number) => Uint8Array.of(a, b, c, d);
const PACKET: FieldOccurrence[] = [
  occ('frame', undefined, 0, 20),
  occ('frame.len', 60),
  occ('frame.protocols', 'eth:ethertype:ip:tcp'),
  occ('ip', undefined, 0, 20),
  occ('ip.ttl', 64),
  occ('ip.src', ipv4(10, 1, 2, 3)),
  occ('ip.addr', ipv4(10, 1, 2, 3)),
  occ('ip.dst', ipv4(192, 168, 0, 1)),
  occ('ip.addr', ipv4(192, 168, 0, 1)),
  occ('tcp', undefined, 0, 20),
  occ('tcp.port', 443),
  occ('tcp.port', 51000),
  occ('tcp.flags', 0x012),
  occ('tcp.flags.syn', true),
  occ('tcp.flags.fin', false),
  occ('tcp.payload', Uint8Array.of(0x47, 0x45, 0x54, 0x20)),
];
const BYTES = Uint8Array.from({ length: 20 }, (_, i) => i);

const yes = (text: string) => assert.equal(compileDisplayFilter(text).matches(PACKET, BYTES), true, text);
const no = (text: string) => assert.equal(compileDisplayFilter(text).matches(PACKET, BYTES), false, text);

test('== holds for any occurrence; != only when every occurrence differs (4.0); === all; !== any', () => {
  yes('tcp.port == 443');
  yes('tcp.port == 51000');
  no('tcp.port != 443');
  yes('tcp.port != 80');
  yes('tcp.port !== 443');
  yes('tcp.port ~= 443');
  no('tcp.port === 443');
  yes('ip.addr === 0.0.0.0/0');
  no('udp.port != 53'); // a missing field makes every relation false
  yes('not udp.port == 53');
});

test('ordering, CIDR, booleans, masks, membership', () => {
  yes('ip.ttl >= 64 and ip.ttl le 64');
  no('ip.ttl > 64');
  yes('ip.src == 10.0.0.0/8');
  no('ip.src == 10.0.0.0/16');
  yes('ip.dst > 10.0.0.0');
  yes('tcp.flags.syn == 1 && tcp.flags.fin == False');
  yes('tcp.flags & 0x02');
  no('tcp.flags & 0x04');
  yes('tcp.flags & 0x12 == 0x12');
  yes('tcp.port in {80, 400..500}');
  no('tcp.port in {80, 1..442}');
  yes('tcp.port not in {80}');
  no('ip.ttl > -1');
  no('ip.ttl < -1');
  yes('ip.ttl != -1');
});

test('strings, bytes, slices, protocols, functions, xor', () => {
  yes('frame.protocols contains "ip:tcp"');
  no('frame.protocols contains "IP:TCP"');
  yes('frame.protocols matches "IP:TCP$"'); // case-insensitive by default, as PCRE in 4.0
  no('frame.protocols matches "(?-i)IP:TCP$"');
  yes('tcp.payload contains "GET"');
  yes('tcp.payload[0:3] == "GET"');
  yes('tcp.payload[0:3] == 47:45:54');
  yes('tcp.payload[-1] == 20');
  yes('tcp.payload[1-2] == 45.54');
  yes('tcp.payload[0:1,3:1] == 47:20');
  no('tcp.payload[2:10] == 00'); // a slice past the end yields nothing
  yes('ip.src[0] == 0a');
  yes('frame[0:3] == 00:01:02');
  yes('tcp contains 05:06'); // a protocol's bytes
  yes('len(tcp.payload) == 4');
  yes('len(ip) == 20');
  yes('count(ip.addr) == 2');
  yes('upper(frame.protocols) contains "TCP"');
  yes('ip.src != ip.dst');
  yes('tcp xor udp');
  no('tcp xor ip');
  yes('tcp.flags.syn'); // a boolean field exists whatever its value
  yes('tcp.flags.fin');
});

test('interest lists exactly the names the filter reads; needsBytes only for protocol bytes', () => {
  const f = compileDisplayFilter('tcp.port == 443 && tcp.len > 0');
  assert.deepEqual([...f.interest].sort(), ['tcp.len', 'tcp.port']);
  assert.equal(f.needsBytes, false);
  assert.equal(compileDisplayFilter('frame contains "x"').needsBytes, true);
  assert.equal(compileDisplayFilter('tcp.payload contains "x"').needsBytes, false);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CAPTURES_DIR } from '../../scripts/shared-captures';
import type { FieldOccurrence } from './context';
import type { FieldDef } from './field';
import { tsharkFieldCells, tsharkValueText } from './field-text';
import { compareWithTshark, describeDisagreements } from './test/tshark-fields';

const occ = (name: string, value: FieldOccurrence['value'], label?: string): FieldOccurrence => ({ name, value, offset: 0, length: 0, label });

test('values print as tshark -T fields prints them', () => {
  const u8: FieldDef = { name: 'x', type: 'uint8', base: 'hex', mask: 0xe0 };
  assert.equal(tsharkValueText(u8, occ('ip.flags', 2)), '0x02');
  assert.equal(tsharkValueText({ name: 'x', type: 'uint16', base: 'hex' }, occ('tcp.flags', 0x1c2)), '0x01c2');
  assert.equal(tsharkValueText({ name: 'x', type: 'uint16', base: 'dec_hex' }, occ('icmp.seq', 26)), '26');
  assert.equal(tsharkValueText({ name: 'x', type: 'uint16', base: 'hex_dec' }, occ('a.b', 26)), '0x001a');
  assert.equal(tsharkValueText({ name: 'x', type: 'bool' }, occ('ip.flags.df', true)), '1');
  assert.equal(tsharkValueText({ name: 'x', type: 'bytes' }, occ('data.data', new Uint8Array([1, 0xab]))), '01ab');
  assert.equal(tsharkValueText({ name: 'x', type: 'ether' }, occ('eth.src', new Uint8Array([0, 0x0c, 0x29, 0xf7, 0x80, 0x12]))), '00:0c:29:f7:80:12');
  assert.equal(tsharkValueText({ name: 'x', type: 'string' }, occ('http.request.line', 'Host: a\r\n')), 'Host: a\\r\\n');
  assert.equal(tsharkValueText({ name: 'x', type: 'time', epoch: true }, occ('frame.time_epoch', { sec: 1746883049, nsec: 141151000 })), '1746883049.141151000');
  assert.equal(tsharkValueText({ name: 'x', type: 'time' }, occ('frame.time', { sec: 1746883049, nsec: 141151000 })), 'May 10, 2025 13:17:29.141151000 UTC');
  assert.equal(tsharkValueText({ name: 'x', type: 'protocol' }, occ('ip', undefined, 'Internet Protocol Version 4, Src: a')), 'Internet Protocol Version 4, Src: a');
});

test('a field without a value prints 1, an empty byte string <MISSING>, a signed integer its sign (tshark 4.0)', () => {
  // tcp.analysis, tls.record (FT_NONE): whatever placeholder the dissector passed.
  assert.equal(tsharkValueText({ name: 'x', type: 'none' }, occ('tls.record', '')), '1');
  // An empty wlan.ssid (FT_BYTES): tshark -r Network_Join_Nokia_Mobile.pcap -e wlan.ssid prints <MISSING>.
  assert.equal(tsharkValueText({ name: 'x', type: 'bytes' }, occ('wlan.ssid', new Uint8Array(0))), '<MISSING>');
  assert.equal(tsharkValueText({ name: 'x', type: 'string' }, occ('http.host', '')), '');
  assert.equal(tsharkValueText({ name: 'x', type: 'int8' }, occ('radiotap.dbm_antsignal', -22)), '-22');
  assert.equal(tsharkValueText({ name: 'x', type: 'int16' }, occ('frame.encap_type', 1)), '1');
  assert.equal(tsharkValueText({ name: 'x', type: 'int8', base: 'hex' }, occ('a.b', -52)), '0xcc');
  assert.equal(tsharkValueText({ name: 'x', type: 'int32', base: 'hex' }, occ('a.b', -1)), '0xffffffff');
});

test('occurrences of one field join with commas, in tree order, and a repeated -e repeats the column', () => {
  const list = [occ('tcp.option_kind', 1), occ('ip.ttl', 64), occ('tcp.option_kind', 8)];
  const cells = tsharkFieldCells(list, ['tcp.option_kind', 'ip.ttl', 'ip.id', 'ip.ttl'], () => ({ name: 'x', type: 'uint8' }));
  assert.deepEqual(cells, ['1,8', '64', '', '64']);
});

test('frame, Ethernet and IPv4 header fields equal tshark -T fields on a real capture', async () => {
  const path = join(CAPTURES_DIR, 'tcpdump-tests/accecn_handshake.pcap');
  const fields = ['frame.number', 'frame.time_epoch', 'frame.time_relative', 'frame.len', 'frame.cap_len', 'eth.src', 'eth.dst', 'eth.type', 'ip.src', 'ip.dst', 'ip.flags', 'ip.flags.df', 'ip.ttl', 'ip.id', 'ip.checksum', 'ip.len', 'ip'];
  const a = await compareWithTshark(path, fields);
  assert.equal(a.tsharkRows, a.trawlRows);
  assert.ok(a.fields.every((f) => f.cells > 0), 'every field occurs');
  assert.equal(describeDisagreements(a), '');
});

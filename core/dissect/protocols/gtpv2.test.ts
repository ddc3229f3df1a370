import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// The corpus has no GTPv2 capture: these two frames were written with text2pcap (UDP 2123) and checked with
// tshark 4.0.17:
//   1 10.1.1.1 → 10.2.2.2 GTPv2 71 Create Session Request
//     Flags: 0x48 (Version: 2, T: 1)  Message Type: Create Session Request (32)  Message Length: 26
//     Tunnel Endpoint Identifier: 0x00000000 (0)  Sequence Number: 0x000001 (1)  Spare: 0
//     International Mobile Subscriber Identity (IMSI) : 123456789012345   (IE Type 1, IE Length 8)
//     Recovery (Restart Counter) : 5                                      (IE Type 3, IE Length 1)
//   2 10.1.1.1 → 10.2.2.2 GTPv2 60 Echo Request
const CSR = hexBytes(
  '2052454356002053454e440008004500003912340000ff11927a0a0101010a020202084b084b0025a8ed4820001a00000000000001000100080021436587092143f50300010005',
);
const ECHO = hexBytes(
  '2052454356002053454e440008004500002912340000ff11928a0a0101010a020202084b084b0015631e4001000900000700030001002a0000000000',
);

test('gtpv2: GTP hands a version-2 header over; header and information elements', () => {
  const t = tree(1, CSR);
  assert.deepEqual(layers(t), ['eth', 'ip', 'udp', 'gtpv2']);
  assert.equal(must(t, 'gtpv2.version').label, '010. .... = Version: 2');
  assert.equal(must(t, 'gtpv2.t').label, '.... 1... = TEID flag (T): 1');
  assert.equal(must(t, 'gtpv2.message_type').label, 'Message Type: Create Session Request (32)');
  const seq = must(t, 'gtpv2.seq');
  assert.deepEqual([seq.label, seq.offset, seq.length], ['Sequence Number: 0x000001 (1)', 50, 3]);
  const ie = must(t, 'gtpv2.ie_type');
  assert.deepEqual([ie.label, ie.offset], ['IE Type: International Mobile Subscriber Identity (IMSI) (1)', 54]);
  assert.deepEqual(summarize(1, CSR, CSR.length).info, 'Create Session Request');
});

test('gtpv2: without the T flag there is no TEID', () => {
  const s = summarize(1, ECHO, ECHO.length);
  assert.deepEqual([s.protocol, s.info], ['GTPv2', 'Echo Request']);
  const t = tree(1, ECHO);
  assert.equal(must(t, 'gtpv2.seq').offset, 46);
  assert.equal(must(t, 'gtpv2.ie_type').label, 'IE Type: Recovery (Restart Counter) (3)');
});

test('gtpv2: a truncated message is malformed, without an exception', () => {
  const cut = CSR.subarray(0, 48);
  assert.deepEqual(layers(tree(1, cut, CSR.length)), ['eth', 'ip', 'udp', 'gtpv2']);
  assert.equal(summarize(1, cut, CSR.length).protocol, 'GTPv2');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { find, hexBytes, layers, must, summarize, tree } from '../test/packet';
import { collectFields } from '../index';

// quic_vn.pcap #2 (BSD loopback, IPv6), tshark: QUIC Version Negotiation, SCID=9d5728481287a3b4
//   Header Form: Long Header (1), Unused: 0x00, Version: Version Negotiation (0x00000000),
//   DCIL 0, SCIL 8, Supported Version: 1 (0x00000001), Supported Version: Unknown (0x1a2a3a4a)
const VN = hexBytes('1e00000060000e00001f1140000000000000000000000000000000010000000000000000000000000000000101bbe03e001f0032f50000000000089d5728481287a3b4000000011a2a3a4a');
// merlinc2_Zeek_example.pcapng #6, tshark: QUIC Protected Payload (KP0); a Handshake packet (DCID 336c1afc,
// SCID 1b3ff910, Length: 62) coalesced with a short header packet carrying the same DCID (header_form 1,0).
const COALESCED = hexBytes('123456789abc6045bda983db0800450000ccdad04000801100000a00000418c76ee9cff901bb00b8927def0000000104336c1afc041b3ff910403e4244251ebbcba5afb3049ee684d44233af16265d6ae63e2a7114c2394a5a745d59414d6be97c2a6773179d7d26dd23a880301f060b06344dae3aac0a53be40336c1afc111d26465943be4095726c1260a94231082273ff86296db1d0e4b2cdcd478be84fbcfb6c00b5a7a32d577a633597afb3eb29af3ea2cdcd951eeb7f734023a7a90f827a62b1c3b5132928abe386bd622283687fcfa7b5f3ed6abf60e9');

test('quic: version negotiation', () => {
  const s = summarize(0, VN, VN.length);
  assert.deepEqual([s.protocol, s.info], ['QUIC', 'Version Negotiation, SCID=9d5728481287a3b4']);
  const t = tree(0, VN);
  assert.deepEqual(layers(t), ['null', 'ipv6', 'udp', 'quic']);
  assert.equal(must(t, 'quic.version').label, 'Version: Version Negotiation (0x00000000)');
  const scid = must(t, 'quic.scid');
  assert.deepEqual([scid.label, scid.length], ['Source Connection ID: 9d5728481287a3b4', 8]);
  assert.equal(must(t, 'quic.supported_version').label, 'Supported Version: 1 (0x00000001)');
});

test('quic: coalesced Handshake and short header packets', () => {
  const s = summarize(1, COALESCED, COALESCED.length);
  assert.deepEqual([s.protocol, s.info], ['QUIC', 'Protected Payload (KP0)']);
  const meta = { number: 6, timestamp: { sec: 0, nsec: 0 }, relTime: 0, caplen: COALESCED.length, origlen: COALESCED.length, interface: { linkType: 1 } };
  const f = collectFields(COALESCED, meta as never, new Set(['quic.header_form', 'quic.length', 'quic.packet_length', 'quic.long.packet_type']));
  const vals = (n: string) => f.filter((o) => o.name === n).map((o) => String(o.value));
  assert.deepEqual(vals('quic.header_form'), ['1', '0']);
  assert.deepEqual(vals('quic.long.packet_type'), ['2']);
  assert.deepEqual(vals('quic.length'), ['62']);
  const t = tree(1, COALESCED);
  assert.ok(find(t, 'quic.spin_bit'));
  const len = must(t, 'quic.length');
  assert.equal(len.label, 'Length: 62');
});

test('quic: a Length past the datagram is an expert item, a cut header is truncated, no exception', () => {
  const bad = COALESCED.slice();
  bad[42 + 1 + 4 + 1 + 4 + 1 + 4] = 0x7f; // Length 0x7f3e runs past the end
  assert.doesNotThrow(() => tree(1, bad));
  assert.equal(summarize(1, bad, bad.length).info, 'Handshake, DCID=336c1afc, SCID=1b3ff910');
  assert.doesNotThrow(() => tree(1, COALESCED.slice(0, 50), COALESCED.length));
  assert.doesNotThrow(() => summarize(1, COALESCED.slice(0, 50), COALESCED.length));
});

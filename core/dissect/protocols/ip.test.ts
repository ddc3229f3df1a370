import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, must, summarize, tree } from '../test/packet';

// udp-packet.pcap #1, tshark -n: UDP 127.0.0.1 → 127.0.0.1  12345 → 31337 Len=6
//   Internet Protocol Version 4, Src: 127.0.0.1, Dst: 127.0.0.1; Flags: 0x2, Don't fragment; TTL 255
const UDP = hexBytes('00000000000000000000000008004500002247874000ff1136417f0000017f00000130397a69000efe2131323334350a');

test('ip: header fields with Wireshark labels and byte ranges', () => {
  const t = tree(1, UDP);
  assert.equal(t[2].label, 'Internet Protocol Version 4, Src: 127.0.0.1, Dst: 127.0.0.1');
  assert.deepEqual([t[2].offset, t[2].length], [14, 20]);
  assert.equal(must(t, 'ip.version').label, '0100 .... = Version: 4');
  assert.equal(must(t, 'ip.hdr_len').label, '.... 0101 = Header Length: 20 bytes (5)');
  assert.equal(must(t, 'ip.len').label, 'Total Length: 34');
  assert.equal(must(t, 'ip.id').label, 'Identification: 0x4787 (18311)');
  assert.equal(must(t, 'ip.flags').label, "010. .... = Flags: 0x2, Don't fragment");
  assert.equal(must(t, 'ip.flags.df').label, ".1.. .... = Don't fragment: Set");
  assert.equal(must(t, 'ip.frag_offset').label, '...0 0000 0000 0000 = Fragment Offset: 0');
  assert.equal(must(t, 'ip.ttl').label, 'Time to Live: 255');
  assert.equal(must(t, 'ip.proto').label, 'Protocol: UDP (17)');
  // Wireshark 4.0 leaves the IPv4 header checksum unverified by default (ip.check_checksum: FALSE).
  assert.equal(must(t, 'ip.checksum').label, 'Header Checksum: 0x3641 [validation disabled]');
  assert.equal(must(t, 'ip.checksum.status').label, '[Header checksum status: Unverified]');
  const src = must(t, 'ip.src');
  assert.equal(src.label, 'Source Address: 127.0.0.1');
  assert.deepEqual([src.offset, src.length], [26, 4]);
});

// tshark 4.0 on a header with a wrong checksum: "Header Checksum: 0x1241 [validation disabled]", status
// Unverified and no expert item (it verifies only with -o ip.check_checksum:TRUE), so Trawl does the same.
test('ip: a wrong header checksum is left unverified, as tshark does by default', () => {
  const bad = UDP.slice();
  bad[24] = 0x12;
  const t = tree(1, bad);
  assert.equal(must(t, 'ip.checksum').label, 'Header Checksum: 0x1241 [validation disabled]');
  assert.equal(must(t, 'ip.checksum.status').label, '[Header checksum status: Unverified]');
});

test('ip: fragments say so in Info and their payload is data', () => {
  const frag = UDP.slice();
  frag[20] = 0x20; // MF
  frag[24] = 0;
  frag[25] = 0;
  const s = summarize(1, frag, frag.length);
  assert.equal(s.info, 'Fragmented IP protocol (proto=UDP 17, off=0, ID=4787)');
  assert.deepEqual(tree(1, frag).slice(1).map((n) => n.field), ['eth', 'ip', 'data']);
});

test('ip: bogus header length is malformed, never an exception', () => {
  const bogus = UDP.slice();
  bogus[14] = 0x43;
  const s = summarize(1, bogus, bogus.length);
  assert.equal(s.malformed, true);
  assert.match(s.info, /^Bogus IP header length \(12, must be at least 20\)/);
  assert.ok(tree(1, bogus).some((n) => n.field === '_ws.malformed'));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, must, summarize, tree } from '../test/packet';
import { createDissector, defaultRegistry, type IpReassemblyInfo, type PacketFlowInfo } from '../index';

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

// Two fragments of the UDP datagram above (8 + 6 bytes), built from UDP by hand: #1 MF, offset 0, the UDP
// header; #2 offset 8, the 6 payload bytes. tshark -2 shows #1 "Fragmented IP protocol (…) [Reassembled in
// #2]" and dissects UDP at #2 over "Reassembled IPv4 (14 bytes)".
function fragmentsOfUdp(): [Uint8Array, Uint8Array] {
  const first = UDP.slice(0, 14 + 20 + 8);
  first[16] = 0; first[17] = 28; // total length 20 + 8
  first[20] = 0x20; first[21] = 0; // MF, offset 0
  const second = new Uint8Array(14 + 20 + 6);
  second.set(UDP.subarray(0, 34));
  second.set(UDP.subarray(42), 34);
  second[16] = 0; second[17] = 26;
  second[20] = 0; second[21] = 1; // offset 1 (8 bytes)
  return [first, second];
}

test('ip: with flow info, the completing fragment continues on the reassembled datagram; the others say where', () => {
  const [first, second] = fragmentsOfUdp();
  const datagram = {
    version: 4 as const, id: 0x4787, protocol: 17, bytes: UDP.slice(34),
    fragments: [
      { number: 1, offset: 0, length: 8, overlap: false, overlapConflict: false, multipleTails: false, tooLong: false },
      { number: 2, offset: 8, length: 6, overlap: false, overlapConflict: false, multipleTails: false, tooLong: false },
    ],
  };
  const meta = (number: number, bytes: Uint8Array, ip: IpReassemblyInfo) => ({
    number, timestamp: { sec: 1, nsec: 0 }, relTime: 0, caplen: bytes.length, origlen: bytes.length,
    interface: { id: 0, linkType: 1, linkTypeName: 'EN10MB', snapLen: 65535, tsDigits: 6 }, flow: { ip },
  });
  const done = { reassembledIn: 2, version: 4 as const, id: 0x4787, datagram };
  assert.equal(summarizeWith(second, { ip: done }).info, '12345 → 31337 Len=6');
  const d = createDissector(defaultRegistry).dissectDetail(second, meta(2, second, done));
  assert.deepEqual(d.tree.slice(1).map((n) => n.field), ['eth', 'ip', 'udp', 'data']);
  assert.deepEqual(d.sources?.map((s) => [s.label, s.bytes.length]), [['Frame', second.length], ['Reassembled IPv4', 14]]);
  const frags = must(d.tree, 'ip.fragments');
  assert.equal(frags.label, '2 IPv4 Fragments (14 bytes): #1(8), #2(6)');
  assert.deepEqual([frags.source, frags.offset, frags.length], [1, 0, 14]);
  assert.deepEqual(frags.children?.map((c) => c.label), [
    'Frame: 1, payload: 0-7 (8 bytes)', 'Frame: 2, payload: 8-13 (6 bytes)', '[Fragment count: 2]',
    '[Reassembled IPv4 length: 14]', '[Reassembled IPv4 data: 30397a69000efe2131323334350a]',
  ]);
  const udp = must(d.tree, 'udp');
  assert.deepEqual([udp.source, udp.offset, udp.length], [1, 0, 8]);
  assert.equal(must(d.tree, 'udp.srcport').source, 1, 'fields under a layer over reassembled bytes say so');
  assert.equal(must(d.tree, 'ip').source, undefined, 'the IP header is in the frame');

  const earlier = { reassembledIn: 2, version: 4 as const, id: 0x4787 };
  assert.equal(summarizeWith(first, { ip: earlier }).info, 'Fragmented IP protocol (proto=UDP 17, off=0, ID=4787) [Reassembled in #2]');
  const t = createDissector(defaultRegistry).dissectTree(first, meta(1, first, earlier));
  assert.equal(must(t, 'ip.reassembled_in').label, '[Reassembled IPv4 in frame: 2]');
  assert.deepEqual(t.slice(1).map((n) => n.field), ['eth', 'ip', 'data']);
  // Flow info about another datagram (another identification) changes nothing.
  assert.equal(summarizeWith(first, { ip: { ...earlier, id: 1 } }).info, 'Fragmented IP protocol (proto=UDP 17, off=0, ID=4787)');
});

test('ip: a first fragment not captured whole is dissected as far as it goes, as tshark does', () => {
  const [first] = fragmentsOfUdp();
  const cut = first.slice(0, 14 + 20 + 4);
  const s = summarize(1, cut, first.length);
  assert.equal(s.protocol, 'UDP');
});

function summarizeWith(bytes: Uint8Array, flow: PacketFlowInfo) {
  return createDissector(defaultRegistry).summarize(1, bytes, bytes.length, flow);
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectFields, createDissector, defaultRegistry, tsharkFieldCells, type PacketFlowInfo } from '../index';
import { find, hexBytes, layers, must, summarize, tree } from '../test/packet';

// tcp-handshake-nano.pcap #1 (LINUX_SLL), tshark -n -o tcp.relative_sequence_numbers:FALSE:
//   TCP 131.155.215.69 → 137.116.81.94
//   46656 → 80 [SYN] Seq=797190859 Win=27200 Len=0 MSS=1360 SACK_PERM TSval=1131021154 TSecr=0 WS=128
const SYN = hexBytes(
  '000402000000000000000000000008004500003c29a940004006db5f839bd7458974515eb64000502f842acb00000000a0026a4050c40000020405500402080a436a03620000000001030307',
);

test('tcp: SYN info with options, raw sequence number', () => {
  const s = summarize(113, SYN, SYN.length);
  assert.equal(s.protocol, 'TCP');
  assert.equal(s.info, '46656 → 80 [SYN] Seq=797190859 Win=27200 Len=0 MSS=1360 SACK_PERM TSval=1131021154 TSecr=0 WS=128');
});

test('tcp: tree fields and byte ranges', () => {
  const t = tree(113, SYN);
  assert.deepEqual(layers(t), ['sll', 'ip', 'tcp']);
  assert.equal(t[3].label, 'Transmission Control Protocol, Src Port: 46656, Dst Port: 80, Seq: 797190859, Len: 0');
  assert.deepEqual([t[3].offset, t[3].length], [36, 40]);
  assert.equal(must(t, 'tcp.flags').label, 'Flags: 0x002 (SYN)');
  assert.equal(must(t, 'tcp.flags.syn').label, '.... .... ..1. = Syn: Set');
  assert.equal(must(t, 'tcp.flags.ack').label, '.... ...0 .... = Acknowledgment: Not set');
  assert.equal(must(t, 'tcp.hdr_len').label, '1010 .... = Header Length: 40 bytes (10)');
  const mss = must(t, 'tcp.options.mss_val');
  assert.deepEqual([mss.label, mss.offset, mss.length], ['MSS Value: 1360', 58, 2]);
  assert.equal(must(t, 'tcp.options.wscale.multiplier').label, '[Multiplier: 128]');
  assert.equal(must(t, 'tcp.len').label, '[TCP Segment Len: 0]');
});

test('tcp: options cut by the snapshot length keep the words read so far', () => {
  const cut = SYN.subarray(0, 66);
  const s = summarize(113, cut, SYN.length);
  assert.equal(s.info, '46656 → 80 [SYN] Seq=797190859 Win=27200 Len=0 MSS=1360 SACK_PERM[Packet size limited during capture]');
  assert.equal(s.malformed, false);
});

test('tcp: ACK shows Ack, payload length from the IP length', () => {
  const ack = SYN.slice();
  ack[16 + 20 + 13] = 0x18; // PSH, ACK
  const s = summarize(113, ack, ack.length);
  assert.match(s.info, /^46656 → 80 \[PSH, ACK\] Seq=797190859 Ack=0 Win=27200 Len=0/);
});

// The packets below are raw IPv4 (LINKTYPE_RAW, 101), built for these tests; tshark 4.0.17 read them with
// -o tcp.relative_sequence_numbers:FALSE -o tcp.analyze_sequence_numbers:FALSE.
const RAW = 101;

/** Cells as tshark -T fields prints them. */
function cells(bytes: Uint8Array, names: string[]): string[] {
  const meta = { number: 1, timestamp: { sec: 0, nsec: 0 }, relTime: 0, caplen: bytes.length, origlen: bytes.length, interface: { id: 0, linkType: RAW, linkTypeName: 'RAW', snapLen: 65535, tsDigits: 6 } };
  return tsharkFieldCells(collectFields(bytes, meta, new Set(names)), names, (n) => defaultRegistry.fields.get(n));
}

// 40000 → 40001 [ACK] Seq=1000 Ack=2000 Win=… Len=5 SLE=5000 SRE=6000 TFO=C
//   Options: (28 bytes), No-Operation (NOP), No-Operation (NOP), SACK, TCP Fast Open, Unknown (0x63), End of Option List (EOL), End of Option List (EOL)
//   tcp.port=40000,40001 tcp.option_kind=1,1,5,34,99,0,0 tcp.option_len=10,10,4 tcp.options.sack.count=1
//   tcp.options.tfo=220aaaaaaaaaaaaaaaaa tcp.options.unknown=63040102 tcp.nxtseq=1005 tcp.hdr_len=48
const OPTS = hexBytes('4500004900014000400600000a0000010a0000029c409c41000003e8000007d0c0100200123400000101050a0000138800001770220aaaaaaaaaaaaaaaaa63040102000068656c6c6f');

test('tcp: SACK, Fast Open, unknown and EOL options as tshark -T fields prints them', () => {
  const names = ['tcp.port', 'tcp.option_kind', 'tcp.option_len', 'tcp.options.sack_le', 'tcp.options.sack_re', 'tcp.options.sack.count', 'tcp.options.tfo', 'tcp.options.tfo.cookie', 'tcp.options.unknown', 'tcp.options.unknown.payload', 'tcp.nxtseq', 'tcp.hdr_len', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.checksum.status', 'tcp.payload'];
  assert.deepEqual(cells(OPTS, names), ['40000,40001', '1,1,5,34,99,0,0', '10,10,4', '5000', '6000', '1', '220aaaaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaa', '63040102', '0102', '1005', '48', '1000', '2000', '2', '68656c6c6f']);
  const s = summarize(RAW, OPTS, OPTS.length);
  assert.equal(s.info, '40000 → 40001 [ACK] Seq=1000 Ack=2000 Win=512 Len=5 SLE=5000 SRE=6000 TFO=C');
  const t = tree(RAW, OPTS);
  assert.equal(must(t, 'tcp.options').label, 'Options: (28 bytes), No-Operation (NOP), No-Operation (NOP), SACK, TCP Fast Open, Unknown (0x63), End of Option List (EOL), End of Option List (EOL)');
  const sack = must(t, 'tcp.options.sack');
  assert.deepEqual([sack.label, sack.offset, sack.length], ['TCP Option - SACK 5000-6000', 42, 10]);
  assert.equal(must(t, 'tcp.options.sack_le').label, 'left edge = 5000');
  assert.equal(must(t, 'tcp.option_kind').label, 'Kind: No-Operation (1)');
  const payload = must(t, 'tcp.payload');
  assert.deepEqual([payload.label, payload.offset, payload.length], ['TCP payload (5 bytes)', 68, 5]);
});

// 40000 → 40001 [PSH, ACK] Seq=1000 Ack=2000 Win=… Len=1 TFO=R USER_TO=10 MD5
const OPTS2 = hexBytes('4500004500014000400600000a0000010a0000029c409c41000003e8000007d0c01802001234000022021c04800a1312111111111111111111111111111111110000000078');
// 40000 → 80 [SYN, ACK] Seq=1000 Ack=2000 Win=512 Len=0 TFO=C; Protocol MPTCP (two MPTCP options, Fast Open as an experiment)
const MPTCP = hexBytes('4500003c00014000400600000a0000010a0000029c400050000003e8000007d0a0120200123400001e0400011e08200001020304fe06f989abcd0100');

test('tcp: user timeout, MD5, Fast Open request; MPTCP takes the Protocol column', () => {
  assert.match(summarize(RAW, OPTS2, OPTS2.length).info, / Len=1 TFO=R USER_TO=10 MD5$/);
  assert.deepEqual(cells(OPTS2, ['tcp.option_kind', 'tcp.options.user_to_val', 'tcp.options.user_to_granularity', 'tcp.options.md5.digest']), ['34,28,19,0,0,0,0', '10', '1', '11111111111111111111111111111111']);
  const m = summarize(RAW, MPTCP, MPTCP.length);
  assert.deepEqual([m.protocol, m.info], ['MPTCP', '40000 → 80 [SYN, ACK] Seq=1000 Ack=2000 Win=512 Len=0 TFO=C']);
  assert.deepEqual(cells(MPTCP, ['tcp.option_kind', 'tcp.option_len', 'tcp.options.mptcp.subtype', 'tcp.options.experimental.exid']), ['30,30,254,1,0', '4,8,6', '0,2', '0xf989']);
});

test('tcp: bad option lengths are expert notes, not errors', () => {
  // MSS with length 3: "option length should be 4", no MSS= word.
  const badMss = hexBytes('4500002c00014000400600000a0000010a0000029c400050000003e8000007d06002020012340000020305010000');
  assert.equal(summarize(RAW, badMss, badMss.length).info, '40000 → 80 [SYN] Seq=1000 Win=512 Len=0');
  assert.equal(find(tree(RAW, badMss), 'tcp.option_len')?.expert?.message, 'option length should be 4');
  // A timestamps option of length 40 in a 4-byte option area.
  const past = hexBytes('4500002c00014000400600000a0000010a0000029c400050000003e8000007d06002020012340000082800000000');
  const t = tree(RAW, past);
  assert.equal(must(t, 'tcp.options').label, 'Options: (4 bytes)');
  assert.ok(JSON.stringify(t).includes('Timestamps (option length = 40 bytes says option goes past end of options)'));
  assert.equal(summarize(RAW, past, past.length).malformed, false);
});

test('tcp: bogus header length, short segment and truncated header as tshark', () => {
  const [bogus, short, cut] = [
    '4500002800014000400600000a0000010a0000029c401f90000003e8000007d04010020012340000',
    '4500002800014000400600000a0000010a0000029c401f90000003e8000007d0f010020012340000',
    '4500001a00014000400600000a0000010a0000029c401f900000',
  ].map(hexBytes);
  const b = summarize(RAW, bogus, bogus.length);
  assert.deepEqual([b.info, b.malformed], ['40000 → 8080 [ACK] Seq=1000 Ack=2000 Win=512, bogus TCP header length (16, must be at least 20)', false]);
  assert.equal(must(tree(RAW, bogus), 'tcp.hdr_len').expert?.message, 'Bogus TCP header length (16, must be at least 20)');
  assert.deepEqual(layers(tree(RAW, bogus)), ['raw', 'ip', 'tcp']);
  const s = summarize(RAW, short, short.length);
  assert.deepEqual([s.info, s.malformed], ['40000 → 8080 [ACK] Seq=1000 Ack=2000 Win=512[Malformed Packet]', true]);
  assert.equal(summarize(RAW, cut, cut.length).info, '40000 → 8080[Malformed Packet]');
});

/** A raw IPv4 + TCP (port 80 → 40000) packet carrying `payload`, built for the desegmentation tests. */
function httpSegment(payload: string, seq: number): Uint8Array {
  const body = new TextEncoder().encode(payload);
  const b = new Uint8Array(40 + body.length);
  const v = new DataView(b.buffer);
  v.setUint8(0, 0x45);
  v.setUint16(2, b.length);
  v.setUint8(8, 64);
  v.setUint8(9, 6);
  b.set([10, 0, 0, 1, 10, 0, 0, 2], 12);
  v.setUint16(20, 80);
  v.setUint16(22, 40000);
  v.setUint32(24, seq);
  v.setUint8(32, 0x50);
  v.setUint8(33, 0x10);
  v.setUint16(34, 1000);
  b.set(body, 40);
  return b;
}

test('tcp: with desegmentation, a segment of a later PDU hands nothing on; the completing one dissects the whole PDU from a new source', () => {
  const head = 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab';
  const first = httpSegment(head, 1000);
  const last = httpSegment('cd', 1000 + head.length);
  const d = createDissector(defaultRegistry);
  const meta = (bytes: Uint8Array, flow: PacketFlowInfo) => ({
    number: 2, timestamp: { sec: 0, nsec: 0 }, relTime: 0, caplen: bytes.length, origlen: bytes.length,
    interface: { id: 0, linkType: RAW, linkTypeName: 'RAW', snapLen: 65535, tsDigits: 6 }, flow,
  });
  // Without flow info: the first segment alone, as before.
  assert.equal(summarize(RAW, first, first.length).protocol, 'HTTP');
  const segment: PacketFlowInfo = { tcpPdu: { reassembledIn: 2, startsAt: 0 } };
  const s = d.summarize(RAW, first, first.length, segment);
  assert.equal(s.protocol, 'TCP');
  assert.match(s.info, /Len=40 \[TCP segment of a reassembled PDU\]$/);
  const t = d.dissectTree(first, meta(first, segment));
  assert.deepEqual(layers(t), ['raw', 'ip', 'tcp']);
  assert.equal(must(t, 'tcp.reassembled_in').label, '[Reassembled PDU in frame: 2]');
  assert.equal(must(t, 'tcp.segment_data').label, 'TCP segment data (40 bytes)');

  const bytes = new TextEncoder().encode(`${head}cd`);
  const segments = [{ number: 1, offset: 0, length: 40, from: 0 }, { number: 2, offset: 40, length: 2, from: 0 }];
  const done: PacketFlowInfo = { tcpPdu: { pdu: { segments, length: 42, bytes } } };
  assert.equal(d.summarize(RAW, last, last.length, done).info, 'HTTP/1.1 200 OK ');
  const detail = d.dissectDetail(last, meta(last, done));
  assert.deepEqual(detail.sources?.map((x) => [x.label, x.bytes.length]), [['Frame', last.length], ['Reassembled TCP (42 bytes)', 42]]);
  const list = must(detail.tree, 'tcp.segments');
  assert.equal(list.label, '[2 Reassembled TCP Segments (42 bytes): #1(40), #2(2)]');
  assert.deepEqual(list.children?.map((c) => c.label).slice(0, 4), ['[Frame: 1, payload: 0-39 (40 bytes)]', '[Frame: 2, payload: 40-41 (2 bytes)]', '[Segment count: 2]', '[Reassembled TCP length: 42]']);
  assert.equal(must(detail.tree, 'http').source, 1);
  assert.equal(must(detail.tree, 'http.content_length_header').source, 1);
  // Whole messages before the PDU's start in a segment are still handed on (Wireshark dissects them from the segment).
  const two = httpSegment(`HTTP/1.1 204 No Content\r\n\r\n${head}`, 1000);
  assert.equal(d.summarize(RAW, two, two.length, { tcpPdu: { reassembledIn: 3, startsAt: 27 } }).info, 'HTTP/1.1 204 No Content ');
});

test('tcp: whole messages after a reassembled PDU in its last segment are dissected from the frame, after the PDU', () => {
  const head = 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab';
  const after = 'HTTP/1.1 204 No Content\r\n\r\n';
  // The last segment ends the PDU ("cd"), holds a whole response, then the start of a third (a PDU completed later).
  const last = httpSegment(`cd${after}HTTP/1.1 200`, 1000 + head.length);
  const d = createDissector(defaultRegistry);
  const bytes = new TextEncoder().encode(`${head}cd`);
  const segments = [{ number: 1, offset: 0, length: 40, from: 0 }, { number: 2, offset: 40, length: 2, from: 0 }];
  const done: PacketFlowInfo = { tcpPdu: { pdu: { segments, length: 42, bytes, end: 2 }, reassembledIn: 3, startsAt: 2 + after.length } };
  const s = d.summarize(RAW, last, last.length, done);
  assert.equal(s.info, 'HTTP/1.1 200 OK HTTP/1.1 204 No Content ');
  const detail = d.dissectDetail(last, {
    number: 2, timestamp: { sec: 0, nsec: 0 }, relTime: 0, caplen: last.length, origlen: last.length,
    interface: { id: 0, linkType: RAW, linkTypeName: 'RAW', snapLen: 65535, tsDigits: 6 }, flow: done,
  });
  const https = detail.tree.filter((n) => n.field === 'http');
  assert.deepEqual(https.map((n) => [n.source, n.offset]), [[1, 0], [undefined, 40 + 2]], 'the PDU from its source, then the frame from the PDU\'s end');
  // Without the end known (older flow info), only the PDU.
  assert.equal(d.summarize(RAW, last, last.length, { tcpPdu: { pdu: { segments, length: 42, bytes } } }).info, 'HTTP/1.1 200 OK ');
});

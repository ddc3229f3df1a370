import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectFields, defaultRegistry, tsharkFieldCells } from '../index';
import { find, hexBytes, layers, must, summarize, tree } from '../test/packet';

const SLL = 113;
const RAW = 101;

function cells(linkType: number, bytes: Uint8Array, names: string[]): string[] {
  const meta = { number: 1, timestamp: { sec: 0, nsec: 0 }, relTime: 0, caplen: bytes.length, origlen: bytes.length, interface: { id: 0, linkType, linkTypeName: 'T', snapLen: 65535, tsDigits: 6 } };
  return tsharkFieldCells(collectFields(bytes, meta, new Set(names)), names, (n) => defaultRegistry.fields.get(n));
}

// forces3.pcap #1 (LINUX_SLL), tshark -o sctp.relative_tsns:FALSE:
//   SCTP 192.168.1.142 → 192.168.1.143  INIT
//   INIT chunk (Outbound streams: 1, inbound streams: 1): Initiate tag 0xae7164fc, a_rwnd 57344, Initial TSN 1498547998,
//   Supported address types parameter (Supported types: IPv4) with padding 0000, ECN parameter, Forward TSN supported parameter
const INIT = hexBytes(
  '000400010006000c29b2a1170000080045020044000040004084b5c6c0a8018ec0a8018fd0551a300000000008a8061301000024ae7164fc0000e000000100015952071e000c00060005000080000004c0000004',
);

test('sctp: INIT with its parameters, as tshark', () => {
  const s = summarize(SLL, INIT, INIT.length);
  assert.deepEqual([s.protocol, s.info], ['SCTP', 'INIT ']);
  const t = tree(SLL, INIT);
  assert.deepEqual(layers(t), ['sll', 'ip', 'sctp']);
  assert.equal(t[3].label, 'Stream Control Transmission Protocol, Src Port: 53333 (53333), Dst Port: 6704 (6704)');
  assert.equal(must(t, 'sctp.checksum').label, 'Checksum: 0x08a80613 [unverified]');
  const tag = must(t, 'sctp.init_initiate_tag');
  assert.deepEqual([tag.label, tag.offset, tag.length], ['Initiate tag: 0xae7164fc', 52, 4]);
  assert.ok(find(t, 'sctp.parameter_type')?.label === 'Parameter type: Supported address types (0x000c)');
  assert.deepEqual(cells(SLL, INIT, ['sctp.port', 'sctp.verification_tag', 'sctp.checksum.status', 'sctp.chunk_type', 'sctp.chunk_length', 'sctp.init_initial_tsn', 'sctp.parameter_type', 'sctp.parameter_length', 'sctp.parameter_padding', 'sctp.parameter_supported_address_type', 'sctp.parameter_bit_1', 'sctp.parameter_bit_2']), [
    '53333,6704', '0x00000000', '2', '1', '36', '1498547998', '0x000c,0x8000,0xc000', '6,4,4', '0000', '5', '0,1,1', '0,0,1',
  ]);
});

// forces3.pcap #46: SACK (Ack=2244318874, Arwnd=57344) DATA (TSN=922703193); the DATA chunk's 24 bytes are data.
const SACK_DATA = hexBytes(
  '000400010006000c29b2a1170000080045020058000740004084b5abc0a8018ec0a8018fe1c11a329756083018a803840300001085c5969a0000e000000000000003002836ff55590000000300000000100f00060000000240000003000000000000000408000000',
);

test('sctp: bundled SACK and DATA; the user data goes on as data', () => {
  assert.equal(summarize(SLL, SACK_DATA, SACK_DATA.length).info, 'SACK (Ack=2244318874, Arwnd=57344) DATA (TSN=922703193) ');
  const t = tree(SLL, SACK_DATA);
  assert.deepEqual(layers(t), ['sll', 'ip', 'sctp', 'data']);
  assert.deepEqual([t[4].offset, t[4].length], [80, 24]);
  assert.deepEqual(cells(SLL, SACK_DATA, ['sctp.chunk_type', 'sctp.chunk_flags', 'sctp.chunk_length', 'sctp.data_tsn_raw', 'sctp.sack_cumulative_tsn_ack_raw', 'sctp.data_e_bit', 'sctp.sack_nounce_sum']), [
    '3,0', '0x00,0x03', '16,40', '922703193', '2244318874', '1', '0',
  ]);
});

// Raw IPv4 packets built for these tests, port 5000 → 5001; tshark 4.0.17 -o sctp.relative_tsns:FALSE.
test('sctp: ABORT and ERROR causes, SACK gap blocks in Info', () => {
  // ABORT: User initiated ABORT cause ("bye" + padding 00), Invalid stream identifier cause (SID: 7)
  const abort = hexBytes('4500003400014000408400000a0000010a0000021388138911223344deadbeef06010014000c0007627965000001000800070000');
  assert.equal(summarize(RAW, abort, abort.length).info, 'ABORT ');
  assert.deepEqual(cells(RAW, abort, ['sctp.abort_t_bit', 'sctp.cause_code', 'sctp.cause_information', 'sctp.cause_padding', 'sctp.cause_stream_identifier']), ['1', '0x000c,0x0001', '627965', '00', '7']);
  assert.ok(find(tree(RAW, abort), 'sctp.cause_stream_identifier'));
  // SACK (Ack=1000+9, Arwnd=0) DATA (TSN=50): gap blocks 2-3 and 5-9, one duplicate TSN 998
  const sack = hexBytes('4500005400014000408400000a0000010a0000021388138911223344deadbeef0300001c000003e800000000000200010002000300050009000003e60003001500000032000100020000000068656c6c6f000000');
  assert.equal(summarize(RAW, sack, sack.length).info, 'SACK (Ack=1000+9, Arwnd=0) DATA (TSN=50) ');
  assert.deepEqual(cells(RAW, sack, ['sctp.sack_gap_block_start', 'sctp.sack_gap_block_end', 'sctp.sack_duplicate_tsn', 'sctp.chunk_padding']), ['2,5', '3,9', '998', '000000']);
  assert.equal(must(tree(RAW, sack), 'sctp.sack_a_rwnd').expert?.message, 'Zero Advertised Receiver Window Credit');
});

test('sctp: bad chunk lengths are expert items or malformed, never exceptions', () => {
  // Length 2 < 4: "DATA ", shown and not malformed (as tshark).
  const short = hexBytes('4500002400014000408400000a0000010a0000021388138911223344deadbeef00030002');
  const s = summarize(RAW, short, short.length);
  assert.deepEqual([s.info, s.malformed], ['DATA ', false]);
  assert.equal(must(tree(RAW, short), 'sctp.chunk_length').label, 'Chunk length: 2 (invalid, should be >= 4)');
  // Length 40 with 16 bytes left: "DATA (TSN=0) [Malformed Packet]".
  const long = hexBytes('4500003000014000408400000a0000010a0000021388138911223344deadbeef00030028000000000000000000000000');
  const l = summarize(RAW, long, long.length);
  assert.deepEqual([l.info, l.malformed], ['DATA (TSN=0) [Malformed Packet]', true]);
  assert.equal(must(tree(RAW, long), 'sctp.chunk_length').expert?.message, 'Chunk length (40) is longer than remaining data (16) in the packet.');
  // Two bytes after the common header: "[Malformed Packet]".
  const stub = hexBytes('4500002200014000408400000a0000010a0000021388138911223344deadbeef0b00');
  assert.deepEqual([summarize(RAW, stub, stub.length).info, summarize(RAW, stub, stub.length).malformed], ['[Malformed Packet]', true]);
  // Cut inside the common header by the snapshot length.
  const cut = INIT.subarray(0, 40);
  assert.equal(summarize(SLL, cut, INIT.length).info, '[Packet size limited during capture]');
});

test('sctp: fragments are marked in Info', () => {
  // DATA (TSN=1) (Message Fragment) DATA (TSN=2): tshark completes the message in this packet and drops the
  // second word; Trawl does not reassemble (issue 6) and marks both.
  const frags = hexBytes('4500004800014000408400000a0000010a0000021388138911223344deadbeef00020012000000010001000200000000616200000001001200000002000100020000000063640000');
  assert.equal(summarize(RAW, frags, frags.length).info, 'DATA (TSN=1) (Message Fragment) DATA (TSN=2) (Message Fragment) ');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree, find } from '../test/packet';

// zeek-traces/tunnels/gtp/gtp6_gtp_0x32.pcap #1: eth:ethertype:ip:udp:gtp:ip:tcp
//   10.222.10.10 → 173.194.69.188 GTP <TCP> 110 44960 → 5228 [SYN] Seq=0 Win=64240 Len=0 …
//   GPRS Tunneling Protocol
//     Flags: 0x30 (Version: GTP release 99 version (1), Protocol type: GTP (1))
//     Message Type: T-PDU (0xff)   Length: 60   TEID: 0x760d3bb0 (1980578736)
const U = hexBytes(
  '00000c07ace888e0f3c8bff0080045680060d38700003c111f2a4fbc9a5bf395adc608680868004c88ae30ff003c760d3bb04500003ca1414000400691140ade0a0aadc245bcafa0146c44262ba100000000a002faf085ee0000020405b40402080a000c8ae00000000001030301',
);
// pdp_ctx_messages.pcapng #11: GTPv0 Echo request on UDP 3386, TID 0000000000000000.
const V0 = hexBytes(
  '0000000000000000000000000800450000300000400040113cba7f0000027f0000010d3a0d3a001cb53d1e01000014000000ffffffff0000000000000000',
);

test('gtp: a GTP-U T-PDU carries the inner IPv4 packet', () => {
  const t = tree(1, U);
  assert.deepEqual(layers(t), ['eth', 'ip', 'udp', 'gtp', 'ip', 'tcp']);
  const flags = must(t, 'gtp.flags');
  assert.deepEqual([flags.label, flags.offset, flags.length], ['Flags: 0x30', 42, 1]);
  assert.equal(must(t, 'gtp.flags.s').label, '.... ..0. = Is Sequence Number present?: No');
  assert.equal(must(t, 'gtp.message').label, 'Message Type: T-PDU (0xff)');
  assert.equal(must(t, 'gtp.teid').label, 'TEID: 0x760d3bb0 (1980578736)');
  assert.equal(find(t, 'gtp.seq_number'), undefined);
  assert.equal(summarize(1, U, U.length).info.startsWith('44960 → 5228 [SYN]'), true);
});

test('gtp: extension headers are walked to the payload', () => {
  // The GTP header of gtp_ext_header.pcap #2 (flags 0x36, sequence 5, PDCP PDU number 2308; that frame is a
  // fragment of a reassembled datagram), with U's inner packet after it.
  const inner = U.subarray(50);
  const gtpHeader = '36ff' + (inner.length + 8).toString(16).padStart(4, '0') + '00100657' + '0005' + '00' + 'c0' + '01090400';
  const payload = hexBytes(gtpHeader + Buffer.from(inner).toString('hex'));
  const udp = hexBytes('08680868' + (8 + payload.length).toString(16).padStart(4, '0') + '0000');
  const ip = hexBytes('45000000000000004011000001010101020202020'.slice(0, 40));
  ip[2] = (20 + udp.length + payload.length) >> 8;
  ip[3] = (20 + udp.length + payload.length) & 0xff;
  const frame = new Uint8Array([...U.subarray(0, 14), ...ip, ...udp, ...payload]);
  const t = tree(1, frame);
  assert.deepEqual(layers(t), ['eth', 'ip', 'udp', 'gtp', 'ip', 'tcp']);
  const ext = must(t, 'gtp.ext_hdr');
  assert.deepEqual([ext.label, ext.offset, ext.length], ['Extension header (PDCP PDU number)', 54, 4]);
  assert.equal(must(t, 'gtp.ext_hdr.pdcp_sn').label, 'PDCP Sequence Number: 2308');
});

test('gtp: version 0 on UDP 3386 has the 20-byte header with its TID', () => {
  const t = tree(1, V0);
  assert.deepEqual(layers(t), ['eth', 'ip', 'udp', 'gtp']);
  assert.equal(must(t, 'gtp.flags.reserved').label, '.... 111. = Reserved: 7');
  assert.equal(must(t, 'gtp.tid').label, 'TID: 0000000000000000');
  const s = summarize(1, V0, V0.length);
  assert.deepEqual([s.protocol, s.info], ['GTP', 'Echo request']);
});

test('gtp: a truncated header is malformed, without an exception', () => {
  const cut = U.subarray(0, 47);
  assert.deepEqual(layers(tree(1, cut, U.length)), ['eth', 'ip', 'udp', 'gtp']);
  assert.equal(summarize(1, cut, U.length).protocol, 'GTP');
});

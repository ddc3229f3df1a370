import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// nflog-http.pcap #1 (LINKTYPE_NFLOG), tshark -V: Family: IPv4 (2), Version: 0, Resource id: 42,
//   TLVs NFULA_PACKET_HDR (HW protocol 0x0000, hook Local out (3)), NFULA_PREFIX "", NFULA_IFINDEX_OUTDEV 2,
//   NFULA_UID, NFULA_GID, NFULA_PAYLOAD (64): 10.0.2.15 → 93.184.216.34 TCP 49762 → 80 [SYN]
const SYN = hexBytes(
  '0200002a080001000000030005000a0000000000080005000000000208000b000000000008000e0000000000400009004500003ce8ef400040060fe30a00020f5db8d822c26200503f32bad100000000a002721042180000020405b40402080a0027523e0000000001030307',
);
// nflog-bad-tlv-len.pcap #1: tshark shows the header, then [Malformed Packet: NFLOG]
const BAD_TLV = hexBytes('020000000001010000000000');

test('nflog: header, TLVs, and the payload TLV as IPv4', () => {
  const t = tree(239, SYN);
  assert.deepEqual(layers(t), ['nflog', 'ip', 'tcp']);
  assert.equal(must(t, 'nflog.family').label, 'Family: IPv4 (2)');
  assert.equal(must(t, 'nflog.res_id').label, 'Resource id: 42');
  const tlv = must(t, 'nflog.tlv');
  assert.deepEqual([tlv.label, tlv.offset, tlv.length], ['TLV Type: NFULA_PACKET_HDR (1), Length: 8', 4, 8]);
  assert.equal(must(t, 'nflog.tlv_type').label, '.000 0000 0000 0001 = Type: NFULA_PACKET_HDR (1)');
  assert.equal(must(t, 'nflog.hook').label, 'Netfilter hook: Local out (3)');
  assert.equal(must(t, 'nflog.ifindex_outdev').label, 'IFINDEX_OUTDEV: 2');
  assert.equal(must(t, 'ip').offset, 48);
  const s = summarize(239, SYN, SYN.length);
  assert.deepEqual([s.protocol, s.source, s.destination], ['TCP', '10.0.2.15', '93.184.216.34']);
});

test('nflog: a TLV length below its header is malformed, not an exception', () => {
  const s = summarize(239, BAD_TLV, BAD_TLV.length);
  assert.deepEqual([s.protocol, s.malformed], ['NFLOG', true]);
  assert.match(summarize(239, SYN.subarray(0, 30), SYN.length).info, /Packet size limited during capture/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';
import { frameControlText } from './fddi';

// zeek-traces/llc.pcap #1 (LINKTYPE_FDDI 10): fddi:llc:ip:tcp
//   Fiber Distributed Data Interface, Async LLC frame, priority 0
//     Frame Control: 0x50 (Async LLC frame, priority 0)
//     Destination: 55:00:20:00:41:e5   Source: 55:00:20:00:c1:e5   (bit-swapped on the wire)
//   128.3.140.132 → 194.140.136.34 TCP 70 2035 → 80 [RST] Seq=1 Win=8192 Len=0
const P1 = hexBytes(
  '50aa00040082a7aa00040083a7aaaa03000000080045000028125200000806494880038c84c28c882207f3005052c73e0d52c73e0d500420000ebe000000000000140001',
);

test('fddi: frame control, bit-swapped addresses, then LLC/SNAP to IPv4', () => {
  const t = tree(10, P1);
  assert.deepEqual(layers(t), ['fddi', 'llc', 'ip', 'tcp']);
  const fc = must(t, 'fddi.fc');
  assert.deepEqual([fc.label, fc.offset, fc.length], ['Frame Control: 0x50 (Async LLC frame, priority 0)', 0, 1]);
  assert.equal(must(t, 'fddi.fc.clf').label, '0101 .... = Class/Length/Format: Async LLC (0x5)');
  const dst = must(t, 'fddi.dst');
  assert.deepEqual([dst.label, dst.offset, dst.length], ['Destination: 55:00:20:00:41:e5', 1, 6]);
  assert.equal(must(t, 'fddi.src').label, 'Source: 55:00:20:00:c1:e5');
  const s = summarize(10, P1, P1.length);
  assert.equal(s.protocol, 'TCP');
});

test('fddi: a truncated header is malformed, without an exception', () => {
  const cut = P1.subarray(0, 9);
  const s = summarize(10, cut, 70);
  assert.equal(s.protocol, 'FDDI');
  assert.deepEqual(layers(tree(10, cut, 70)), ['fddi']);
});

test('fddi: frame control texts as Wireshark words them', () => {
  assert.equal(frameControlText(0x51), 'Async LLC frame, priority 1');
  assert.equal(frameControlText(0x58), 'Async LLC frame, control 8');
  assert.equal(frameControlText(0x41), 'SMT info frame');
  assert.equal(frameControlText(0xd0), 'Sync LLC frame');
  assert.equal(frameControlText(0xc5), 'MAC frame, control 5');
  assert.equal(frameControlText(0x20), 'Unknown frame type');
});

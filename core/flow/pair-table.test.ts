import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeFlowPackets, HeaderKind, type FlowRecords } from './flow-record';
import { PairTable } from './pair-table';
import { tcpPacket, udpPacket } from './test/make-packet';

/** The batch's TCP/UDP header indices, in order. */
function transportHeaders(r: FlowRecords): number[] {
  const out: number[] = [];
  for (let h = 0; h < r.kind.length; h++) if (r.kind[h] === HeaderKind.tcp || r.kind[h] === HeaderKind.udp) out.push(h);
  return out;
}

test('both directions of a pair are one entry; ports, addresses and (without ports) only addresses tell entries apart', () => {
  const r = encodeFlowPackets([
    tcpPacket(1, 0, '10.0.0.1', 1234, '10.0.0.2', 80),
    tcpPacket(2, 0, '10.0.0.2', 80, '10.0.0.1', 1234),
    tcpPacket(3, 0, '10.0.0.1', 1235, '10.0.0.2', 80),
    udpPacket(4, 0, '10.0.0.2', 80, '10.0.0.1', 1234),
    tcpPacket(5, 0, '10.0.0.3', 1234, '10.0.0.2', 80),
  ]);
  const [a, b, c, d, e] = transportHeaders(r);
  const ports = new PairTable(true);
  assert.equal(ports.entryOf(r, a), 0);
  assert.equal(ports.created, true);
  assert.equal(ports.srcFirst, true);
  assert.equal(ports.entryOf(r, b), 0);
  assert.equal(ports.created, false);
  assert.equal(ports.srcFirst, false);
  assert.equal(ports.entryOf(r, c), 1);
  assert.equal(ports.entryOf(r, d), 0, 'the table keys endpoint pairs, whatever the header kind');
  assert.equal(ports.entryOf(r, e), 2);
  const addresses = new PairTable(false);
  assert.deepEqual([a, b, c, d, e].map((h) => addresses.entryOf(r, h)), [0, 0, 0, 0, 1]);
  assert.equal(addresses.size, 2);
});

test('entries stay put as the table grows', () => {
  const packets = [];
  for (let i = 0; i < 6000; i++) packets.push(udpPacket(i + 1, 0, `10.${(i >> 8) & 255}.${i & 255}.1`, 1000 + (i % 7), '192.168.0.1', 53));
  const r = encodeFlowPackets(packets);
  const hs = transportHeaders(r);
  const t = new PairTable(true);
  assert.deepEqual(hs.map((h) => t.entryOf(r, h)), hs.map((_, i) => i));
  assert.deepEqual(hs.map((h) => t.entryOf(r, h)), hs.map((_, i) => i));
  assert.equal(t.created, false);
  assert.equal(t.size, 6000);
});

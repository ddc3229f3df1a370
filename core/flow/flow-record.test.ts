import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeFlowPackets, FlowRecordEncoder, HeaderFlag, HeaderKind, MAX_SACK_BLOCKS, tcpScalarsAt } from './flow-record';
import { tcpPacket, udpPacket } from './test/make-packet';

test('a batch carries each header with its addresses and ports, and the first TCP header in full', () => {
  const r = encodeFlowPackets([tcpPacket(5, 0, '10.0.0.1', 1234, '10.0.0.2', 80, { seq: 0xfffffff0, ack: 7, flags: 0x012, len: 10 }), udpPacket(6, 1.5, '10.0.0.3', 53, '10.0.0.1', 999)]);
  assert.equal(r.firstNumber, 5);
  assert.equal(r.count, 2);
  assert.deepEqual(Array.from(r.kind), [HeaderKind.eth, HeaderKind.ipv4, HeaderKind.tcp, HeaderKind.ipv4, HeaderKind.udp]);
  assert.deepEqual(Array.from(r.headerStart), [0, 3, 5]);
  const tcpH = 2;
  assert.equal(r.addrLen[tcpH], 4);
  assert.deepEqual(Array.from(r.addrBytes.subarray(r.addr[tcpH], r.addr[tcpH] + 8)), [10, 0, 0, 1, 10, 0, 0, 2]);
  assert.equal(r.srcPort[tcpH], 1234);
  assert.equal(r.seq[tcpH], 0xfffffff0);
  assert.equal(r.flags[tcpH] & HeaderFlag.tcpComplete, HeaderFlag.tcpComplete);
  const t = tcpScalarsAt(r, 0);
  assert.ok(t);
  assert.equal(t.seq, 0xfffffff0);
  assert.equal(t.ack, 7);
  assert.equal(t.flags, 0x012);
  assert.equal(t.payloadLength, 10);
  assert.equal(t.mss, 1460);
  assert.equal(t.windowScale, 7);
  assert.equal(t.sackPermitted, true);
  assert.deepEqual(t.sack, [1, 2, 3, 4, 5, 6, 7, 8], `only ${MAX_SACK_BLOCKS} SACK blocks are kept`);
  assert.equal(t.tsval, 77);
  assert.equal(t.tsecr, -1);
  assert.equal(tcpScalarsAt(r, 1), undefined);
  assert.equal(r.udp.header[1], 4);
  assert.equal(r.sec[1], 1001);
  assert.equal(r.nsec[1], 500_000_000);
});

test('an encoder sized for more packets than it got returns only those', () => {
  const enc = new FlowRecordEncoder(1, 10);
  enc.add(tcpPacket(1, 0, '1.1.1.1', 1, '2.2.2.2', 2));
  const r = enc.finish();
  assert.equal(r.count, 1);
  assert.equal(r.headerStart.length, 2);
  assert.equal(r.kind.length, 3);
  assert.equal(r.tcp.sack.length, MAX_SACK_BLOCKS * 2);
  assert.throws(() => {
    const e = new FlowRecordEncoder(1, 0);
    e.add(tcpPacket(1, 0, '1.1.1.1', 1, '2.2.2.2', 2));
  }, RangeError);
});

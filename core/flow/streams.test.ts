import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeFlowPackets } from './flow-record';
import { numberStreams } from './streams';
import { tcpPacket, udpPacket } from './test/make-packet';

const SYN = 0x002;
const ACK = 0x010;

test('both directions of a connection share a stream; streams count from 0 in order of appearance', () => {
  const s = numberStreams([
    encodeFlowPackets([
      tcpPacket(1, 0, '10.0.0.1', 40000, '10.0.0.2', 80, { flags: SYN, seq: 100 }),
      tcpPacket(2, 0.1, '10.0.0.2', 80, '10.0.0.1', 40000, { flags: SYN | ACK, seq: 500, ack: 101 }),
      tcpPacket(3, 0.2, '10.0.0.3', 40000, '10.0.0.2', 80, { flags: SYN, seq: 1 }),
      tcpPacket(4, 0.3, '10.0.0.1', 40000, '10.0.0.2', 80, { flags: ACK, seq: 101, ack: 501 }),
      udpPacket(5, 0.4, '10.0.0.1', 53, '10.0.0.9', 53),
      udpPacket(6, 0.5, '10.0.0.9', 53, '10.0.0.1', 53),
    ]),
  ]);
  assert.deepEqual(Array.from(s.tcp), [0, 0, 1, 0, -1, -1]);
  assert.deepEqual(Array.from(s.udp), [-1, -1, -1, -1, 0, 0]);
});

test('a new SYN with another sequence number starts a new stream on the same ports; a retransmitted SYN does not', () => {
  const s = numberStreams([
    encodeFlowPackets([
      tcpPacket(1, 0, '10.0.0.1', 40000, '10.0.0.2', 80, { flags: SYN, seq: 100 }),
      tcpPacket(2, 1, '10.0.0.1', 40000, '10.0.0.2', 80, { flags: SYN, seq: 100 }),
      tcpPacket(3, 2, '10.0.0.2', 80, '10.0.0.1', 40000, { flags: SYN | ACK, seq: 7, ack: 101 }),
      tcpPacket(4, 30, '10.0.0.1', 40000, '10.0.0.2', 80, { flags: SYN, seq: 9999 }),
      tcpPacket(5, 30.1, '10.0.0.2', 80, '10.0.0.1', 40000, { flags: SYN | ACK, seq: 1, ack: 10000 }),
    ]),
  ]);
  assert.deepEqual(Array.from(s.tcp), [0, 0, 0, 1, 1]);
});

test('mid-stream start: the first segment sets the base to seq − 1, so a later SYN with another number is a new stream', () => {
  const s = numberStreams([
    encodeFlowPackets([
      tcpPacket(1, 0, '10.0.0.1', 40000, '10.0.0.2', 80, { flags: ACK, seq: 5000, ack: 1 }),
      tcpPacket(2, 1, '10.0.0.1', 40000, '10.0.0.2', 80, { flags: SYN, seq: 4999 }),
      tcpPacket(3, 2, '10.0.0.1', 40000, '10.0.0.2', 80, { flags: SYN, seq: 1 }),
    ]),
  ]);
  assert.deepEqual(Array.from(s.tcp), [0, 0, 1]);
});

test('a header inside an ICMP error gets (and may create) a stream, which is the packet\'s when it has no other (as tshark shows it)', () => {
  const err = tcpPacket(2, 1, '10.0.0.2', 80, '10.0.0.1', 40000, { inError: true });
  const s = numberStreams([encodeFlowPackets([tcpPacket(1, 0, '10.0.0.5', 1, '10.0.0.6', 2), err, tcpPacket(3, 2, '10.0.0.1', 40000, '10.0.0.2', 80)])]);
  assert.deepEqual(Array.from(s.tcp), [0, 1, 1]);
  assert.deepEqual(Array.from(s.headers[0].filter((x) => x >= 0)), [0, 1, 1]);
});

test('numbering across batches equals numbering in one batch', () => {
  const pkts = [
    tcpPacket(1, 0, '10.0.0.1', 1, '10.0.0.2', 2),
    tcpPacket(2, 0, '10.0.0.3', 1, '10.0.0.2', 2),
    tcpPacket(3, 0, '10.0.0.2', 2, '10.0.0.1', 1),
    udpPacket(4, 0, '10.0.0.2', 2, '10.0.0.1', 1),
  ];
  const one = numberStreams([encodeFlowPackets(pkts)]);
  const two = numberStreams([encodeFlowPackets(pkts.slice(0, 2)), encodeFlowPackets(pkts.slice(2))]);
  assert.deepEqual(Array.from(two.tcp), Array.from(one.tcp));
  assert.deepEqual(Array.from(two.udp), Array.from(one.udp));
});

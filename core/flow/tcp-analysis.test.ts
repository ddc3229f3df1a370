import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TCP_A } from '../dissect/flow-info-tcp';
import type { TcpHeaderFact } from '../dissect/flow-observer';
import { TcpAnalyzer } from './tcp-analysis';

const A = new Uint8Array([10, 0, 0, 1]);
const B = new Uint8Array([10, 0, 0, 2]);
const SYN = 0x002;
const ACK = 0x010;
const PSH = 0x008;

/** A segment from A:1000 to B:80 (`fromA`) or back, at `ms` milliseconds. */
function seg(n: number, ms: number, fromA: boolean, seq: number, ack: number, flags: number, len: number, extra: Partial<TcpHeaderFact> = {}) {
  const tcp: TcpHeaderFact = {
    srcPort: fromA ? 1000 : 80, dstPort: fromA ? 80 : 1000, seq: seq >>> 0, ack: ack >>> 0, flags, window: 1000, headerLength: 20,
    headerOffset: 34, payloadOffset: 54, payloadLength: len, capturedLength: len, mss: -1, windowScale: -1, sackPermitted: false,
    sack: [], tsval: -1, tsecr: -1, inError: false, ...extra,
  };
  return { number: n, sec: 100 + Math.floor(ms / 1000), nsec: (ms % 1000) * 1e6, stream: 0, src: fromA ? A : B, dst: fromA ? B : A, tcp };
}

/** Handshake with client ISN `c` and server ISN `s` (frames 1-3, 10 ms RTT). */
function handshake(t: TcpAnalyzer, c: number, s: number) {
  return [
    t.add(seg(1, 0, true, c, 0, SYN, 0, { windowScale: 2 })),
    t.add(seg(2, 5, false, s, c + 1, SYN | ACK, 0, { windowScale: 3 })),
    t.add(seg(3, 10, true, c + 1, s + 1, ACK, 0)),
  ];
}

test('relative numbers and the scaled window survive a sequence wrap at 2^32', () => {
  const t = new TcpAnalyzer();
  const c = 0xffffff00;
  const [syn, synAck, ack] = handshake(t, c, 7);
  assert.deepEqual([syn.relSeq, syn.nextSeq, synAck.relAck, ack.relSeq, ack.relAck], [0, 1, 1, 1, 1]);
  assert.equal(syn.window, 1000, 'a SYN is never scaled');
  assert.deepEqual([ack.window, ack.windowScale], [4000, 2]);
  // 0x200 bytes from 0xffffff01 cross zero.
  const data = t.add(seg(4, 20, true, c + 1, 8, ACK | PSH, 0x200));
  assert.deepEqual([data.relSeq, data.nextSeq, data.flags], [1, 0x201, 0]);
  const next = t.add(seg(5, 21, true, (c + 0x201) >>> 0, 8, ACK, 100));
  assert.deepEqual([next.relSeq, next.flags], [0x201, 0], 'the segment after the wrap is in order, not a gap');
  const acked = t.add(seg(6, 30, false, 8, (c + 0x201 + 100) >>> 0, ACK, 0));
  assert.deepEqual([acked.relAck, acked.acksFrame, acked.ackRttNs], [0x201 + 100, 5, 9e6]);
});

test('a resent segment is out-of-order soon after the highest one, a retransmission later', () => {
  const t = new TcpAnalyzer();
  handshake(t, 1000, 5000);
  t.add(seg(4, 20, true, 1001, 5001, ACK, 100));
  t.add(seg(5, 21, true, 1101, 5001, ACK, 100));
  // 1 ms after the highest segment, within the 10 ms handshake RTT: out of order.
  const early = t.add(seg(6, 22, true, 1001, 5001, ACK, 100));
  assert.equal(early.flags, TCP_A.OUT_OF_ORDER);
  // 200 ms later: a retransmission, its RTO counted from the oldest unacknowledged segment (frame 4).
  const late = t.add(seg(7, 222, true, 1001, 5001, ACK, 100));
  assert.equal(late.flags, TCP_A.RETRANSMISSION);
  assert.deepEqual([late.rtoFrame, late.rtoNs], [4, 202e6]);
  const gap = t.add(seg(8, 230, true, 1301, 5001, ACK, 100));
  assert.equal(gap.flags, TCP_A.LOST_PACKET, 'bytes 1201-1300 were not captured');
});

test('duplicate ACKs count from the last ACK that moved, and a resend right after three is fast', () => {
  const t = new TcpAnalyzer();
  handshake(t, 1000, 5000);
  t.add(seg(4, 20, false, 5001, 1001, ACK, 100));
  t.add(seg(5, 21, false, 5101, 1001, ACK, 100));
  const first = t.add(seg(6, 30, true, 1001, 5101, ACK, 0));
  assert.equal(first.flags, 0);
  const dups = [31, 32, 33].map((ms, i) => t.add(seg(7 + i, ms, true, 1001, 5101, ACK, 0)));
  assert.deepEqual(dups.map((d) => [d.flags, d.dupAckNum, d.dupAckFrame]), [1, 2, 3].map((n) => [TCP_A.DUPLICATE_ACK, n, 6]));
  const fast = t.add(seg(10, 40, false, 5101, 1001, ACK, 100));
  assert.equal(fast.flags, TCP_A.FAST_RETRANSMISSION);
});

test('zero window, its probe and the probe\'s ACK; keep-alive and its ACK; window update', () => {
  const t = new TcpAnalyzer();
  handshake(t, 1000, 5000);
  t.add(seg(4, 20, true, 1001, 5001, ACK, 100));
  const zero = t.add(seg(5, 30, false, 5001, 1101, ACK, 0, { window: 0 }));
  assert.equal(zero.flags, TCP_A.ZERO_WINDOW);
  const probe = t.add(seg(6, 300, true, 1101, 5001, ACK, 1));
  assert.equal(probe.flags, TCP_A.ZERO_WINDOW_PROBE);
  const probeAck = t.add(seg(7, 310, false, 5001, 1101, ACK, 0, { window: 0 }));
  assert.equal(probeAck.flags, TCP_A.ZERO_WINDOW | TCP_A.ZERO_WINDOW_PROBE_ACK, 'still a zero window, as tshark says');
  const update = t.add(seg(8, 400, false, 5001, 1101, ACK, 0, { window: 500 }));
  assert.equal(update.flags, TCP_A.WINDOW_UPDATE);
  const keepAlive = t.add(seg(9, 60_000, true, 1100, 5001, ACK, 0));
  assert.equal(keepAlive.flags, TCP_A.KEEP_ALIVE);
  const keepAliveAck = t.add(seg(10, 60_010, false, 5001, 1101, ACK, 0, { window: 500 }));
  assert.equal(keepAliveAck.flags, TCP_A.KEEP_ALIVE_ACK);
});

test('without a SYN the numbers start at 1 and the window scale is unknown', () => {
  const t = new TcpAnalyzer();
  const a = t.add(seg(1, 0, true, 123456, 999, ACK, 10));
  assert.deepEqual([a.relSeq, a.relAck, a.nextSeq, a.window, a.windowScale], [1, 1, 11, 1000, -1]);
});

test('a new stream opened by a SYN on an address/port pair used before is marked as reusing the ports', () => {
  const t = new TcpAnalyzer();
  handshake(t, 1000, 5000);
  const again = t.add({ ...seg(4, 5000, true, 777, 0, SYN, 0), stream: 1 });
  assert.deepEqual([again.flags, again.relSeq], [TCP_A.REUSED_PORTS, 0]);
});

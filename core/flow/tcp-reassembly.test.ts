import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TcpReassembler, type TcpPiece, type TcpSegment, type TcpSide } from './tcp-reassembly';

const SYN = 0x002;
const ACK = 0x010;
const FIN = 0x001;
const RST = 0x004;

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function seg(packet: number, seq: number, data: string, flags = ACK, ack = 0, length = data.length): TcpSegment {
  return { packet, seq: seq >>> 0, ack: ack >>> 0, flags, length, payload: text(data) };
}

/** Each piece as "side:packet:text" or "side:packet:gap N". */
function show(pieces: TcpPiece[]): string[] {
  return pieces.map((p) => `${p.side}:${p.packet}:${p.gap ? `gap ${p.gap}` : new TextDecoder().decode(p.bytes)}`);
}

function feed(r: TcpReassembler, steps: [TcpSide, TcpSegment][]): string[] {
  return steps.flatMap(([side, s]) => show(r.push(side, s)));
}

test('in-order data after a handshake comes out per segment, both directions', () => {
  const r = new TcpReassembler();
  const out = feed(r, [
    [0, seg(1, 1000, '', SYN)],
    [1, seg(2, 5000, '', SYN | ACK, 1001)],
    [0, seg(3, 1001, 'GET /', ACK, 5001)],
    [1, seg(4, 5001, 'HTTP/1.1', ACK, 1006)],
    [0, seg(5, 1006, ' x', ACK, 5009)],
    [0, seg(6, 1008, '', FIN | ACK, 5009)],
  ]);
  assert.deepEqual(out, ['0:3:GET /', '1:4:HTTP/1.1', '0:5: x']);
  const c = r.state(0);
  assert.equal(c.synSeen, true);
  assert.equal(c.finSeen, true);
  assert.equal(c.rstSeen, false);
  assert.equal(c.deliveredBytes, 7);
  assert.equal(r.state(1).deliveredBytes, 8);
});

test('sequence numbers wrap around 2^32', () => {
  const r = new TcpReassembler();
  const start = 0xfffffffa;
  const out = feed(r, [
    [0, seg(1, start, 'abcd')],
    [0, seg(2, start + 4, 'efgh')], // crosses 2^32
    [0, seg(3, (start + 8) >>> 0, 'ij')],
  ]);
  assert.deepEqual(out, ['0:1:abcd', '0:2:efgh', '0:3:ij']);
});

test('an out-of-order segment across the wrap is held until the one before it arrives', () => {
  const r = new TcpReassembler();
  const start = 0xfffffffc;
  const out = feed(r, [
    [0, seg(1, start, 'ab')],
    [0, seg(2, start + 6, 'gh')], // after the wrap, beyond the gap
    [0, seg(3, start + 2, 'cdef')],
  ]);
  assert.deepEqual(out, ['0:1:ab', '0:3:cdef', '0:2:gh']);
});

test('a retransmission adds nothing; one with more data adds only its new bytes (the first copy wins)', () => {
  const r = new TcpReassembler();
  const out = feed(r, [
    [0, seg(1, 100, 'hello')],
    [0, seg(2, 100, 'HELLO')],
    [0, seg(3, 103, 'LOWORLD')], // overlaps "lo", adds "WORLD"
  ]);
  assert.deepEqual(out, ['0:1:hello', '0:3:WORLD']);
});

test('overlapping held segments: the part already delivered is cut off', () => {
  const r = new TcpReassembler();
  const out = feed(r, [
    [0, seg(1, 100, 'ab')],
    [0, seg(2, 104, 'efgh')],
    [0, seg(3, 106, 'GHij')], // held too, overlaps the previous held one
    [0, seg(4, 102, 'cd')],
  ]);
  assert.deepEqual(out, ['0:1:ab', '0:4:cd', '0:2:efgh', '0:3:ij']);
});

test('a gap is reported with its size when the other side acknowledges past it', () => {
  const r = new TcpReassembler();
  const out = feed(r, [
    [0, seg(1, 100, 'abc', SYN)], // SYN: data starts at 101
    [1, seg(2, 900, '', SYN | ACK, 101)],
    [0, seg(3, 110, 'xyz', ACK, 901)], // 104..109 never captured
    [1, seg(4, 901, '', ACK, 113)], // the receiver had it all
  ]);
  assert.deepEqual(out, ['0:1:abc', '0:4:gap 6', '0:3:xyz']);
  assert.equal(r.state(0).gapBytes, 6);
  assert.equal(r.state(0).heldBytes, 0);
});

test('held data that is never acknowledged nor filled stays held (not shown, as tshark)', () => {
  const r = new TcpReassembler();
  const out = feed(r, [
    [0, seg(1, 100, 'ab')],
    [0, seg(2, 110, 'zz')],
  ]);
  assert.deepEqual(out, ['0:1:ab']);
  assert.equal(r.state(0).heldSegments, 1);
  assert.equal(r.state(0).heldBytes, 2);
});

test('a segment cut by the snap length moves the stream end by its full length', () => {
  const r = new TcpReassembler();
  const out = feed(r, [
    [0, seg(1, 100, 'abc', ACK, 0, 10)], // 10 bytes on the wire, 3 captured
    [0, seg(2, 110, 'next')],
  ]);
  assert.deepEqual(out, ['0:1:abc', '0:2:next']);
});

test('RST is recorded', () => {
  const r = new TcpReassembler();
  feed(r, [[1, seg(1, 5, '', RST | ACK, 7)]]);
  assert.equal(r.state(1).rstSeen, true);
  assert.equal(r.state(0).rstSeen, false);
});

test('held segments are bounded: past the limit out-of-order segments are dropped and counted', () => {
  const r = new TcpReassembler({ maxHeldSegments: 3, maxHeldBytes: 1000 });
  const steps: [TcpSide, TcpSegment][] = [[0, seg(1, 0, 'a')]];
  // 10 segments, each beyond a hole at 1..1: a hostile stream that never fills it.
  for (let i = 0; i < 10; i++) steps.push([0, seg(2 + i, 10 + 4 * i, 'wxyz')]);
  feed(r, steps);
  const s = r.state(0);
  assert.equal(s.heldSegments, 3);
  assert.equal(s.heldBytes, 12);
  assert.equal(s.droppedSegments, 7);
  assert.equal(s.droppedBytes, 28);

  const bytesCap = new TcpReassembler({ maxHeldSegments: 100, maxHeldBytes: 10 });
  feed(bytesCap, [[0, seg(1, 0, 'a')], [0, seg(2, 10, 'abcdefgh')], [0, seg(3, 30, 'abcdefgh')]]);
  assert.equal(bytesCap.state(0).heldBytes, 8);
  assert.equal(bytesCap.state(0).droppedBytes, 8);
});

test('a dropped segment later shows up inside a gap once acknowledged', () => {
  const r = new TcpReassembler({ maxHeldSegments: 1 });
  const out = feed(r, [
    [0, seg(1, 100, 'ab', ACK, 50)],
    [0, seg(2, 104, 'ef', ACK, 50)], // held
    [0, seg(3, 106, 'gh', ACK, 50)], // dropped (limit 1)
    [1, seg(4, 50, '', ACK, 108)],
  ]);
  assert.deepEqual(out, ['0:1:ab', '0:4:gap 2', '0:2:ef']);
  // The stream now ends at 106, where the dropped copy started: a retransmission of it would fill it.
  assert.deepEqual(show(r.push(0, seg(5, 106, 'gh', ACK, 50))), ['0:5:gh']);
});

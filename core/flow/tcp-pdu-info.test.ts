import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assemblePdu, PduInfoStore } from './tcp-pdu-info';

test('each packet of a PDU learns where it was reassembled; the last one gets the segment list', () => {
  const infos = new PduInfoStore();
  infos.record({ side: 1, completedIn: 7, length: 12, pieces: [{ packet: 4, offset: 3, length: 5, at: 0 }, { packet: 7, offset: 0, length: 7, at: 5 }] });
  // Packet 7 also starts the next PDU, completed in 9.
  infos.record({ side: 1, completedIn: 9, length: 4, pieces: [{ packet: 7, offset: 7, length: 2, at: 0 }, { packet: 9, offset: 0, length: 2, at: 2 }] });
  assert.deepEqual(infos.get(4), { reassembledIn: 7, startsAt: 3 });
  assert.deepEqual(infos.get(7), {
    pdu: { length: 12, segments: [{ number: 4, offset: 0, length: 5, from: 3 }, { number: 7, offset: 5, length: 7, from: 0 }], end: 7 },
    reassembledIn: 9,
    startsAt: 7,
  });
  assert.deepEqual(infos.get(9)?.pdu?.segments.map((s) => s.number), [7, 9]);
});

test('the PDU is put together from its segments, overlaps keeping the first copy; a missing segment gives nothing', () => {
  const payloads = new Map<number, Uint8Array>([
    [1, new TextEncoder().encode('xxHELLO')],
    [2, new TextEncoder().encode('LO WOR')],
    [3, new TextEncoder().encode('RLD')],
  ]);
  const pdu = { length: 11, segments: [{ number: 1, offset: 0, length: 5, from: 2 }, { number: 2, offset: 3, length: 6, from: 0 }, { number: 3, offset: 8, length: 3, from: 0 }] };
  assert.equal(new TextDecoder().decode(assemblePdu(pdu, (n) => payloads.get(n))), 'HELLO WORLD');
  assert.equal(assemblePdu(pdu, (n) => (n === 2 ? undefined : payloads.get(n))), undefined);
  const dirty = new Uint8Array(32).fill(0x21);
  assert.equal(new TextDecoder().decode(assemblePdu(pdu, (n) => payloads.get(n), dirty)), 'HELLO WORLD', 'into a reused buffer: the same bytes');
});

test('the segments of a PDU that never completes are marked as segments, with no frame to point to', () => {
  const infos = new PduInfoStore();
  infos.record({ side: 0, completedIn: 5, length: 3, pieces: [{ packet: 5, offset: 0, length: 3, at: 0 }] });
  infos.recordUnfinished([{ packet: 5, offset: 10, length: 4, at: 0 }, { packet: 6, offset: 0, length: 9, at: 4 }]);
  infos.recordUnfinished([{ packet: 6, offset: 3, length: 9, at: 4 }]);
  assert.deepEqual(infos.get(5), { pdu: { length: 3, segments: [{ number: 5, offset: 0, length: 3, from: 0 }], end: 3 }, startsAt: 10 });
  assert.deepEqual(infos.get(6), { startsAt: 0 }, 'the first PDU to start in a packet is the one it names');
  assert.equal(infos.get(4), undefined);
  assert.equal(infos.get(100000), undefined, 'past every packet recorded: nothing');
});

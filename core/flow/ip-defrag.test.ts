import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DEFRAG_LIMITS, IpDefragmenter, reassemblyInfos, type AddResult, type DatagramKey, type FragmentInput } from './ip-defrag';
import { BadRequestError } from '../errors';

const SRC = new Uint8Array([10, 0, 0, 1]);
const DST = new Uint8Array([10, 0, 0, 2]);
const KEY: DatagramKey = { version: 4, src: SRC, dst: DST, id: 0x1234, protocol: 17 };

/** A fragment of `len` bytes at `offset`, filled with `fill` (or given bytes). */
function frag(number: number, offset: number, data: number[] | { len: number; fill: number }, more: boolean, opts: Partial<FragmentInput> & { captured?: number } = {}): FragmentInput {
  const bytes = Array.isArray(data) ? new Uint8Array(data) : new Uint8Array(data.len).fill(data.fill);
  const captured = opts.captured ?? bytes.length;
  return {
    number,
    time: opts.time ?? number,
    key: opts.key ?? KEY,
    fragment: { version: 4, id: 0x1234, offset, more, protocol: 17, dataOffset: 34, dataLength: bytes.length, capturedLength: captured, inError: false },
    data: bytes.subarray(0, captured),
  };
}

function complete(r: AddResult) {
  assert.equal(r.kind, 'complete', `expected a complete datagram, got ${JSON.stringify(r)}`);
  if (r.kind !== 'complete') throw new Error('unreachable');
  return r.datagram;
}

test('in order: two fragments make the datagram in the packet of the last', () => {
  const d = new IpDefragmenter();
  assert.deepEqual(d.add(frag(1, 0, { len: 8, fill: 1 }, true)), { kind: 'held' });
  const g = complete(d.add(frag(2, 8, { len: 4, fill: 2 }, false)));
  assert.deepEqual([...g.bytes], [1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2]);
  assert.deepEqual(g.fragments.map((f) => [f.number, f.offset, f.length]), [[1, 0, 8], [2, 8, 4]]);
  assert.equal(g.protocol, 17);
  assert.deepEqual(d.stats(), { pending: 0, bytesHeld: 0, completed: 1, expired: 0, evicted: 0, refused: { 'not-captured': 0, 'in-error': 0, 'too-long': 0, 'too-many-fragments': 0, 'datagram-too-big': 0 } });
  const infos = reassemblyInfos(g, 2);
  assert.deepEqual(infos.get(1), { reassembledIn: 2, version: 4, id: 0x1234 });
  assert.equal(infos.get(2)?.datagram, g);
});

test('out of order: the tail first, then the middle, then the head completes', () => {
  const d = new IpDefragmenter();
  assert.equal(d.add(frag(1, 16, { len: 3, fill: 3 }, false)).kind, 'held');
  assert.equal(d.add(frag(2, 8, { len: 8, fill: 2 }, true)).kind, 'held');
  const g = complete(d.add(frag(3, 0, { len: 8, fill: 1 }, true)));
  assert.deepEqual([...g.bytes], [1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3]);
  assert.deepEqual(g.fragments.map((f) => f.number), [3, 2, 1], 'listed by offset, as Wireshark lists them');
});

test('a gap keeps the datagram waiting', () => {
  const d = new IpDefragmenter();
  d.add(frag(1, 0, { len: 8, fill: 1 }, true));
  assert.equal(d.add(frag(2, 16, { len: 8, fill: 3 }, false)).kind, 'held');
  assert.equal(d.stats().pending, 1);
  assert.equal(d.stats().bytesHeld, 16);
});

test('overlap: the first data wins, conflicting bytes are flagged, data past the tail is too long', () => {
  // zeek fragmented-1.pcap's shape: #1 0-17, #2 48-163 (tail), #3 0-303 (longer than the datagram).
  const d = new IpDefragmenter();
  d.add(frag(1, 0, { len: 18, fill: 0xaa }, true));
  d.add(frag(2, 48, { len: 116, fill: 0xbb }, false));
  const g = complete(d.add(frag(3, 0, { len: 304, fill: 0xcc }, true)));
  assert.equal(g.bytes.length, 164);
  assert.equal(g.bytes[0], 0xaa);
  assert.equal(g.bytes[17], 0xaa);
  assert.equal(g.bytes[18], 0xcc);
  assert.equal(g.bytes[163], 0xcc, 'frame 3 sorts before frame 2 (offset 0) and fills up to the length');
  assert.deepEqual(
    g.fragments.map((f) => [f.number, f.overlap, f.overlapConflict, f.tooLong]),
    [[1, false, false, false], [3, true, true, true], [2, true, true, false]],
  );
});

test('duplicate with the same bytes is an overlap without conflict', () => {
  const d = new IpDefragmenter();
  d.add(frag(1, 0, { len: 8, fill: 1 }, true));
  d.add(frag(2, 0, { len: 8, fill: 1 }, true));
  const g = complete(d.add(frag(3, 8, { len: 8, fill: 2 }, false)));
  assert.deepEqual(g.fragments.map((f) => [f.number, f.overlap, f.overlapConflict]), [[1, false, false], [2, true, false], [3, false, false]]);
  assert.equal(g.bytes.length, 16);
});

test('a second tail of another length is flagged; the first tail sets the length', () => {
  const d = new IpDefragmenter();
  d.add(frag(1, 8, { len: 8, fill: 2 }, false));
  d.add(frag(2, 8, { len: 16, fill: 3 }, false));
  const g = complete(d.add(frag(3, 0, { len: 8, fill: 1 }, true)));
  assert.equal(g.bytes.length, 16);
  const second = g.fragments.find((f) => f.number === 2);
  assert.equal(second?.multipleTails, true);
  assert.equal(second?.tooLong, true);
});

test('a fragment after completion starts a new datagram (Wireshark unhashes the completed one)', () => {
  const d = new IpDefragmenter();
  d.add(frag(1, 0, { len: 8, fill: 1 }, true));
  complete(d.add(frag(2, 8, { len: 8, fill: 2 }, false)));
  assert.equal(d.add(frag(3, 8, { len: 8, fill: 2 }, false)).kind, 'held');
  assert.equal(d.stats().pending, 1);
});

test('keys: another identification, protocol, address or VLAN is another datagram; IPv6 ignores the protocol', () => {
  const d = new IpDefragmenter();
  d.add(frag(1, 0, { len: 8, fill: 1 }, true));
  assert.equal(d.add(frag(2, 8, { len: 8, fill: 2 }, false, { key: { ...KEY, id: 1 } })).kind, 'held');
  assert.equal(d.add(frag(3, 8, { len: 8, fill: 2 }, false, { key: { ...KEY, protocol: 6 } })).kind, 'held');
  assert.equal(d.add(frag(4, 8, { len: 8, fill: 2 }, false, { key: { ...KEY, dst: SRC } })).kind, 'held');
  assert.equal(d.add(frag(5, 8, { len: 8, fill: 2 }, false, { key: { ...KEY, vlan: 7 } })).kind, 'held');
  assert.equal(d.stats().pending, 5);
  const v6: DatagramKey = { version: 6, src: new Uint8Array(16), dst: new Uint8Array(16).fill(1), id: 9, protocol: 17 };
  d.add(frag(6, 0, { len: 8, fill: 1 }, true, { key: v6 }));
  complete(d.add(frag(7, 8, { len: 8, fill: 2 }, false, { key: { ...v6, protocol: 58 } })));
});

test('a fragment not captured whole is refused, as Wireshark does not add it', () => {
  const d = new IpDefragmenter();
  assert.deepEqual(d.add(frag(1, 0, { len: 8, fill: 1 }, true, { captured: 4 })), { kind: 'refused', reason: 'not-captured' });
  assert.equal(d.stats().pending, 0);
});

test('fragments in an ICMP error are refused', () => {
  const d = new IpDefragmenter();
  const f = frag(1, 0, { len: 8, fill: 1 }, true);
  assert.deepEqual(d.add({ ...f, fragment: { ...f.fragment, inError: true } }), { kind: 'refused', reason: 'in-error' });
});

test('too big: a fragment ending past 65535 bytes is refused, the datagram stays incomplete', () => {
  const d = new IpDefragmenter();
  d.add(frag(1, 0, { len: 8, fill: 1 }, true));
  assert.deepEqual(d.add(frag(2, 65528, { len: 16, fill: 2 }, false)), { kind: 'refused', reason: 'too-long' });
  assert.equal(d.add(frag(3, 65520, { len: 15, fill: 2 }, false)).kind, 'held', '65535 itself is allowed');
  assert.equal(d.stats().refused['too-long'], 1);
});

test('timeout: a datagram older than the timeout is dropped before the next fragment is added', () => {
  const d = new IpDefragmenter({ timeoutSec: 30 });
  d.add(frag(1, 0, { len: 8, fill: 1 }, true, { time: 100 }));
  assert.equal(d.add(frag(2, 8, { len: 8, fill: 2 }, false, { time: 131 })).kind, 'held', 'the head expired, so the tail alone waits');
  assert.equal(d.stats().expired, 1);
  const d2 = new IpDefragmenter({ timeoutSec: 30 });
  d2.add(frag(1, 0, { len: 8, fill: 1 }, true, { time: 100 }));
  complete(d2.add(frag(2, 8, { len: 8, fill: 2 }, false, { time: 130 })));
  const never = new IpDefragmenter({ timeoutSec: 0 });
  never.add(frag(1, 0, { len: 8, fill: 1 }, true, { time: 0 }));
  complete(never.add(frag(2, 8, { len: 8, fill: 2 }, false, { time: 1e9 })));
});

test('memory: past maxDatagrams the oldest datagram in progress is dropped', () => {
  const d = new IpDefragmenter({ maxDatagrams: 2 });
  for (let i = 0; i < 3; i++) d.add(frag(i + 1, 0, { len: 8, fill: 1 }, true, { key: { ...KEY, id: i } }));
  assert.equal(d.stats().pending, 2);
  assert.equal(d.stats().evicted, 1);
  assert.equal(d.add(frag(4, 8, { len: 8, fill: 2 }, false, { key: { ...KEY, id: 0 } })).kind, 'held', 'id 0 was the oldest, dropped');
  complete(d.add(frag(5, 8, { len: 8, fill: 2 }, false, { key: { ...KEY, id: 2 } })));
});

test('memory: past maxBytes the oldest other datagrams are dropped; one alone over it is refused', () => {
  const d = new IpDefragmenter({ maxBytes: 100 });
  d.add(frag(1, 0, { len: 40, fill: 1 }, true, { key: { ...KEY, id: 1 } }));
  d.add(frag(2, 0, { len: 40, fill: 1 }, true, { key: { ...KEY, id: 2 } }));
  d.add(frag(3, 0, { len: 40, fill: 1 }, true, { key: { ...KEY, id: 3 } }));
  assert.equal(d.stats().bytesHeld, 80);
  assert.equal(d.stats().evicted, 1);
  assert.deepEqual(d.add(frag(4, 40, { len: 64, fill: 1 }, true, { key: { ...KEY, id: 3 } })), { kind: 'refused', reason: 'datagram-too-big' });
  assert.ok(d.stats().bytesHeld <= 100);
});

test('memory: a hostile flood of unfinished datagrams stays within the limits', () => {
  const limits = { maxDatagrams: 64, maxBytes: 16 * 1024 };
  const d = new IpDefragmenter(limits);
  for (let i = 0; i < 20000; i++) {
    d.add(frag(i + 1, (i % 100) * 8, { len: 1000, fill: i & 255 }, true, { key: { ...KEY, id: i % 5000 }, time: i / 1000 }));
    const s = d.stats();
    assert.ok(s.pending <= limits.maxDatagrams && s.bytesHeld <= limits.maxBytes, `over the limits at ${i}: ${JSON.stringify(s)}`);
  }
  assert.ok(d.stats().evicted > 0);
});

test('per datagram: fragments and bytes beyond the caps are refused', () => {
  const d = new IpDefragmenter({ maxFragmentsPerDatagram: 3, maxBytesPerDatagram: 1000 });
  for (let i = 0; i < 3; i++) assert.equal(d.add(frag(i + 1, 0, { len: 8, fill: 1 }, true)).kind, 'held');
  assert.deepEqual(d.add(frag(4, 8, { len: 8, fill: 1 }, true)), { kind: 'refused', reason: 'too-many-fragments' });
  const e = new IpDefragmenter({ maxBytesPerDatagram: 1000 });
  e.add(frag(1, 0, { len: 800, fill: 1 }, true));
  assert.deepEqual(e.add(frag(2, 0, { len: 800, fill: 1 }, true)), { kind: 'refused', reason: 'datagram-too-big' });
});

test('limits are checked', () => {
  assert.throws(() => new IpDefragmenter({ maxBytes: 0 }), BadRequestError);
  assert.throws(() => new IpDefragmenter({ timeoutSec: -1 }), BadRequestError);
  assert.equal(new IpDefragmenter().limits.maxDatagramLength, DEFAULT_DEFRAG_LIMITS.maxDatagramLength);
});

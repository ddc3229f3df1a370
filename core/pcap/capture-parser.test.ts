import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InterfaceInfo } from '../api';
import { CaptureFormatError } from '../errors';
import { createCaptureParser } from './capture-parser';
import { encodeEpb, encodeIdb, encodeShb } from './pcapng-writer';
import type { CaptureParser } from './types';

type Pkt = [number, number, number, number, number, number, number];

function collect(bytes: Uint8Array, chunk = bytes.length || 1): { pkts: Pkt[]; ifaces: InterfaceInfo[]; parser: CaptureParser } {
  const pkts: Pkt[] = [];
  const ifaces: InterfaceInfo[] = [];
  const parser = createCaptureParser({ packet: (...a: Pkt) => void pkts.push(a), interface: (i) => void ifaces.push(i) });
  for (let i = 0; i < bytes.length; i += chunk) if (!parser.push(bytes.subarray(i, i + chunk))) break;
  parser.finish();
  return { pkts, ifaces, parser };
}

/** A pcap file: header + records of [sec, frac, data]. */
function pcap(opts: { magic: number; little: boolean; linkType: number; kuz?: boolean; records: [number, number, number[]][] }): Uint8Array {
  const hl = opts.kuz ? 24 : 16;
  const size = 24 + opts.records.reduce((n, r) => n + hl + r[2].length, 0);
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  const le = opts.little;
  v.setUint32(0, opts.magic, le);
  v.setUint16(4, 2, le);
  v.setUint16(6, 4, le);
  v.setUint32(16, 65535, le);
  v.setUint32(20, opts.linkType, le);
  let p = 24;
  for (const [sec, frac, data] of opts.records) {
    v.setUint32(p, sec, le);
    v.setUint32(p + 4, frac, le);
    v.setUint32(p + 8, data.length, le);
    v.setUint32(p + 12, data.length + 4, le);
    b.set(data, p + hl);
    p += hl + data.length;
  }
  return b;
}

for (const little of [true, false]) {
  const order = little ? 'little' : 'big';
  test(`pcap µs, ${order}-endian: packets, offsets, times; link type masked to 16 bits`, () => {
    const bytes = pcap({ magic: 0xa1b2c3d4, little, linkType: 0x0c000001, records: [[100, 999999, [1, 2, 3]], [101, 5, [4]]] });
    const { pkts, ifaces, parser } = collect(bytes);
    assert.deepEqual(pkts, [
      [24, 40, 3, 7, 100, 999999000, 0],
      [43, 59, 1, 5, 101, 5000, 0],
    ]);
    assert.equal(ifaces[0].linkType, 1);
    assert.equal(ifaces[0].linkTypeName, 'EN10MB');
    assert.equal(ifaces[0].tsDigits, 6);
    assert.equal(parser.header?.byteOrder, order);
    assert.equal(parser.header?.pcapVariant, 'usec');
    assert.equal(parser.problem, undefined);
    assert.equal(parser.validBytes, bytes.length);
  });
  test(`pcap ns and Kuznetzov, ${order}-endian`, () => {
    const ns = collect(pcap({ magic: 0xa1b23c4d, little, linkType: 101, records: [[7, 123456789, [9, 9]]] }));
    assert.deepEqual(ns.pkts, [[24, 40, 2, 6, 7, 123456789, 0]]);
    assert.equal(ns.ifaces[0].tsDigits, 9);
    const kuz = collect(pcap({ magic: 0xa1b2cd34, little, kuz: true, linkType: 1, records: [[7, 1, [9]], [8, 2, [1, 2]]] }));
    assert.deepEqual(kuz.pkts.map((p) => p.slice(0, 3)), [[24, 48, 1], [49, 73, 2]]);
    assert.equal(kuz.parser.header?.pcapVariant, 'kuznetzov');
  });
}

test('an out-of-range microsecond field is normalised as Wireshark computes it', () => {
  const { pkts } = collect(pcap({ magic: 0xa1b2c3d4, little: true, linkType: 1, records: [[10, 1000000, [0]], [10, 1159821166, [0]]] }));
  assert.deepEqual(pkts.map((p) => [p[4], p[5]]), [[11, 0], [10, 179996080]]);
});

test('an absurd captured length stops parsing with a problem naming record and offset', () => {
  const bytes = pcap({ magic: 0xa1b2c3d4, little: true, linkType: 1, records: [[1, 0, [1]], [2, 0, [2]]] });
  new DataView(bytes.buffer).setUint32(41 + 8, 0x7fffffff, true);
  const { pkts, parser } = collect(bytes);
  assert.equal(pkts.length, 1);
  assert.deepEqual({ ...parser.problem, reason: undefined }, { code: 'bad-caplen', record: 2, offset: 41, reason: undefined });
});

function pcapng(): Uint8Array {
  const parts = [
    encodeShb({ userAppl: 'test', comments: ['first section'] }),
    encodeIdb({ linkType: 1, snapLen: 100, name: 'eth0', tsResol: 9 }),
    encodeIdb({ linkType: 0, snapLen: 100, tsResol: 0x80 | 20, tsOffset: 1000 }),
    encodeEpb({ interfaceId: 0, timestamp: { sec: 1700000000, nsec: 123456789 }, tsResol: 9, data: Uint8Array.of(1, 2, 3), comments: ['hi'] }),
    encodeEpb({ interfaceId: 1, timestamp: { sec: 1700000001, nsec: 500000000 }, tsResol: 0x80 | 20, tsOffset: 1000, data: Uint8Array.of(4) }),
    encodeShb({ comments: ['second section'] }),
    encodeIdb({ linkType: 113, snapLen: 0 }),
    encodeEpb({ interfaceId: 0, timestamp: { sec: 5, nsec: 6000 }, data: Uint8Array.of(5, 6, 7, 8, 9) }),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

test('pcapng: sections, interface ids running on, tsresol (10^-9, 2^-20), tsoffset, options', () => {
  const bytes = pcapng();
  const { pkts, ifaces, parser } = collect(bytes);
  assert.equal(parser.problem, undefined);
  assert.deepEqual(ifaces.map((i) => [i.id, i.linkTypeName, i.tsDigits, i.name]), [[0, 'EN10MB', 9, 'eth0'], [1, 'NULL', 7, undefined], [2, 'LINUX_SLL', 6, undefined]]);
  assert.deepEqual(pkts.map((p) => [p[2], p[4], p[5], p[6]]), [[3, 1700000000, 123456789, 0], [1, 1700000001, 500000000, 1], [5, 5, 6000, 2]]);
  assert.deepEqual(parser.header?.sections.map((s) => s.comments), [['first section'], ['second section']]);
  assert.equal(parser.header?.sections[0].application, 'test');
  assert.equal(parser.validBytes, bytes.length);
});

test('every chunk size gives the same result', () => {
  const bytes = pcapng();
  const whole = collect(bytes);
  for (const size of [1, 2, 3, 5, 7, 13, 64]) {
    const r = collect(bytes, size);
    assert.deepEqual(r.pkts, whole.pkts, `chunk ${size}`);
    assert.deepEqual(r.ifaces, whole.ifaces);
  }
});

test('truncation at every byte offset never throws once the magic is there; inside a record it names record and offset', () => {
  for (const bytes of [pcapng(), pcap({ magic: 0xa1b2c3d4, little: false, linkType: 1, records: [[1, 0, [1, 2]], [2, 0, [3]]] })]) {
    const full = collect(bytes);
    for (let cut = 0; cut < bytes.length; cut++) {
      const part = bytes.subarray(0, cut);
      if (cut < 4) {
        assert.throws(() => collect(part), (e) => e instanceof CaptureFormatError && e.code === 'not-a-capture');
        continue;
      }
      const { pkts, parser } = collect(part, 3);
      assert.deepEqual(pkts, full.pkts.slice(0, pkts.length));
      const problem = parser.problem;
      if (parser.validBytes === cut) {
        // Cut between two records: a shorter but valid file.
        assert.equal(problem, undefined, `cut at ${cut}`);
        continue;
      }
      assert.ok(problem, `cut at ${cut}`);
      assert.equal(problem.code, 'truncated');
      assert.equal(problem.record, pkts.length + 1);
      assert.equal(problem.offset, parser.validBytes);
      assert.ok(problem.offset <= cut);
    }
  }
});

test('pcapng block length mismatch and unknown interface are problems; bad first SHB throws', () => {
  const bytes = pcapng();
  const broken = bytes.slice();
  const epbAt = encodeShb({ userAppl: 'test', comments: ['first section'] }).length + encodeIdb({ linkType: 1, snapLen: 100, name: 'eth0', tsResol: 9 }).length + encodeIdb({ linkType: 0, snapLen: 100, tsResol: 0x80 | 20, tsOffset: 1000 }).length;
  new DataView(broken.buffer).setUint32(epbAt + 8, 9, true);
  assert.equal(collect(broken).parser.problem?.code, 'bad-interface');
  const mism = bytes.slice();
  new DataView(mism.buffer).setUint32(epbAt + 4, new DataView(mism.buffer).getUint32(epbAt + 4, true) + 4, true);
  const r = collect(mism);
  assert.equal(r.parser.problem?.code, 'block-length-mismatch');
  assert.equal(r.parser.problem?.offset, epbAt);
  const badShb = bytes.slice();
  badShb[8] = 0;
  assert.throws(() => collect(badShb), (e) => e instanceof CaptureFormatError && e.code === 'not-a-capture');
});

test('non-captures are named: empty, text, gzip', () => {
  const msg = (b: Uint8Array) => {
    try {
      collect(b);
    } catch (e) {
      return e instanceof CaptureFormatError ? e.message : 'other';
    }
    return 'none';
  };
  assert.match(msg(new Uint8Array(0)), /empty/);
  assert.match(msg(new TextEncoder().encode('GET / HTTP/1.1\r\n')), /text/);
  assert.match(msg(Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0)), /gzip/);
});

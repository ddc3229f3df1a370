import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaptureFormatError } from '../errors';
import { createCaptureParser } from './capture-parser';
import { PcapngExporter, setTimestampUnits } from './pcapng-export';
import { encodeBlock, encodeEpb, encodeIdb, encodeShb, timestampUnits } from './pcapng-writer';
import { readRecordDetail } from './record-detail';
import { exportInMemory, indexCapture } from './test/export-in-memory';
import { existsSync } from 'node:fs';

const CAPTURES = new URL('../../../shared/captures/', import.meta.url).pathname;

function findCorpus(): string | undefined {
  return existsSync(CAPTURES) ? CAPTURES : undefined;
}

// Ethernet + IPv4 + UDP (port 53) frame.
const FRAME = Uint8Array.from(Buffer.from('00112233445566778899aabb0800' + '4500001c0001000040110000c0a80001c0a80002' + 'd4310035000800000000', 'hex'));

function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

function parse(file: Uint8Array) {
  const { records, interfaces } = indexCapture(file);
  const parser = createCaptureParser({ packet: () => undefined, interface: () => undefined });
  parser.push(file);
  parser.finish();
  const header = parser.header!;
  return { records, interfaces, header, comments: records.map((r) => readRecordDetail(file.subarray(r.recordOffset), header).comments) };
}

test('timestamps become interface units exactly (µs and ns without BigInt, others with it)', () => {
  const view = new DataView(new ArrayBuffer(8));
  const cases: [number, number, number, number][] = [
    [1700000000, 123456789, 1e9, 0],
    [4294967295, 999999999, 1e9, 0],
    [8589934591, 1, 1e9, 0],
    [0, 0, 1e9, 0],
    [1700000000, 123456000, 1e6, 0],
    [1700000000, 123456789, 1e6, 0],
    [1700000100, 5, 1e9, 100],
    [1700000000, 500000000, 2 ** 20, 0],
    [1700000000, 1, 1e3, 0],
  ];
  for (const [sec, nsec, units, offset] of cases) {
    setTimestampUnits(view, 0, sec, nsec, units, offset);
    const got = (BigInt(view.getUint32(0, true)) << 32n) | BigInt(view.getUint32(4, true));
    assert.equal(got, timestampUnits({ sec, nsec }, BigInt(units), offset), `${sec}.${nsec} at ${units}/s`);
  }
});

/** Two interfaces (ns eth0 with if_os, µs wlan0 with if_tsoffset), five packets, comments and flags. */
function twoInterfaceSource(): Uint8Array {
  const ifOs = { code: 12, value: new TextEncoder().encode('Linux 6.1') };
  const eth0 = encodeBlock(1, 8, [{ code: 2, value: new TextEncoder().encode('eth0') }, { code: 9, value: Uint8Array.of(9) }, ifOs], (v) => {
    v.setUint16(0, 1, true);
    v.setUint32(4, 65535, true);
  });
  return concat([
    encodeShb({ hardware: 'x86_64', os: 'Linux', userAppl: 'dumpcap', comments: ['original section'] }),
    eth0,
    encodeIdb({ linkType: 1, snapLen: 1500, name: 'wlan0', tsOffset: 100 }),
    encodeEpb({ interfaceId: 0, timestamp: { sec: 1700000000, nsec: 1 }, tsResol: 9, data: FRAME, comments: ['a'] }),
    encodeEpb({ interfaceId: 1, timestamp: { sec: 1700000001, nsec: 2000 }, tsOffset: 100, data: FRAME, origlen: 1000, comments: ['b', 'c'] }),
    encodeEpb({ interfaceId: 0, timestamp: { sec: 1700000002, nsec: 3 }, tsResol: 9, data: FRAME.subarray(0, 20), origlen: FRAME.length }),
    encodeEpb({ interfaceId: 1, timestamp: { sec: 1700000003, nsec: 4000 }, tsOffset: 100, data: FRAME, flags: 1 }),
  ]);
}

test('one IDB per interface used, renumbered, with its options; EPBs keep time, lengths, comments and flags', async () => {
  const source = twoInterfaceSource();
  const src = parse(source);
  const out = await exportInMemory(source, (r) => r.iface === 1, 'ip.src == 192.168.0.1');
  const got = parse(out);
  assert.equal(got.interfaces.length, 1);
  assert.deepEqual(
    { name: got.interfaces[0].name, snapLen: got.interfaces[0].snapLen, tsDigits: got.interfaces[0].tsDigits, linkType: got.interfaces[0].linkType },
    { name: 'wlan0', snapLen: 1500, tsDigits: 6, linkType: 1 },
  );
  const keep = src.records.filter((r) => r.iface === 1);
  assert.deepEqual(
    got.records.map((r) => [r.sec, r.nsec, r.caplen, r.origlen, r.iface]),
    keep.map((r) => [r.sec, r.nsec, r.caplen, r.origlen, 0]),
  );
  assert.deepEqual(got.comments, [['b', 'c'], []]);
  assert.equal(readRecordDetail(out.subarray(got.records[1].recordOffset), got.header).flags, 1);
  assert.deepEqual(got.header.sections.map((s) => [s.application, s.hardware, s.os, s.comments]), [['Trawl', 'x86_64', 'Linux', ['original section', 'ip.src == 192.168.0.1']]]);

  const both = parse(await exportInMemory(source));
  assert.deepEqual(both.interfaces.map((i) => [i.name, i.tsDigits]), [['eth0', 9], ['wlan0', 6]]);
  assert.deepEqual(both.records.map((r) => [r.sec, r.nsec, r.iface]), src.records.map((r) => [r.sec, r.nsec, r.iface]));
  assert.deepEqual(both.comments, src.comments);
});

test('the export reads back the same in tshark and capinfos (if_os kept, ns resolution)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trawl-export-unit-'));
  const source = join(dir, 'in.pcapng');
  const exported = join(dir, 'out.pcapng');
  writeFileSync(source, twoInterfaceSource());
  writeFileSync(exported, await exportInMemory(readFileSync(source), (r) => r.iface === 0, 'udp'));
  const fields = (f: string) =>
    execFileSync('tshark', ['-r', f, '-Y', 'frame.interface_name == "eth0"', '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'frame.cap_len', '-e', 'frame.comment', '-e', 'frame.interface_name'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  const want = fields(source);
  assert.equal(want.trim().split('\n').length, 2);
  assert.equal(fields(exported), want);
  const cap = execFileSync('capinfos', ['-T', '-r', '-S', '-c', '-a', '-e', '-k', exported], { encoding: 'utf8' }).trim().split('\t');
  assert.deepEqual(cap.slice(1), ['2', '1700000000.000000001', '1700000002.000000003', 'original section', 'udp']);
  const idb = execFileSync('tshark', ['-r', exported, '-c', '1', '-T', 'fields', '-e', 'frame.interface_name'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  assert.equal(idb.trim(), 'eth0');
});

test('a big-endian pcapng exports the same packets and interfaces as its little-endian twin', async (t) => {
  const corpus = findCorpus();
  if (!corpus) return t.skip('corpus not found');
  for (const name of ['basic/test005.pcapng', 'basic/test007.pcapng', 'basic/test010.pcapng', 'basic/test016.pcapng', 'difficult/test202.pcapng']) {
    const be = parse(await exportInMemory(readFileSync(join(corpus, 'pcapng-test-generator/output_be', name))));
    const le = parse(await exportInMemory(readFileSync(join(corpus, 'pcapng-test-generator/output_le', name))));
    assert.ok(le.records.length > 0, name);
    assert.deepEqual(be.records.map((r) => [r.sec, r.nsec, r.caplen, r.origlen, r.iface]), le.records.map((r) => [r.sec, r.nsec, r.caplen, r.origlen, r.iface]), name);
    assert.deepEqual(be.comments, le.comments, name);
    assert.deepEqual(be.interfaces, le.interfaces, name);
  }
});

test('a pcap becomes one IDB with its link type, snap length and precision', async (t) => {
  const corpus = findCorpus();
  if (!corpus) return t.skip('corpus not found');
  for (const [name, digits] of [['wireshark-captures/dhcp-nanosecond.pcap', 9], ['wireshark-captures/dhcp.pcap', 6]] as const) {
    const file: Uint8Array = new Uint8Array(readFileSync(join(corpus, name)));
    const src = indexCapture(file);
    const got = parse(await exportInMemory(file));
    assert.ok(got.records.length > 0);
    assert.deepEqual(got.interfaces.map((i) => [i.linkType, i.snapLen, i.tsDigits, i.name]), [[src.interfaces[0].linkType, src.interfaces[0].snapLen, digits, undefined]]);
    assert.deepEqual(got.records.map((r) => [r.sec, r.nsec, r.caplen, r.origlen]), src.records.map((r) => [r.sec, r.nsec, r.caplen, r.origlen]));
    const out = await exportInMemory(file);
    const again = indexCapture(out);
    for (const [k, r] of again.records.entries()) {
      const w = src.records[k];
      assert.deepEqual(out.subarray(r.dataOffset, r.dataOffset + r.caplen), new Uint8Array(file.subarray(w.dataOffset, w.dataOffset + w.caplen)));
    }
  }
});

test('write refuses what does not fit, and a record that is not what the index says', () => {
  const source = twoInterfaceSource();
  const { records, interfaces } = indexCapture(source);
  const exporter = new PcapngExporter({ format: 'pcapng', interfaces }, { used: [0, 1] });
  const small = new Uint8Array(40);
  const view = new DataView(source.buffer, source.byteOffset, source.byteLength);
  const r = records[0];
  assert.equal(exporter.write(small, new DataView(small.buffer), 0, source, view, r.recordOffset, r.dataOffset, r.caplen, r.origlen, r.sec, r.nsec, 0), -1);
  const out = new Uint8Array(4096);
  assert.throws(
    () => exporter.write(out, new DataView(out.buffer), 0, source, view, r.recordOffset, r.dataOffset, r.caplen + 1, r.origlen, r.sec, r.nsec, 0),
    (e: unknown) => e instanceof CaptureFormatError && e.code === 'file-changed',
  );
  assert.throws(() => exporter.write(out, new DataView(out.buffer), 0, source, view, r.recordOffset, r.dataOffset, r.caplen, r.origlen, r.sec, r.nsec, 5), CaptureFormatError);
});

test('renumberRun of back-to-back EPBs in place gives the bytes of writing them one by one, ids renumbered', () => {
  const source = twoInterfaceSource();
  const { records, interfaces } = indexCapture(source);
  const view = new DataView(source.buffer, source.byteOffset, source.byteLength);
  // Only wlan0 (source id 1) and eth0 (0) swapped in order of use: ids must be rewritten, not copied.
  const exporter = new PcapngExporter({ format: 'pcapng', interfaces }, { used: [1] });
  const both = new PcapngExporter({ format: 'pcapng', interfaces }, { used: [0, 1] });
  const one = new Uint8Array(4096);
  let pos = 0;
  for (const r of records) pos = both.write(one, new DataView(one.buffer), pos, source, view, r.recordOffset, r.dataOffset, r.caplen, r.origlen, r.sec, r.nsec, r.iface);
  const totals = records.map((r) => both.asIs(view, r.recordOffset, r.caplen));
  assert.ok(totals.every((t, k) => t > 0 && records[k].recordOffset + t === (records[k + 1]?.recordOffset ?? source.length)));
  const from = records[0].recordOffset;
  const to = records[3].recordOffset + totals[3];
  const ifaces = Uint16Array.from(records.map((r) => r.iface));
  const run = source.slice(from, to);
  both.renumberRun(new DataView(run.buffer), 0, to - from, ifaces, 4);
  assert.equal(run.length, pos);
  assert.deepEqual(run, one.subarray(0, pos));
  assert.deepEqual(indexCapture(concat([both.header(), run])).records.map((r) => r.iface), [0, 1, 0, 1]);

  // wlan0 alone: its two EPBs are not adjacent, so each is a run of one, renumbered to 0.
  const a = records[1];
  const solo = source.slice(a.recordOffset, a.recordOffset + totals[1]);
  exporter.renumberRun(new DataView(solo.buffer), 0, solo.length, Uint16Array.of(1), 1);
  assert.equal(new DataView(solo.buffer).getUint32(8, true), 0);
  // A packet of an interface not exported, a count that does not match the bytes.
  const first = source.slice(from, from + totals[0]);
  assert.throws(() => exporter.renumberRun(new DataView(first.buffer), 0, first.length, Uint16Array.of(0), 1), CaptureFormatError);
  const three = source.slice(from, to);
  assert.throws(
    () => both.renumberRun(new DataView(three.buffer), 0, three.length, ifaces, 3),
    (e: unknown) => e instanceof CaptureFormatError && e.code === 'file-changed',
  );
  // asIs: 0 for a pcap source, and a caplen other than the index's is a changed file.
  assert.equal(new PcapngExporter({ format: 'pcap', interfaces }, { used: [0] }).asIs(view, a.recordOffset, a.caplen), 0);
  assert.throws(() => both.asIs(view, a.recordOffset, a.caplen + 1), CaptureFormatError);
});

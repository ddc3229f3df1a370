/**
 * The fast path's proof: with it and without it (every packet through the dissector chain), the flow
 * extraction writes the same batch, column by column, over every corpus capture and over bit flips,
 * truncations and random mutations of packets it takes.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { CAPTURES_DIR, wiresharkReadableCaptures } from '../../scripts/shared-captures';
import { mutations, type FuzzCase } from '../dissect/test/fuzz/mutate';
import { readCapture, type TestPacket } from '../dissect/test/read-capture';
import { FlowExtractor } from './flow-extract';
import { FlowFastPath } from './flow-fast-path';
import { FlowRecordWriter, tcpScalarsAt, type FlowRecords } from './flow-record';

/** Packet k of a batch as text: every per-packet column, every column of its headers in order, its TCP and UDP columns. */
function packetText(r: FlowRecords, k: number): string {
  const from = r.headerStart[k];
  const headers: string[] = [];
  for (let h = from; h < r.headerStart[k + 1]; h++) {
    const at = r.addr[h];
    const addr = Array.from(r.addrBytes.subarray(at, at + 2 * r.addrLen[h])).join('.');
    headers.push(`${r.kind[h]} ${r.flags[h]} ${r.addrLen[h]}:${addr} ${r.srcPort[h]}>${r.dstPort[h]} ${r.seq[h]} ${r.ack[h]} ${r.tcpFlags[h]}`);
  }
  const u = r.udp.header[k];
  const udp = u < 0 ? 'no udp' : `udp@${u - from} ${r.udp.payloadOffset[k]} ${r.udp.payloadLength[k]} ${r.udp.capturedLength[k]}`;
  const t = r.tcp.header[k];
  const tcp = t < 0 ? 'no tcp' : `tcp@${t - from} ${JSON.stringify(tcpScalarsAt(r, k))}`;
  return [r.sec[k], r.nsec[k], r.caplen[k], r.origlen[k], r.malformed[k], r.fragment[k], headers.length, ...headers, udp, tcp].join(' | ');
}

interface Frame {
  bytes: Uint8Array;
  origlen: number;
  linkType: number;
}

/** Both extractions of the frames: the batches, and how many frames the fast path took. */
function extractBoth(frames: readonly Frame[]): { fast: FlowRecords; chain: FlowRecords; taken: number } {
  const withFast = new FlowExtractor(1, frames.length);
  const chainOnly = new FlowExtractor(1, frames.length, { fastPath: false });
  frames.forEach((f, i) => {
    const meta = { sec: 1700000000 + i, nsec: i, origlen: f.origlen, linkType: f.linkType };
    withFast.add(f.bytes, meta);
    chainOnly.add(f.bytes, meta);
  });
  return { fast: withFast.finish(), chain: chainOnly.finish(), taken: withFast.fastPackets };
}

/** The first packets that differ, as `what: fast ≠ chain` lines. */
function differences(frames: readonly Frame[], what: (i: number) => string): { taken: number; differ: string[]; fast: FlowRecords } {
  const { fast, chain, taken } = extractBoth(frames);
  const differ: string[] = [];
  for (let k = 0; k < frames.length && differ.length < 5; k++) {
    const a = packetText(fast, k);
    const b = packetText(chain, k);
    if (a !== b) differ.push(`${what(k)}:\n  fast  ${a}\n  chain ${b}`);
  }
  return { taken, differ, fast };
}

const frameOf = (p: TestPacket): Frame => ({ bytes: p.bytes, origlen: p.origlen, linkType: p.iface.linkType });

/** Whether the fast path alone takes a frame (on a scratch writer). */
function takes(f: Frame): boolean {
  return new FlowFastPath(new FlowRecordWriter(1, 1, 16)).add(0, f.bytes, f.linkType, 0, 0, f.origlen);
}

/** A shape of a packet the fast path took, for picking varied mutation seeds: link type, headers, TCP options. */
function shapeOf(r: FlowRecords, k: number, linkType: number): string {
  const kinds = Array.from(r.kind.subarray(r.headerStart[k], r.headerStart[k + 1])).join('');
  const t = tcpScalarsAt(r, k);
  const opts = t === undefined ? '' : `${t.mss >= 0 ? 'M' : ''}${t.windowScale >= 0 ? 'W' : ''}${t.sackPermitted ? 'P' : ''}${t.sack.length > 0 ? 'S' : ''}${t.tsval >= 0 ? 'T' : ''}${t.payloadLength > 0 ? 'D' : ''}`;
  return `${linkType}/${kinds}/${opts}`;
}

const SEEDS_PER_SHAPE = 3;
const FLIPPED_BYTES = 80;
const RANDOM_CASES = 40;
/** Seeds from the corpus test, reused by the mutation test: packets the fast path took, a few per shape. */
const seeds: (Frame & { source: string })[] = [];
/** Corpus frames of the link types that share a layout with one the corpus lacks or has few of, for the relabel test. */
const relabel: (Frame & { source: string })[] = [];
const RELABELLED: Readonly<Record<number, readonly number[]>> = { 0: [108], 101: [228, 229], 228: [101], 229: [101] };
const ETHERTYPE_TAGS = new Set([0x8100, 0x88a8, 0x9100]);

test('over the corpus, the fast path writes what the dissector chain writes, and takes most packets', () => {
  let packets = 0;
  let taken = 0;
  const differ: string[] = [];
  const shapes = new Map<string, number>();
  const takenByLink = new Map<number, number>();
  let tagged = 0;
  for (const path of wiresharkReadableCaptures()) {
    const frames = readCapture(path).packets.map(frameOf);
    if (frames.length === 0) continue;
    const name = path.slice(CAPTURES_DIR.length + 1);
    const d = differences(frames, (k) => `${name} #${k + 1}`);
    packets += frames.length;
    taken += d.taken;
    differ.push(...d.differ);
    frames.forEach((f, k) => {
      if (RELABELLED[f.linkType] !== undefined) relabel.push({ ...f, source: `${name} #${k + 1}` });
    });
    if (d.taken === 0) continue;
    for (let k = 0; k < frames.length; k++) {
      if (!takes(frames[k])) continue;
      const b = frames[k].bytes;
      if (frames[k].linkType === 1 && ETHERTYPE_TAGS.has((b[12] << 8) | b[13])) tagged++;
      const shape = shapeOf(d.fast, k, frames[k].linkType);
      takenByLink.set(frames[k].linkType, (takenByLink.get(frames[k].linkType) ?? 0) + 1);
      const n = shapes.get(shape) ?? 0;
      if (n >= SEEDS_PER_SHAPE) continue;
      shapes.set(shape, n + 1);
      seeds.push({ ...frames[k], bytes: frames[k].bytes.slice(), source: `${name} #${k + 1}` });
    }
  }
  console.log(`fast path: took ${taken} of ${packets} corpus packets (${((100 * taken) / packets).toFixed(1)} %), declined ${packets - taken}; by link type ${JSON.stringify([...takenByLink])}, ${tagged} behind VLAN tags; ${shapes.size} shapes`);
  assert.deepEqual(differ.slice(0, 10), [], `${differ.length} packets differ`);
  assert.ok(packets > 50_000, `the corpus has ${packets} packets`);
  assert.ok(taken > packets / 2, `the fast path took ${taken} of ${packets} packets`);
  for (const link of [0, 1, 101, 113]) assert.ok((takenByLink.get(link) ?? 0) > 0, `the fast path took packets of link type ${link}`);
  assert.ok(tagged > 0, 'the fast path took Ethernet frames behind VLAN tags');
});

test('the same: corpus frames read as a link type of the same layout (NULL as LOOP, raw IP as raw IPv4 or IPv6 and back)', () => {
  const frames: Frame[] = [];
  const sources: string[] = [];
  for (const f of relabel) {
    for (const linkType of RELABELLED[f.linkType]) {
      frames.push({ ...f, linkType });
      sources.push(`${f.source} as link type ${linkType}`);
    }
  }
  const d = differences(frames, (k) => sources[k]);
  console.log(`fast path relabelled: took ${d.taken} of ${frames.length}`);
  assert.deepEqual(d.differ, []);
  assert.ok(d.taken > 100, `the fast path took ${d.taken} of ${frames.length} relabelled frames`);
});

test('on bit flips, truncations and random mutations of packets the fast path takes, it writes what the chain writes', () => {
  assert.ok(seeds.length >= 30, `${seeds.length} seeds (the corpus test picks them)`);
  let cases = 0;
  let taken = 0;
  const differ: string[] = [];
  seeds.forEach((seed, s) => {
    const frames: Frame[] = [];
    const kinds: string[] = [];
    for (let i = 0; i < Math.min(FLIPPED_BYTES, seed.bytes.length); i++) {
      for (let bit = 0; bit < 8; bit++) {
        const bytes = seed.bytes.slice();
        bytes[i] ^= 1 << bit;
        frames.push({ bytes, origlen: seed.origlen, linkType: seed.linkType });
        kinds.push(`bit ${bit} of byte ${i} flipped`);
      }
    }
    const more: FuzzCase[] = [...mutations({ source: seed.source, linkType: seed.linkType, bytes: seed.bytes, origlen: seed.origlen, lengthFields: [] }, RANDOM_CASES, 20261125 + s)];
    for (const c of more) {
      frames.push({ bytes: c.bytes, origlen: c.origlen, linkType: seed.linkType });
      kinds.push(`${c.kind} to ${c.bytes.length} bytes of ${c.origlen}`);
    }
    const d = differences(frames, (k) => `${seed.source}, ${kinds[k]}`);
    cases += frames.length;
    taken += d.taken;
    differ.push(...d.differ);
  });
  console.log(`fast path on mutations: ${cases} cases from ${seeds.length} seeds, took ${taken}`);
  assert.deepEqual(differ.slice(0, 10), [], `${differ.length} cases differ`);
  assert.ok(taken > cases / 4 && taken < cases, `the fast path took ${taken} of ${cases} cases`);
});

test('the fast path declines packets into a tunnel, on the ports the registry gives, and leaves the writer untouched', () => {
  const vxlan = readCapture(join(CAPTURES_DIR, 'tcpdump-tests/vxlan.pcap')).packets.map(frameOf);
  const w = new FlowRecordWriter(1, vxlan.length, 16);
  const fast = new FlowFastPath(w);
  assert.deepEqual(vxlan.map((f, k) => fast.add(k, f.bytes, f.linkType, 0, 0, f.origlen)), vxlan.map(() => false));
  const r = w.finish(0);
  assert.equal(r.kind.length + r.addrBytes.length, 0, 'nothing written');
  // The same outer UDP datagram to another port is taken: the port alone made it decline (IPv4 header of 20 bytes).
  const moved = vxlan[0].bytes.slice();
  assert.equal((moved[36] << 8) | moved[37], 4789);
  moved[37] ^= 1;
  assert.equal(takes({ ...vxlan[0], bytes: moved }), true);
});

/** An Ethernet / IPv4 / TCP frame with these option bytes (padded with EOL to a word) and `payload` zero bytes. */
function tcpFrame(options: readonly number[], payload = 0): Frame {
  const opts = [...options];
  while (opts.length % 4 !== 0) opts.push(0);
  const hl = 20 + opts.length;
  const total = 20 + hl + payload;
  const ip = [0x45, 0, total >> 8, total & 0xff, 0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2];
  const tcp = [0x30, 0x39, 0x01, 0xbb, 0x80, 0, 0, 1, 0, 0, 0, 0, (hl / 4) << 4, 0x12, 0xff, 0xff, 0, 0, 0, 0, ...opts];
  const eth = [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00];
  const bytes = Uint8Array.from([...eth, ...ip, ...tcp, ...new Array<number>(payload).fill(0)]);
  return { bytes, origlen: bytes.length, linkType: 1 };
}

test('TCP options: the fast path takes the regular ones, declines what the dissector treats specially, and both write the same', () => {
  const ts = [8, 10, 0x80, 0, 0, 1, 0xff, 0xff, 0xff, 0xff];
  const cases: [string, Frame, boolean][] = [
    ['MSS, NOP, window scale, SACK permitted, timestamps', tcpFrame([2, 4, 5, 180, 1, 3, 3, 7, 4, 2, ...ts]), true],
    ['two SACK blocks', tcpFrame([1, 1, 5, 18, 0xff, 0, 0, 1, 0xff, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4], 10), true],
    ['an option after EOL (the walk goes on)', tcpFrame([0, 2, 4, 5, 180]), true],
    ['an unknown option', tcpFrame([99, 4, 1, 2]), true],
    ['MSS twice', tcpFrame([2, 4, 5, 180, 2, 4, 1, 0]), false],
    ['MSS of length 5', tcpFrame([2, 5, 5, 180, 0]), false],
    ['an option length of 1', tcpFrame([1, 1, 99, 1]), false],
    ['an option past the header', tcpFrame([1, 1, 99, 8]), false],
    ['an MPTCP option without its subtype, last in the frame', tcpFrame([1, 1, 30, 2]), false],
    ['a data offset past the IP payload', { ...tcpFrame([]), bytes: tcpFrame([]).bytes.map((b, i) => (i === 46 ? 0x60 : b)) }, false],
  ];
  const d = differences(cases.map((c) => c[1]), (k) => cases[k][0]);
  assert.deepEqual(d.differ, []);
  assert.deepEqual(cases.map((c) => [c[0], takes(c[1])]), cases.map((c) => [c[0], c[2]]));
  const first = tcpScalarsAt(d.fast, 0);
  assert.deepEqual([first?.mss, first?.windowScale, first?.sackPermitted, first?.tsval, first?.tsecr], [1460, 7, true, 0x80000001, 0xffffffff]);
  assert.deepEqual(tcpScalarsAt(d.fast, 1)?.sack, [0xff000001, 0xff000002, 3, 4]);
});

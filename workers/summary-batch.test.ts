import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { summarize } from '../core/dissect/index';
import type { Summary } from '../core/dissect/types';
import { FileAccessError } from '../core/errors';
import { createCaptureParser } from '../core/pcap/capture-parser';
import { summarizeJob, unpackTexts, type SummaryJob } from './summary-batch';

const CAPTURES = join(import.meta.dirname, '..', '..', 'shared', 'captures');
/** Different link types, protocols, a cut snapshot length and malformed packets. */
const FILES = [
  'zeek-traces/http/206_example_a.pcap',
  'zeek-traces/ssh/ssh.client-side-half-duplex.pcap',
  'tcpdump-tests/of13_ericsson.pcapng',
  'tcpdump-tests/babel.pcap',
  'tcpdump-tests/HDLC.pcap',
  'tcpdump-tests/arcnet-rfc1201-arp-icmp-http.pcap',
  'tcpdump-tests/babel_update_oobr.pcap',
];

/** Every packet of a capture as a job, with its bytes (packet k at offsets[k] of the file). */
function jobOf(file: string): { job: SummaryJob; bytes: Uint8Array } {
  const path = join(CAPTURES, file);
  const bytes = new Uint8Array(readFileSync(path));
  const linkOf: number[] = [];
  const rows: number[][] = [];
  createCaptureParser({
    interface: (info) => linkOf.push(info.linkType),
    packet: (_record, dataOffset, caplen, origlen, _s, _ns, iface) => rows.push([dataOffset, caplen, origlen, linkOf[iface] ?? 0xffff]),
  }).push(bytes);
  const col = (c: number) => rows.map((r) => r[c]);
  const job: SummaryJob = {
    path,
    dataOffsets: Float64Array.from(col(0)),
    caplens: Uint32Array.from(col(1)),
    origlens: Uint32Array.from(col(2)),
    linkTypes: Uint16Array.from(col(3)),
  };
  return { job, bytes };
}

/** Packets `order` of a job (any order, any subset). */
function pick(job: SummaryJob, order: readonly number[]): SummaryJob {
  const take = <T extends Float64Array | Uint32Array | Uint16Array>(a: T, out: T) => {
    order.forEach((k, j) => (out[j] = a[k]));
    return out;
  };
  const n = order.length;
  return {
    path: job.path,
    dataOffsets: take(job.dataOffsets, new Float64Array(n)),
    caplens: take(job.caplens, new Uint32Array(n)),
    origlens: take(job.origlens, new Uint32Array(n)),
    linkTypes: take(job.linkTypes, new Uint16Array(n)),
  };
}

async function summariesOf(job: SummaryJob): Promise<Summary[]> {
  const fh = await open(job.path, 'r');
  try {
    const out = await summarizeJob(fh, job);
    const texts = unpackTexts(out);
    assert.equal(out.cells.length, job.dataOffsets.length * 4);
    assert.equal(out.malformed.length, job.dataOffsets.length);
    return Array.from(out.malformed, (m, i) => {
      const c = (k: number) => texts[out.cells[i * 4 + k]];
      return { source: c(0), destination: c(1), protocol: c(2), info: c(3), malformed: m === 1 };
    });
  } finally {
    await fh.close();
  }
}

test('a job gives, packet for packet, what summarize() gives each packet alone', async () => {
  let packets = 0;
  for (const file of FILES) {
    const { job, bytes } = jobOf(file);
    const n = job.dataOffsets.length;
    assert.ok(n > 0, `${file} has packets`);
    const got = await summariesOf(job);
    for (let i = 0; i < n; i++) {
      const at = job.dataOffsets[i];
      const alone = summarize(job.linkTypes[i], bytes.slice(at, at + job.caplens[i]), job.origlens[i]);
      assert.deepEqual(got[i], alone, `${file} packet ${i + 1}`);
    }
    packets += n;
  }
  assert.ok(packets > 500);
});

test('packets in any order and with gaps come back in the job\'s order', async () => {
  const { job } = jobOf(FILES[0]);
  const all = await summariesOf(job);
  const n = job.dataOffsets.length;
  const order = Array.from({ length: n }, (_, k) => n - 1 - k).filter((k) => k % 3 !== 1);
  const got = await summariesOf(pick(job, order));
  assert.deepEqual(got, order.map((k) => all[k]));
  // Each distinct Source, Destination and Protocol is sent once; Info once per packet.
  const fh = await open(job.path, 'r');
  try {
    const packed = await summarizeJob(fh, job);
    const distinct = new Set(all.flatMap((s) => [s.source, s.destination, s.protocol])).size;
    assert.equal(packed.ends.length, distinct + n);
  } finally {
    await fh.close();
  }
});

test('a file shorter than the packets it should hold is an error that says so', async () => {
  const { job } = jobOf(FILES[0]);
  const beyond = pick(job, [0]);
  beyond.dataOffsets[0] = statSync(job.path).size - 2;
  await assert.rejects(summariesOf(beyond), (e: unknown) => e instanceof FileAccessError && e.code === 'file-shrank' && /was it changed while open/.test(e.message));
});

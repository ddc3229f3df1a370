import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarize } from '../core/dissect/index';
import { createCaptureParser } from '../core/pcap/capture-parser';
import { summarizeBatch, type SummaryJob } from './summary-batch';

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

/** Every packet of a capture as a batch job, packets laid out at their offsets in the file's bytes. */
function jobOf(file: string): SummaryJob {
  const bytes = new Uint8Array(readFileSync(join(CAPTURES, file)));
  const linkOf: number[] = [];
  const rows: number[][] = [];
  createCaptureParser({
    interface: (info) => linkOf.push(info.linkType),
    packet: (_record, dataOffset, caplen, origlen, _s, _ns, iface) => rows.push([dataOffset, caplen, origlen, linkOf[iface] ?? 0xffff]),
  }).push(bytes);
  const col = (c: number) => rows.map((r) => r[c]);
  return {
    bytes,
    offsets: Uint32Array.from(col(0)),
    caplens: Uint32Array.from(col(1)),
    origlens: Uint32Array.from(col(2)),
    linkTypes: Uint16Array.from(col(3)),
  };
}

test('a batch gives, packet for packet, what summarize() gives each packet alone', () => {
  let packets = 0;
  for (const file of FILES) {
    const job = jobOf(file);
    const n = job.offsets.length;
    assert.ok(n > 0, `${file} has packets`);
    const out = summarizeBatch(job);
    assert.equal(out.text.length, n * 4);
    for (let i = 0; i < n; i++) {
      const alone = summarize(job.linkTypes[i], job.bytes.slice(job.offsets[i], job.offsets[i] + job.caplens[i]), job.origlens[i]);
      const got = { source: out.text[i * 4], destination: out.text[i * 4 + 1], protocol: out.text[i * 4 + 2], info: out.text[i * 4 + 3], malformed: out.malformed[i] === 1 };
      assert.deepEqual(got, alone, `${file} packet ${i + 1}`);
    }
    packets += n;
  }
  assert.ok(packets > 500);
});

/**
 * Summaries of many packets at once, as plain data so the same function runs in a dissect worker and
 * in-process: packet i is bytes[offsets[i], offsets[i] + caplens[i]) on link type linkTypes[i].
 *
 * It runs the dissection driver's summary path directly and copies the four columns into the flat result,
 * with no Summary object per packet: building one by object spread cost a third of a dissect worker's
 * time (bench/dissect: 100,000 packets in 1.08 s of CPU before, 0.72 s after).
 */
import { defaultRegistry } from '../core/dissect/index';
import { run } from '../core/dissect/dissect';

export interface SummaryJob {
  bytes: Uint8Array;
  offsets: Uint32Array;
  caplens: Uint32Array;
  origlens: Uint32Array;
  linkTypes: Uint16Array;
}

export interface SummaryResult {
  /** Four strings per packet: source, destination, protocol, info. */
  text: string[];
  malformed: Uint8Array;
}

export function summarizeBatch(job: SummaryJob): SummaryResult {
  const n = job.offsets.length;
  const text: string[] = new Array<string>(n * 4);
  const malformed = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const start = job.offsets[i];
    const caplen = job.caplens[i];
    const r = run(defaultRegistry, job.linkTypes[i], job.bytes.subarray(start, start + caplen), caplen, job.origlens[i], false);
    const c = r.cols;
    text[i * 4] = c.source;
    text[i * 4 + 1] = c.destination;
    text[i * 4 + 2] = c.protocol;
    text[i * 4 + 3] = c.info;
    malformed[i] = r.malformed ? 1 : 0;
  }
  return { text, malformed };
}

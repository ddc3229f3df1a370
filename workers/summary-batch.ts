/**
 * Summaries of many packets at once, as plain data so the same function runs in a dissect worker and
 * in-process: packet i is bytes[offsets[i], offsets[i] + caplens[i]) on link type linkTypes[i].
 */
import { summarize } from '../core/dissect/index';

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
    const s = summarize(job.linkTypes[i], job.bytes.subarray(start, start + job.caplens[i]), job.origlens[i]);
    text[i * 4] = s.source;
    text[i * 4 + 1] = s.destination;
    text[i * 4 + 2] = s.protocol;
    text[i * 4 + 3] = s.info;
    malformed[i] = s.malformed ? 1 : 0;
  }
  return { text, malformed };
}

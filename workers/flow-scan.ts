/**
 * The parallel half of the flow pass, as plain data in and out so the same function runs in a filter
 * worker and in-process: read a job's packets with large sequential positioned reads (as filter-scan.ts
 * does), dissect each for its flow facts and write them straight into one FlowRecords batch for the
 * engine's sequential stage (core/flow's FlowExtractor).
 */
import type { FileHandle } from 'node:fs/promises';
import { FlowExtractor } from '../core/flow/flow-extract';
import type { FlowRecords } from '../core/flow/flow-record';
import { readSpan, spanEnd } from './filter-scan';

/** A read covers consecutive packets up to this many bytes; dissecting is slow, so a cancel is seen within milliseconds. */
export const FLOW_READ_SPAN = 512 * 1024;

/** A run of consecutive packets: packet k is number firstNumber + k, its bytes at dataOffsets[k], caplens[k] long. */
export interface FlowScanJob {
  /** Chosen by the caller; `cancel` names it. */
  jobId: number;
  path: string;
  firstNumber: number;
  dataOffsets: Float64Array;
  caplens: Uint32Array;
  origlens: Uint32Array;
  tsSecs: Float64Array;
  tsNsecs: Uint32Array;
  /** Link type of each packet's interface. */
  linkTypes: Uint16Array;
}

export interface FlowScanResult {
  /** The packets scanned (all of the job's unless cancelled: then the first `records.count`). */
  records: FlowRecords;
  cancelled: boolean;
}

/** Scan `job` reading from `fh`; `stopped()` is asked between reads. */
export async function scanFlows(fh: FileHandle, job: FlowScanJob, stopped: () => boolean): Promise<FlowScanResult> {
  const n = job.dataOffsets.length;
  const enc = new FlowExtractor(job.firstNumber, n);
  let buffer = new Uint8Array(FLOW_READ_SPAN);
  let k = 0;
  while (k < n) {
    if (stopped()) return { records: enc.finish(), cancelled: true };
    const start = job.dataOffsets[k];
    const j = spanEnd(job.dataOffsets, job.caplens, k, FLOW_READ_SPAN);
    const end = job.dataOffsets[j - 1] + job.caplens[j - 1];
    if (end - start > buffer.length) buffer = new Uint8Array(end - start);
    const span = await readSpan(fh, job.path, start, buffer.subarray(0, end - start));
    for (let m = k; m < j; m++) {
      const at = job.dataOffsets[m] - start;
      const bytes = span.subarray(at, at + job.caplens[m]);
      enc.add(bytes, { sec: job.tsSecs[m], nsec: job.tsNsecs[m], origlen: job.origlens[m], linkType: job.linkTypes[m] });
    }
    k = j;
  }
  return { records: enc.finish(), cancelled: false };
}

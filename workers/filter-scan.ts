/**
 * The inner loop of display filtering, as plain data in and out so the same function runs in a filter
 * worker and in-process: read a job's packets with large sequential positioned reads and keep the numbers
 * of those the JIT-compiled program of their interface's link type accepts.
 */
import type { FileHandle } from 'node:fs/promises';
import type { RawInsn } from '../core/bpf/opcodes';
import { compileJitAt, type BpfFilterAt } from '../core/bpf/jit';
import { FileAccessError } from '../core/errors';
import { fileAccessError } from './capture-file';
import type { FilterScanJob, FilterScanResult } from './filter-worker-api';

/** One read covers consecutive packets up to this many bytes (a single larger packet is read alone). */
export const READ_SPAN = 4 * 1024 * 1024;

/** JIT-compiled programs by their text, so a worker compiles each program once for all its jobs. */
const jitCache = new Map<string, BpfFilterAt>();
const JIT_CACHE_MAX = 32;

function jitOf(program: RawInsn[]): BpfFilterAt {
  const key = JSON.stringify(program);
  let fn = jitCache.get(key);
  if (!fn) {
    if (jitCache.size >= JIT_CACHE_MAX) jitCache.delete(jitCache.keys().next().value as string);
    fn = compileJitAt(program);
    jitCache.set(key, fn);
  }
  return fn;
}

/** Scan `job` reading from `fh`; `stopped()` is asked between reads. */
export async function scanPackets(fh: FileHandle, job: FilterScanJob, stopped: () => boolean): Promise<FilterScanResult> {
  const n = job.dataOffsets.length;
  const filters = job.programs.map(jitOf);
  const matches = new Uint32Array(n);
  // One read buffer for the job, not zero-filled: every byte the filters look at was just read into it.
  let buffer = new Uint8Array(Buffer.allocUnsafeSlow(READ_SPAN).buffer, 0, READ_SPAN);
  let matched = 0;
  let k = 0;
  while (k < n) {
    if (stopped()) return { matches: matches.slice(0, matched), scanned: k, cancelled: true };
    const start = job.dataOffsets[k];
    let end = start + job.caplens[k];
    let j = k + 1;
    while (j < n) {
      const s = job.dataOffsets[j];
      const e = s + job.caplens[j];
      if (s < end || e - start > READ_SPAN) break;
      end = e;
      j++;
    }
    if (end - start > buffer.length) buffer = new Uint8Array(end - start);
    const span = await readSpan(fh, job.path, start, buffer.subarray(0, end - start));
    for (let m = k; m < j; m++) {
      const p = job.programOfInterface[job.interfaceIds[m]] ?? -1;
      if (p < 0) continue;
      if (filters[p](span, job.dataOffsets[m] - start, job.caplens[m], job.origlens[m]) !== 0) matches[matched++] = job.firstNumber + m;
    }
    k = j;
  }
  return { matches: matches.slice(0, matched), scanned: n, cancelled: false };
}

/** Fill `into` from the file at `position`; throws if the file ends first. */
async function readSpan(fh: FileHandle, path: string, position: number, into: Uint8Array): Promise<Uint8Array> {
  let got = 0;
  try {
    while (got < into.length) {
      const { bytesRead } = await fh.read(into, got, into.length - got, position + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
  } catch (e) {
    throw fileAccessError(e, path, `reading packet data at byte ${position}`);
  }
  if (got < into.length) {
    throw new FileAccessError('file-shrank', `${path} ends at byte ${position + got}, before packet data the index points to; was it changed while open?`, path);
  }
  return into;
}

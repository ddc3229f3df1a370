/**
 * The inner loop of display filtering, as plain data in and out so the same function runs in a filter
 * worker and in-process: read a job's packets with large sequential positioned reads and keep the numbers
 * of those the JIT-compiled program of their interface's link type accepts — or, for a display filter
 * that needs dissected fields, those whose fields (core/dissect's collectFields) satisfy its predicate.
 */
import type { FileHandle } from 'node:fs/promises';
import type { InterfaceInfo } from '../core/api';
import type { RawInsn } from '../core/bpf/opcodes';
import { compileJitAt, type BpfFilterAt } from '../core/bpf/jit';
import { compileDisplayFilter, type DisplayFilter } from '../core/display/index';
import { collectFields, type FieldOccurrence, type FrameMeta } from '../core/dissect/index';
import { FileAccessError } from '../core/errors';
import { flowInfoAt } from '../core/flow/flow-info-columns';
import { fileAccessError } from './capture-file';
import { PduPayloadArena } from './pdu-bytes';
import type { FieldPredicateJob, FilterScanJob, FilterScanResult } from './filter-worker-api';

/** One read covers consecutive packets up to this many bytes (a single larger packet is read alone). */
export const READ_SPAN = 4 * 1024 * 1024;
/**
 * Reads are smaller for a field predicate: dissecting is ~100× slower than BPF, and a cancel is seen
 * between reads, so a read should take milliseconds, not seconds.
 */
export const FIELDS_READ_SPAN = 256 * 1024;

/** Tests packet m of the job, whose bytes are span[at, at + caplens[m]). */
type PacketTest = (span: Uint8Array, at: number, m: number) => boolean;

/** Compiled display filters by their text, so a worker compiles each filter once for all its jobs. */
const displayCache = new Map<string, DisplayFilter>();
const DISPLAY_CACHE_MAX = 16;

function displayOf(expression: string): DisplayFilter {
  let f = displayCache.get(expression);
  if (!f) {
    if (displayCache.size >= DISPLAY_CACHE_MAX) displayCache.delete(displayCache.keys().next().value as string);
    f = compileDisplayFilter(expression);
    displayCache.set(expression, f);
  }
  return f;
}

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
  if (job.fields?.flows !== undefined && streamsOnly(displayOf(job.fields.expression))) return scanStreams(job, job.fields);
  const pdus = job.fields?.flows && (await PduPayloadArena.read(fh, job.path, job.fields.flows));
  const test = job.fields ? fieldsTest(job, job.fields, pdus) : bpfTest(job);
  const readSpanMax = job.fields ? FIELDS_READ_SPAN : READ_SPAN;
  const matches = new Uint32Array(n);
  // One read buffer for the job, not zero-filled: every byte the filters look at was just read into it.
  let buffer = new Uint8Array(Buffer.allocUnsafeSlow(readSpanMax).buffer, 0, readSpanMax);
  let matched = 0;
  let k = 0;
  while (k < n) {
    if (stopped()) return { matches: matches.slice(0, matched), scanned: k, cancelled: true };
    const start = job.dataOffsets[k];
    const j = spanEnd(job.dataOffsets, job.caplens, k, readSpanMax);
    const end = job.dataOffsets[j - 1] + job.caplens[j - 1];
    if (end - start > buffer.length) buffer = new Uint8Array(end - start);
    const span = await readSpan(fh, job.path, start, buffer.subarray(0, end - start));
    for (let m = k; m < j; m++) if (test(span, job.dataOffsets[m] - start, m)) matches[matched++] = job.firstNumber + m;
    k = j;
  }
  return { matches: matches.slice(0, matched), scanned: n, cancelled: false };
}

/** The JIT-compiled program of each packet's interface's link type. */
function bpfTest(job: FilterScanJob): PacketTest {
  const filters = job.programs.map(jitOf);
  return (span, at, m) => {
    const p = job.programOfInterface[job.interfaceIds[m]] ?? -1;
    return p >= 0 && filters[p](span, at, job.caplens[m], job.origlens[m]) !== 0;
  };
}

/**
 * Dissect each packet, collecting only the fields the display filter reads, and run its predicate. One
 * FrameMeta serves the whole job, rewritten for each packet: collectFields copies what it keeps of it.
 */
function fieldsTest(job: FilterScanJob, f: FieldPredicateJob, pdus: PduPayloadArena | undefined): PacketTest {
  const filter = displayOf(f.expression);
  const first = f.firstTimestamp;
  const unknown = (id: number): InterfaceInfo => ({ id, linkType: 0xffff, linkTypeName: 'UNKNOWN', snapLen: 0, tsDigits: 6 });
  const interfaces = f.interfaces;
  const timestamp = { sec: 0, nsec: 0 };
  const meta: FrameMeta = { number: 0, timestamp, relTime: 0, firstTimestamp: first, caplen: 0, origlen: 0, interface: interfaces[0] ?? unknown(0) };
  return (span, at, m) => {
    const id = job.interfaceIds[m];
    const caplen = job.caplens[m];
    const bytes = span.subarray(at, at + caplen);
    const sec = f.tsSecs[m];
    const nsec = f.tsNsecs[m];
    timestamp.sec = sec;
    timestamp.nsec = nsec;
    meta.number = job.firstNumber + m;
    meta.relTime = sec - first.sec + (nsec - first.nsec) / 1e9;
    meta.caplen = caplen;
    meta.origlen = job.origlens[m];
    meta.interface = interfaces[id] ?? unknown(id);
    meta.flow = f.flows && flowInfoAt(f.flows, m, pdus?.reused);
    const fields = collectFields(bytes, meta, filter.interest);
    return filter.matches(fields, filter.needsBytes ? bytes : undefined);
  };
}

/** Fields the flow pass gives every packet without dissecting it. */
const STREAM_FIELDS: ReadonlySet<string> = new Set(['tcp.stream', 'udp.stream']);

/** A display filter over tcp.stream / udp.stream only ("filter on this flow"): no dissection needed. */
function streamsOnly(filter: DisplayFilter): boolean {
  if (filter.needsBytes || filter.interest.size === 0) return false;
  for (const name of filter.interest) if (!STREAM_FIELDS.has(name)) return false;
  return true;
}

/**
 * Runs a streams-only filter over the packets' flow info, reading no packet bytes: the streams the flow
 * pass stored per packet are all it looks at, so "filter on this flow" is about as fast as a BPF filter.
 */
function scanStreams(job: FilterScanJob, f: FieldPredicateJob): FilterScanResult {
  const filter = displayOf(f.expression);
  const n = job.caplens.length;
  const tcp = f.flows?.tcpStream;
  const udp = f.flows?.udpStream;
  const matches = new Uint32Array(n);
  let matched = 0;
  const fields: FieldOccurrence[] = [];
  for (let m = 0; m < n; m++) {
    fields.length = 0;
    if (tcp !== undefined && tcp[m] >= 0) fields.push({ name: 'tcp.stream', value: tcp[m], offset: 0, length: 0 });
    if (udp !== undefined && udp[m] >= 0) fields.push({ name: 'udp.stream', value: udp[m], offset: 0, length: 0 });
    if (filter.matches(fields, undefined)) matches[matched++] = job.firstNumber + m;
  }
  return { matches: matches.slice(0, matched), scanned: n, cancelled: false };
}

/**
 * Packets k … j − 1 that one read covers: consecutive in the file, in ascending order, at most `maxSpan`
 * bytes together (a single larger packet is read alone). Returns j.
 */
export function spanEnd(dataOffsets: ArrayLike<number>, caplens: ArrayLike<number>, k: number, maxSpan: number): number {
  const start = dataOffsets[k];
  let end = start + caplens[k];
  let j = k + 1;
  while (j < dataOffsets.length) {
    const s = dataOffsets[j];
    const e = s + caplens[j];
    if (s < end || e - start > maxSpan) break;
    end = e;
    j++;
  }
  return j;
}

/** Fill `into` from the file at `position`; throws if the file ends first. */
export async function readSpan(fh: FileHandle, path: string, position: number, into: Uint8Array): Promise<Uint8Array> {
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

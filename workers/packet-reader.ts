/**
 * Reads packets' bytes back from the capture file with positioned reads, merging packets that sit
 * close together in the file into one read (a page of the list is usually one or two reads).
 *
 * `visitPackets` hands each packet to the caller inside the read buffer (no copy): the dissect workers
 * summarise straight from it. `readPackets` copies the packets out, one after another, for callers that
 * keep them.
 */
import type { FileHandle } from 'node:fs/promises';
import { FileAccessError } from '../core/errors';
import { fileAccessError } from './capture-file';
import type { PacketIndex } from './packet-index';

/** Packets closer than this are read together (the gap is read and skipped). */
const MAX_GAP = 64 * 1024;
/** One read never spans more than this (unless a single packet is larger). */
const MAX_READ = 4 * 1024 * 1024;

export interface PacketBytes {
  /** Packet k is bytes[offsets[k], offsets[k] + caplens[k]). */
  bytes: Uint8Array;
  offsets: Uint32Array;
  caplens: Uint32Array;
}

/** Packet k of a visit is `span[at, at + caplen)`; the span is only valid during the call. */
export type PacketVisitor = (k: number, span: Uint8Array, at: number) => void;

/**
 * Calls `visit` for every packet k, where packet k is `caplens[k]` bytes at `dataOffsets[k]` in the file,
 * in file order (so the order of k when the offsets are not ascending). Reads go into one reused buffer.
 */
export async function visitPackets(
  fh: FileHandle,
  path: string,
  dataOffsets: ArrayLike<number>,
  caplens: ArrayLike<number>,
  visit: PacketVisitor,
): Promise<void> {
  const n = dataOffsets.length;
  const order = fileOrder(dataOffsets);
  const at = (m: number) => (order === undefined ? m : order[m]);
  let buffer: Uint8Array | undefined;
  let m = 0;
  while (m < n) {
    const start = dataOffsets[at(m)];
    let end = start + caplens[at(m)];
    let j = m + 1;
    while (j < n) {
      const s = dataOffsets[at(j)];
      const e = s + caplens[at(j)];
      if (s - end > MAX_GAP || Math.max(end, e) - start > MAX_READ) break;
      end = Math.max(end, e);
      j++;
    }
    const length = end - start;
    // Reused for every read of the call, grown when a read needs more.
    if (buffer === undefined || buffer.length < length) buffer = unfilled(Math.max(length, Math.min(MAX_READ, 2 * (buffer?.length ?? 0))));
    const span = await readExactly(fh, path, start, buffer.subarray(0, length));
    for (let q = m; q < j; q++) {
      const k = at(q);
      visit(k, span, dataOffsets[k] - start);
    }
    m = j;
  }
}

/** Bytes of the packets at 0-based index positions `indices` (in any order), copied out one after another. */
export async function readPackets(fh: FileHandle, path: string, index: PacketIndex, indices: ArrayLike<number>): Promise<PacketBytes> {
  const n = indices.length;
  const dataOffsets = new Float64Array(n);
  const offsets = new Uint32Array(n);
  const caplens = new Uint32Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    dataOffsets[k] = index.dataOffset(indices[k]);
    caplens[k] = index.caplen(indices[k]);
    offsets[k] = total;
    total += caplens[k];
  }
  const bytes = new Uint8Array(total);
  await visitPackets(fh, path, dataOffsets, caplens, (k, span, at) => bytes.set(span.subarray(at, at + caplens[k]), offsets[k]));
  return { bytes, offsets, caplens };
}

/** Positions sorted by file offset, or undefined when the offsets already ascend (the usual case). */
function fileOrder(dataOffsets: ArrayLike<number>): Uint32Array | undefined {
  const n = dataOffsets.length;
  let ascending = true;
  for (let k = 1; k < n && ascending; k++) ascending = dataOffsets[k] >= dataOffsets[k - 1];
  if (ascending) return undefined;
  return Uint32Array.from({ length: n }, (_, k) => k).sort((a, b) => dataOffsets[a] - dataOffsets[b]);
}

/** A buffer that is not zero-filled: every byte used is read into it first. */
function unfilled(length: number): Uint8Array {
  return new Uint8Array(Buffer.allocUnsafeSlow(length).buffer, 0, length);
}

/** Fill `into` from the file at `position`; throws if the file ends first. */
async function readExactly(fh: FileHandle, path: string, position: number, into: Uint8Array): Promise<Uint8Array> {
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

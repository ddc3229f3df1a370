/**
 * Reads packets' bytes back from the capture file with positioned reads, merging packets that sit
 * close together in the file into one read (a page of the list is usually one or two reads).
 */
import type { FileHandle } from 'node:fs/promises';
import { FileAccessError } from '../core/errors';
import { fileAccessError, readAt } from './capture-file';
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

/** Bytes of the packets at 0-based index positions `indices` (in any order). */
export async function readPackets(fh: FileHandle, path: string, index: PacketIndex, indices: ArrayLike<number>): Promise<PacketBytes> {
  const n = indices.length;
  const offsets = new Uint32Array(n);
  const caplens = new Uint32Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    caplens[k] = index.caplen(indices[k]);
    offsets[k] = total;
    total += caplens[k];
  }
  const bytes = new Uint8Array(total);
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => index.dataOffset(indices[a]) - index.dataOffset(indices[b]));
  let k = 0;
  while (k < n) {
    const start = index.dataOffset(indices[order[k]]);
    let end = start + caplens[order[k]];
    let j = k + 1;
    while (j < n) {
      const s = index.dataOffset(indices[order[j]]);
      const e = s + caplens[order[j]];
      if (s - end > MAX_GAP || Math.max(end, e) - start > MAX_READ) break;
      end = Math.max(end, e);
      j++;
    }
    const span = await readExactly(fh, path, start, end - start);
    for (let m = k; m < j; m++) {
      const p = order[m];
      const at = index.dataOffset(indices[p]) - start;
      bytes.set(span.subarray(at, at + caplens[p]), offsets[p]);
    }
    k = j;
  }
  return { bytes, offsets, caplens };
}

async function readExactly(fh: FileHandle, path: string, position: number, length: number): Promise<Uint8Array> {
  let buf: Uint8Array;
  try {
    buf = await readAt(fh, position, length);
  } catch (e) {
    throw fileAccessError(e, path, `reading packet data at byte ${position}`);
  }
  if (buf.length < length) {
    throw new FileAccessError('file-shrank', `${path} ends at byte ${position + buf.length}, before packet data the index points to; was it changed while open?`, path);
  }
  return buf;
}

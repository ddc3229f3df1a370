/**
 * gzip-compressed captures (`.pcap.gz`, `.pcapng.gz`, as Wireshark writes and reads them): detection by
 * the two magic bytes and a streaming decompressor over fflate's `Gunzip`, which continues across
 * concatenated members. Corrupt or cut-short compressed data becomes a CaptureFormatError.
 */
import { Gunzip } from 'fflate';
import { CaptureFormatError } from '../errors';

export function isGzip(first: Uint8Array): boolean {
  return first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
}

export interface GunzipStream {
  /** Decompress the next compressed bytes; decompressed output goes to the `onData` callback. */
  push(chunk: Uint8Array): void;
  /** No more compressed bytes; throws if the data ended inside a member. */
  finish(): void;
  /** Compressed bytes pushed so far. */
  readonly compressedBytes: number;
}

function gzipError(e: unknown, offset: number, ended: boolean): CaptureFormatError {
  const detail = e instanceof Error ? e.message : String(e);
  return ended
    ? new CaptureFormatError('truncated-gzip', `The gzip-compressed file ends before its compressed data does (${detail}); it was cut short.`, offset)
    : new CaptureFormatError('corrupt-gzip', `The gzip-compressed data is corrupt near compressed byte ${offset} (${detail}).`, offset);
}

export function createGunzip(onData: (data: Uint8Array) => void): GunzipStream {
  let pushed = 0;
  let failed: CaptureFormatError | undefined;
  const g = new Gunzip((data) => {
    if (data.length > 0) onData(data);
  });
  return {
    get compressedBytes() {
      return pushed;
    },
    push(chunk) {
      if (failed) throw failed;
      try {
        g.push(chunk, false);
      } catch (e) {
        failed = gzipError(e, pushed, false);
        throw failed;
      }
      pushed += chunk.length;
    },
    finish() {
      if (failed) throw failed;
      try {
        g.push(new Uint8Array(0), true);
      } catch (e) {
        failed = gzipError(e, pushed, true);
        throw failed;
      }
    },
  };
}

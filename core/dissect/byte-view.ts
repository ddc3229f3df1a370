/**
 * A bounds-checked window on a packet's bytes, after Wireshark's tvbuff. Offsets given to the read methods
 * are relative to the window's start; `abs()` turns them into absolute packet offsets for tree nodes.
 *
 * Two limits, as Wireshark distinguishes them: `length` is what was captured, `reportedLength` is what the
 * protocol says was on the wire (e.g. the IP total length, or the frame's original length). Reading past
 * the captured end but within the reported end means the snapshot length cut the packet
 * ("Packet size limited during capture"); reading past the reported end means the packet is malformed.
 */
import { TrawlError } from '../errors';

/** Thrown by a read past the window; the dissection driver catches it and marks the layer. Never escapes. */
export class DissectBoundsError extends TrawlError {
  override name = 'DissectBoundsError';
  constructor(
    /** Absolute offset of the first byte that could not be read. */
    readonly offset: number,
    /** True when the bytes existed on the wire but were not captured (caplen < origlen). */
    readonly truncated: boolean,
  ) {
    super(
      truncated ? 'packet-size-limited' : 'malformed',
      truncated
        ? `Packet size limited during capture: data at byte ${offset} was not captured`
        : `Malformed packet: a field runs past the end of the data at byte ${offset}`,
      { offset, truncated },
    );
  }
}

export class ByteView {
  /** Captured bytes available from `start`. */
  readonly length: number;
  /** Bytes the protocol above says exist from `start` (>= length when the capture was cut short). */
  readonly reportedLength: number;

  constructor(
    readonly bytes: Uint8Array,
    /** Absolute offset of the window's first byte. */
    readonly start: number,
    /** Absolute end of the captured bytes of the window (exclusive). */
    end: number,
    /** Absolute end of the bytes that were on the wire (exclusive). */
    reportedEnd: number,
  ) {
    const capEnd = Math.max(start, Math.min(end, bytes.length));
    this.length = capEnd - start;
    this.reportedLength = Math.max(this.length, reportedEnd - start);
  }

  /** Absolute packet offset of a window-relative offset. */
  abs(rel: number): number {
    return this.start + rel;
  }

  /** True when `n` bytes at `rel` were captured. */
  has(rel: number, n: number): boolean {
    return rel >= 0 && n >= 0 && rel + n <= this.length;
  }

  /** Throws DissectBoundsError unless `n` bytes at `rel` were captured. */
  check(rel: number, n: number): void {
    if (rel >= 0 && n >= 0 && rel + n <= this.length) return;
    const firstMissing = this.start + Math.max(rel, this.length);
    throw new DissectBoundsError(firstMissing, rel >= 0 && rel + n <= this.reportedLength);
  }

  u8(rel: number): number {
    this.check(rel, 1);
    return this.bytes[this.start + rel];
  }

  u16(rel: number): number {
    this.check(rel, 2);
    const i = this.start + rel;
    return (this.bytes[i] << 8) | this.bytes[i + 1];
  }

  u16le(rel: number): number {
    this.check(rel, 2);
    const i = this.start + rel;
    return this.bytes[i] | (this.bytes[i + 1] << 8);
  }

  u24(rel: number): number {
    this.check(rel, 3);
    const i = this.start + rel;
    return (this.bytes[i] << 16) | (this.bytes[i + 1] << 8) | this.bytes[i + 2];
  }

  u32(rel: number): number {
    this.check(rel, 4);
    const i = this.start + rel;
    return ((this.bytes[i] << 24) >>> 0) + ((this.bytes[i + 1] << 16) | (this.bytes[i + 2] << 8) | this.bytes[i + 3]);
  }

  u32le(rel: number): number {
    this.check(rel, 4);
    const i = this.start + rel;
    return ((this.bytes[i + 3] << 24) >>> 0) + ((this.bytes[i + 2] << 16) | (this.bytes[i + 1] << 8) | this.bytes[i]);
  }

  /** A copy-free sub-array of `n` captured bytes at `rel`. */
  slice(rel: number, n: number): Uint8Array {
    this.check(rel, n);
    return this.bytes.subarray(this.start + rel, this.start + rel + n);
  }

  /**
   * A window starting at `rel`. `reportedLength` (from a length field) limits both ends; by default the
   * new window keeps this one's limits.
   */
  sub(rel: number, reportedLength?: number): ByteView {
    const start = this.start + rel;
    const capEnd = this.start + this.length;
    const repEnd = this.start + this.reportedLength;
    if (reportedLength === undefined) return new ByteView(this.bytes, start, capEnd, repEnd);
    const end = start + reportedLength;
    return new ByteView(this.bytes, start, Math.min(end, capEnd), end);
  }
}

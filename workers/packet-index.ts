/**
 * The per-packet index of a session, as columns of typed arrays that grow by doubling: where each
 * packet's bytes are in the file, its lengths, its timestamp and its interface. 31 bytes per packet
 * (62 with the worst growth slack); packet bytes themselves are read again from the file on demand.
 */
import type { InterfaceInfo } from '../core/api';

/** A run of packets as the index worker sends them (column i of every array is one packet). */
export interface IndexBatch {
  count: number;
  dataOffsets: Float64Array;
  /** dataOffset − recordOffset (the record header's size); 0 when it does not fit a byte. */
  headerSizes: Uint8Array;
  caplens: Uint32Array;
  origlens: Uint32Array;
  tsSecs: Float64Array;
  tsNsecs: Uint32Array;
  interfaceIds: Uint16Array;
}

export const BYTES_PER_PACKET = 8 + 1 + 4 + 4 + 8 + 4 + 2;

export class PacketIndex {
  private n = 0;
  private dataOffsets = new Float64Array(0);
  private headerSizes = new Uint8Array(0);
  private caplens = new Uint32Array(0);
  private origlens = new Uint32Array(0);
  private tsSecs = new Float64Array(0);
  private tsNsecs = new Uint32Array(0);
  private interfaceIds = new Uint16Array(0);
  readonly interfaces: InterfaceInfo[] = [];

  get count(): number {
    return this.n;
  }

  /** Bytes held, growth slack included. */
  get memoryBytes(): number {
    return this.dataOffsets.length * BYTES_PER_PACKET;
  }

  append(b: IndexBatch): void {
    this.reserve(this.n + b.count);
    const at = this.n;
    this.dataOffsets.set(b.dataOffsets.subarray(0, b.count), at);
    this.headerSizes.set(b.headerSizes.subarray(0, b.count), at);
    this.caplens.set(b.caplens.subarray(0, b.count), at);
    this.origlens.set(b.origlens.subarray(0, b.count), at);
    this.tsSecs.set(b.tsSecs.subarray(0, b.count), at);
    this.tsNsecs.set(b.tsNsecs.subarray(0, b.count), at);
    this.interfaceIds.set(b.interfaceIds.subarray(0, b.count), at);
    this.n += b.count;
  }

  setInterfaces(list: readonly InterfaceInfo[]): void {
    this.interfaces.splice(0, this.interfaces.length, ...list);
  }

  /** Index i is 0-based (packet number − 1). */
  dataOffset(i: number): number {
    return this.dataOffsets[i];
  }
  /** Offset of the record header, or undefined when its size was not recorded. */
  recordOffset(i: number): number | undefined {
    const h = this.headerSizes[i];
    return h === 0 ? undefined : this.dataOffsets[i] - h;
  }
  caplen(i: number): number {
    return this.caplens[i];
  }
  origlen(i: number): number {
    return this.origlens[i];
  }
  tsSec(i: number): number {
    return this.tsSecs[i];
  }
  tsNsec(i: number): number {
    return this.tsNsecs[i];
  }
  interfaceId(i: number): number {
    return this.interfaceIds[i];
  }
  interfaceOf(i: number): InterfaceInfo | undefined {
    return this.interfaces[this.interfaceIds[i]];
  }
  /** Copies of the columns of packets [from, to) (0-based), for a job sent to a worker. */
  columns(from: number, to: number): Omit<IndexBatch, 'count' | 'headerSizes'> {
    return {
      dataOffsets: this.dataOffsets.slice(from, to),
      caplens: this.caplens.slice(from, to),
      origlens: this.origlens.slice(from, to),
      tsSecs: this.tsSecs.slice(from, to),
      tsNsecs: this.tsNsecs.slice(from, to),
      interfaceIds: this.interfaceIds.slice(from, to),
    };
  }
  /** Seconds since the first packet (Wireshark's frame.time_relative). */
  relTime(i: number): number {
    if (this.n === 0) return 0;
    return this.tsSecs[i] - this.tsSecs[0] + (this.tsNsecs[i] - this.tsNsecs[0]) / 1e9;
  }

  private reserve(need: number): void {
    if (need <= this.dataOffsets.length) return;
    let cap = Math.max(1024, this.dataOffsets.length);
    while (cap < need) cap *= 2;
    const grow = <A extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(old: A, make: (n: number) => A): A => {
      const a = make(cap);
      a.set(old.subarray(0, this.n) as never);
      return a;
    };
    this.dataOffsets = grow(this.dataOffsets, (c) => new Float64Array(c));
    this.headerSizes = grow(this.headerSizes, (c) => new Uint8Array(c));
    this.caplens = grow(this.caplens, (c) => new Uint32Array(c));
    this.origlens = grow(this.origlens, (c) => new Uint32Array(c));
    this.tsSecs = grow(this.tsSecs, (c) => new Float64Array(c));
    this.tsNsecs = grow(this.tsNsecs, (c) => new Uint32Array(c));
    this.interfaceIds = grow(this.interfaceIds, (c) => new Uint16Array(c));
  }
}

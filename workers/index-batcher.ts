/**
 * The parser's PacketSink for indexing: collects packets into fixed-size column batches and hands each
 * full batch to `flush` (the index worker posts it to the engine).
 */
import type { InterfaceInfo } from '../core/api';
import type { PacketSink } from '../core/pcap/types';
import type { IndexBatchEvent } from './index-worker-api';
import type { IndexBatch } from './packet-index';

export class IndexBatcher implements PacketSink {
  private batch: IndexBatch;
  readonly interfaces: InterfaceInfo[] = [];

  constructor(
    private readonly size: number,
    private readonly flush: (b: IndexBatch) => void,
  ) {
    this.batch = this.fresh();
  }

  packet(recordOffset: number, dataOffset: number, caplen: number, origlen: number, tsSec: number, tsNsec: number, interfaceId: number): void {
    const b = this.batch;
    const i = b.count;
    const header = dataOffset - recordOffset;
    b.dataOffsets[i] = dataOffset;
    b.headerSizes[i] = header > 0 && header < 256 ? header : 0;
    b.caplens[i] = caplen;
    b.origlens[i] = origlen;
    b.tsSecs[i] = tsSec;
    b.tsNsecs[i] = tsNsec;
    b.interfaceIds[i] = interfaceId;
    b.count = i + 1;
    if (b.count === this.size) this.drain();
  }

  interface(info: InterfaceInfo): void {
    this.interfaces.push(info);
  }

  /** Hand over what is collected, if anything. */
  drain(): void {
    if (this.batch.count === 0) return;
    const full = this.batch;
    this.batch = this.fresh();
    this.flush(full);
  }

  private fresh(): IndexBatch {
    const n = this.size;
    return {
      count: 0,
      dataOffsets: new Float64Array(n),
      headerSizes: new Uint8Array(n),
      caplens: new Uint32Array(n),
      origlens: new Uint32Array(n),
      tsSecs: new Float64Array(n),
      tsNsecs: new Uint32Array(n),
      interfaceIds: new Uint16Array(n),
    };
  }
}

/** What a worker posts for a batch: its columns cut to `count` (so only the used part is copied), with progress. */
export function batchEvent(b: IndexBatch, bytesRead: number, interfaces: readonly InterfaceInfo[]): IndexBatchEvent {
  const n = b.count;
  return {
    count: n,
    dataOffsets: b.dataOffsets.slice(0, n),
    headerSizes: b.headerSizes.slice(0, n),
    caplens: b.caplens.slice(0, n),
    origlens: b.origlens.slice(0, n),
    tsSecs: b.tsSecs.slice(0, n),
    tsNsecs: b.tsNsecs.slice(0, n),
    interfaceIds: b.interfaceIds.slice(0, n),
    bytesRead,
    interfaces: [...interfaces],
  };
}

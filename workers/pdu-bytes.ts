/**
 * The reading half of TCP desegmentation, done by whoever dissects a batch (a dissect or filter worker, or
 * the engine for a small page or a packet's detail): the batch's flow info says where each segment of a completing packet keeps
 * its TCP payload in the capture file (FlowInfoColumns.payloads); these are read with few merged reads into
 * one buffer, and each PDU is put together from them when its packet is dissected. The engine's main thread
 * then neither reads segments nor copies PDUs, and no PDU bytes are cloned between threads.
 */
import type { FileHandle } from 'node:fs/promises';
import type { FlowInfoColumns, PduBytesOf, PduPayloads } from '../core/flow/flow-info-columns';
import { positionOf } from '../core/flow/sorted-numbers';
import { assemblePdu } from '../core/flow/tcp-pdu-info';
import { visitPackets } from './packet-reader';

export class PduPayloadArena {
  private scratch = new Uint8Array(0);

  private constructor(
    private readonly p: PduPayloads,
    private readonly arena: Uint8Array,
    private readonly starts: Uint32Array,
  ) {}

  /** Reads the payloads `c` lists from `fh` (the file at `path`); undefined when it lists none. */
  static async read(fh: FileHandle, path: string, c: FlowInfoColumns): Promise<PduPayloadArena | undefined> {
    const p = c.payloads;
    if (p === undefined || p.numbers.length === 0) return undefined;
    const n = p.numbers.length;
    const starts = new Uint32Array(n + 1);
    for (let i = 0; i < n; i++) starts[i + 1] = starts[i] + p.lengths[i];
    const arena = new Uint8Array(starts[n]);
    await visitPackets(fh, path, p.fileOffsets, p.lengths, (i, span, at) => arena.set(span.subarray(at, at + p.lengths[i]), starts[i]));
    return new PduPayloadArena(p, arena, starts);
  }

  /** Each PDU in a buffer of its own (a packet's detail keeps its bytes). */
  readonly fresh: PduBytesOf = (pdu) => assemblePdu(pdu, this.payloadOf);

  /**
   * Each PDU in one buffer used again for the next, so valid until then: a summary keeps only its texts, and
   * a field predicate is tested before the next packet is dissected.
   */
  readonly reused: PduBytesOf = (pdu) => {
    if (this.scratch.length < pdu.length) this.scratch = new Uint8Array(Math.max(pdu.length, 2 * this.scratch.length));
    return assemblePdu(pdu, this.payloadOf, this.scratch);
  };

  private readonly payloadOf = (number: number): Uint8Array | undefined => {
    const i = positionOf(this.p.numbers, number);
    return i < 0 ? undefined : this.arena.subarray(this.starts[i], this.starts[i + 1]);
  };
}

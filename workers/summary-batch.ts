/**
 * Summaries (the list's Source, Destination, Protocol and Info columns) of many packets at once, as
 * plain data so the same code runs in a dissect worker and in-process.
 *
 * A dissect worker reads the job's packets from the file itself (large sequential reads, as the filter
 * workers do) and answers with the columns packed: every distinct text once, in one string, and four
 * indices per packet. Structured clone then moves one string and three typed arrays instead of four
 * strings per packet, and the engine's main thread makes one substring per distinct text; Source,
 * Destination and Protocol repeat, so they are shared by all the rows that show them.
 *
 * It runs the dissection driver's summary path directly, with no Summary object per packet: building one
 * by object spread cost a third of a dissect worker's time (bench/dissect).
 */
import type { FileHandle } from 'node:fs/promises';
import { defaultRegistry, type PacketFlowInfo } from '../core/dissect/index';
import { flowInfoAt, type FlowInfoColumns } from '../core/flow/flow-info-columns';
import { run } from '../core/dissect/dissect';
import { visitPackets } from './packet-reader';
import { PduPayloadArena } from './pdu-bytes';

/**
 * Packets to summarise, read from `path`: packet k is `caplens[k]` bytes at `dataOffsets[k]` of the file,
 * `origlens[k]` on the wire, on link type `linkTypes[k]` (0xffff: unknown).
 */
export interface SummaryJob {
  /** The file the packet bytes are read from (the decompressed copy for gzip captures). */
  path: string;
  dataOffsets: Float64Array;
  caplens: Uint32Array;
  origlens: Uint32Array;
  linkTypes: Uint16Array;
  /** The packets' flow info, packed (the Info column then reads `[TCP Retransmission] …`), where the flow pass has it. */
  flows?: FlowInfoColumns;
}

/** Summary columns of a batch, packed. */
export interface PackedSummaries {
  /** The batch's distinct texts, one after another. */
  blob: string;
  /** Text t is `blob.slice(t === 0 ? 0 : ends[t - 1], ends[t])`. */
  ends: Uint32Array;
  /** Four text numbers per packet: source, destination, protocol, info. */
  cells: Uint32Array;
  /** 1 where the summary dissection hit malformed data. */
  malformed: Uint8Array;
}

/** The column values cells point at: text t of the batch. */
export function unpackTexts(p: PackedSummaries): string[] {
  const n = p.ends.length;
  const texts = new Array<string>(n);
  let from = 0;
  for (let t = 0; t < n; t++) {
    const to = p.ends[t];
    texts[t] = p.blob.substring(from, to);
    from = to;
  }
  return texts;
}

/** Texts joined into one string at a time while a batch is packed. */
const PARTS_PER_CHUNK = 256;

/**
 * Collects the columns of a batch of `n` packets, given in any order: Source, Destination and Protocol
 * are stored once per distinct value, Info once per packet (it rarely repeats, and a lookup costs more
 * than it saves).
 */
export class SummaryPacker {
  private readonly cells: Uint32Array;
  private readonly malformed: Uint8Array;
  /** Texts not yet joined into `chunks`. */
  private readonly parts: string[] = [];
  /** Runs of PARTS_PER_CHUNK texts, joined: the texts themselves die young instead of surviving the batch. */
  private readonly chunks: string[] = [];
  /** End of each text in the blob; a batch has at most four texts per packet. */
  private readonly ends: Uint32Array;
  private texts = 0;
  private length = 0;
  private readonly shared = new Map<string, number>();

  constructor(n: number) {
    this.cells = new Uint32Array(n * 4);
    this.malformed = new Uint8Array(n);
    this.ends = new Uint32Array(n * 4);
  }

  /** Summarise packet k: `caplen` bytes at `span[at]`, `origlen` on the wire, on `linkType`. */
  summarize(k: number, span: Uint8Array, at: number, caplen: number, origlen: number, linkType: number, flow?: PacketFlowInfo): void {
    const r = run(defaultRegistry, linkType, span.subarray(at, at + caplen), caplen, origlen, false, undefined, undefined, flow);
    const c = r.cols;
    const cell = k * 4;
    this.cells[cell] = this.sharedText(c.source);
    this.cells[cell + 1] = this.sharedText(c.destination);
    this.cells[cell + 2] = this.sharedText(c.protocol);
    this.cells[cell + 3] = this.text(c.info);
    this.malformed[k] = r.malformed ? 1 : 0;
  }

  finish(): PackedSummaries {
    this.flush();
    return { blob: this.chunks.join(''), ends: this.ends.slice(0, this.texts), cells: this.cells, malformed: this.malformed };
  }

  private sharedText(s: string): number {
    let t = this.shared.get(s);
    if (t === undefined) {
      t = this.text(s);
      this.shared.set(s, t);
    }
    return t;
  }

  private flush(): void {
    this.chunks.push(this.parts.join(''));
    this.parts.length = 0;
  }

  private text(s: string): number {
    if (this.parts.push(s) === PARTS_PER_CHUNK) this.flush();
    this.length += s.length;
    this.ends[this.texts] = this.length;
    return this.texts++;
  }
}

/** Read the job's packets (and the segments of the PDUs they complete) from `fh`, the file at `job.path`, and summarise them. */
export async function summarizeJob(fh: FileHandle, job: SummaryJob): Promise<PackedSummaries> {
  const packer = new SummaryPacker(job.dataOffsets.length);
  const { caplens, origlens, linkTypes, flows } = job;
  const pdus = flows && (await PduPayloadArena.read(fh, job.path, flows));
  await visitPackets(fh, job.path, job.dataOffsets, caplens, (k, span, at) => packer.summarize(k, span, at, caplens[k], origlens[k], linkTypes[k], flows && flowInfoAt(flows, k, pdus?.reused)));
  return packer.finish();
}

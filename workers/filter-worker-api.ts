/** The contract between the engine and its filter workers (workers/filter.worker.ts). */
import type { InterfaceInfo, Timestamp } from '../core/api';
import type { RawInsn } from '../core/bpf/opcodes';
import type { FlowInfoColumns } from '../core/flow/flow-info-columns';
import type { FlowScanJob, FlowScanResult } from './flow-scan';

/**
 * A run of consecutive packets to test against compiled programs. Packet k of the job is packet number
 * `firstNumber + k` (1-based); its bytes are at `dataOffsets[k]` in `path`, `caplens[k]` long (cut to the
 * interface's snapshot length, as libpcap cuts them: core/pcap/filter-caplen.ts).
 */
export interface FilterScanJob {
  /** Chosen by the caller; `cancel` names it. */
  jobId: number;
  /** The file the packet bytes are read from (the decompressed copy for gzip captures). */
  path: string;
  firstNumber: number;
  dataOffsets: Float64Array;
  caplens: Uint32Array;
  origlens: Uint32Array;
  interfaceIds: Uint16Array;
  /** The distinct programs of the job (one per link type). */
  programs: RawInsn[][];
  /** Interface id → index into `programs`, or −1: packets of that interface never match. */
  programOfInterface: Int16Array;
  /**
   * Set when the job runs a display filter as a predicate over dissected fields instead of `programs`
   * (then `caplens` are the captured lengths, not cut to the snapshot length).
   */
  fields?: FieldPredicateJob;
}

/** What a predicate job needs beyond the bytes: the display filter and each packet's frame metadata. */
export interface FieldPredicateJob {
  /** The display filter's text; a worker compiles each text once. */
  expression: string;
  tsSecs: Float64Array;
  tsNsecs: Uint32Array;
  /** The capture's first packet's timestamp (frame.time_relative counts from it). */
  firstTimestamp: Timestamp;
  /** The session's interfaces by id (link type, name: frame.interface_*, frame.encap_type). */
  interfaces: InterfaceInfo[];
  /** The packets' flow info, packed (tcp.stream, TCP analysis, reassembled datagrams), where the flow pass has it. */
  flows?: FlowInfoColumns;
}

export interface FilterScanResult {
  /** 1-based numbers of the matching packets, ascending. */
  matches: Uint32Array;
  /** Packets examined (fewer than the job's when it was cancelled). */
  scanned: number;
  cancelled: boolean;
}

export interface FilterWorkerApi {
  /**
   * Read the job's packets from the file in large sequential reads and run the JIT-compiled programs (or,
   * for a `fields` job, dissect each packet and run the display filter's predicate).
   */
  scan(job: FilterScanJob): Promise<FilterScanResult>;
  /** The flow pass's parallel half (workers/flow-scan.ts): dissect the job's packets for their flow facts, as one FlowRecords batch. */
  flowScan(job: FlowScanJob): Promise<FlowScanResult>;
  /** Stop a running scan after its current read; its `scan` resolves with `cancelled` set. */
  cancel(req: { jobId: number }): Promise<void>;
}

export const FILTER_WORKER_NAMES = { methods: ['scan', 'flowScan', 'cancel'], events: [] } as const;

/** The contract between the engine and its index worker (workers/index.worker.ts). */
import type { CaptureFormat, CaptureProblem, Event, InterfaceInfo } from '../core/api';
import type { IndexBatch } from './packet-index';

export interface IndexHeader {
  format: CaptureFormat;
  byteOrder: 'little' | 'big';
}

export interface IndexBatchEvent extends IndexBatch {
  /** Bytes of the file on disk consumed so far (compressed bytes for gzip). */
  bytesRead: number;
  /** Every interface seen so far. */
  interfaces: InterfaceInfo[];
}

export interface IndexRunRequest {
  /** The capture file as the user named it. */
  path: string;
  /** gzip: the temp file the decompressed bytes are appended to (each before its packets are sent). */
  readPath?: string;
  compressed?: boolean;
  chunkSize?: number;
  batchSize?: number;
}

export interface IndexOutcome {
  packets: number;
  bytesRead: number;
  cancelled: boolean;
  problem?: CaptureProblem;
  interfaces: InterfaceInfo[];
}

export interface IndexWorkerApi {
  /**
   * Stream the file through the parser, firing onHeader once and onBatch for every run of packets;
   * resolves when the file is done, cancelled or stops on a problem. Rejects with CaptureFormatError
   * when the file is not a capture at all.
   */
  run(req: IndexRunRequest): Promise<IndexOutcome>;
  /** Stop after the current chunk; run() then resolves with cancelled = true. */
  cancel(): Promise<void>;
  onHeader: Event<IndexHeader>;
  onBatch: Event<IndexBatchEvent>;
}

export const INDEX_WORKER_NAMES = { methods: ['run', 'cancel'], events: ['onHeader', 'onBatch'] } as const;

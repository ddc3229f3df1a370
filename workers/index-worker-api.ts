/** The contract between the engine and its index worker (workers/index.worker.ts). */
import type { CaptureFormat, CaptureProblem, Event, InterfaceInfo } from '../core/api';
import type { IndexBatch } from './packet-index';

export interface IndexHeader {
  format: CaptureFormat;
  byteOrder: 'little' | 'big';
}

export interface IndexBatchEvent extends IndexBatch {
  /** Bytes of the file consumed so far. */
  bytesRead: number;
  /** Every interface seen so far. */
  interfaces: InterfaceInfo[];
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
  run(req: { path: string; chunkSize?: number; batchSize?: number }): Promise<IndexOutcome>;
  /** Stop after the current chunk; run() then resolves with cancelled = true. */
  cancel(): Promise<void>;
  onHeader: Event<IndexHeader>;
  onBatch: Event<IndexBatchEvent>;
}

export const INDEX_WORKER_NAMES = { methods: ['run', 'cancel'], events: ['onHeader', 'onBatch'] } as const;

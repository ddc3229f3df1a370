/**
 * The contract between the engine and a capture worker (workers/capture.worker.ts): one worker per live
 * capture. It starts the helper (workers/capture-helper.ts), writes the helper's pcapng stream to disk in
 * whole blocks, parses what it wrote, and sends the packet index back in batches, so the engine never
 * touches the packet stream itself. With a ring buffer it switches files as `dumpcap -b` does.
 *
 * Order of events for one run: onReady once; then for each file k (k = 0, 1, …): onFile(k) before any
 * onBatch with fileIndex k; onFileClosed(k) after the last onBatch of k (a rotation closes k and then
 * opens k + 1). onStats about once a second. run() settles after the last event.
 */
import type { CaptureProblem, Event, InterfaceInfo } from '../core/api';
import type { HelperOptions, HelperReady, HelperStats } from './capture-helper';
import type { IndexBatchEvent, IndexHeader } from './index-worker-api';

export interface CaptureRing {
  /** Keep at most this many files, deleting the oldest; 0 keeps all. */
  files: number;
  /** Switch to a new file before this many bytes would be exceeded (a file holds at least one packet). */
  fileBytes?: number;
  /** Switch to a new file once the current one is this old. */
  fileSeconds?: number;
}

export interface CaptureRunRequest {
  /** How to run the helper (the filter program already compiled for the interface's link type). */
  helper: HelperOptions;
  /** The file to write, created exclusively. With a ring, the name the ring files are made from. */
  outputPath: string;
  ring?: CaptureRing;
  /** Packets per batch at most (default 8192); a partial batch goes out at least every 50 ms. */
  batchSize?: number;
}

export interface CaptureFileEvent {
  /** 0 for the first file, then one more per rotation. */
  fileIndex: number;
  path: string;
  header: IndexHeader;
  /** The interfaces its header blocks describe, known before the first packet. */
  interfaces: InterfaceInfo[];
}

export interface CaptureFileClosedEvent {
  fileIndex: number;
  path: string;
  /** Bytes in the file when closed. */
  bytes: number;
  /** Older ring files deleted when this rotation happened (paths). */
  deleted: string[];
}

export interface CaptureBatchEvent extends IndexBatchEvent {
  /** The file the offsets refer to. `bytesRead` is the bytes written to that file so far. */
  fileIndex: number;
}

export interface CaptureStatsEvent extends HelperStats {
  /** Bytes written to all files so far. */
  bytesWritten: number;
}

export interface CaptureOutcome {
  stats: HelperStats;
  bytesWritten: number;
  /** Files that exist at the end, oldest first. */
  files: string[];
  /** The helper's stream stopped being valid pcapng (should never happen): where and why. What came before stays. */
  problem?: CaptureProblem;
}

export interface CaptureWorkerApi {
  /**
   * Run the capture until the helper ends (stop(), --count, --duration, an error). Resolves with the
   * outcome; rejects with HelperError when the helper fails (before or after ready; any file written
   * stays on disk and was announced with onFile), or FileAccessError when the output cannot be written.
   */
  run(req: CaptureRunRequest): Promise<CaptureOutcome>;
  /** Ask the helper for a clean stop (SIGINT); run() then resolves once everything is written. */
  stop(): Promise<void>;
  onReady: Event<HelperReady>;
  onFile: Event<CaptureFileEvent>;
  onFileClosed: Event<CaptureFileClosedEvent>;
  onBatch: Event<CaptureBatchEvent>;
  onStats: Event<CaptureStatsEvent>;
}

export const CAPTURE_WORKER_NAMES = {
  methods: ['run', 'stop'],
  events: ['onReady', 'onFile', 'onFileClosed', 'onBatch', 'onStats'],
} as const;

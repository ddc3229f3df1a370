/**
 * One open capture: its file (and the decompressed copy), the index being built by its index worker,
 * the progress it reports, and the summaries cached for the list. Closing it frees all of that.
 */
import { open, rm, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Event, IndexProgress, InterfaceInfo, SessionInfo } from '../core/api';
import { CancelledError, CaptureFormatError, TrawlError } from '../core/errors';
import { Emitter } from '../core/rpc/channel';
import { openCaptureFile } from './capture-file';
import type { FilterView } from './filter-view';
import type { IndexBatchEvent, IndexHeader, IndexOutcome, IndexWorkerApi } from './index-worker-api';
import { INDEX_WORKER_NAMES } from './index-worker-api';
import { PacketIndex } from './packet-index';
import { SessionViews } from './session-views';
import { SummaryCache } from './summary-cache';
import { startWorker, type WorkerHandle } from './worker-handle';
import { workerUrl } from './worker-url';

/** Progress events go out at most this often while indexing (the final one always goes out). */
const PROGRESS_INTERVAL_MS = 100;
/** How long a cancelled index worker may take to stop before it is terminated. */
const CANCEL_GRACE_MS = 2000;

export interface SessionSource {
  sessionId: string;
  /** Where the capture is on disk. */
  path: string;
  /** What the user calls it (the uploaded file's name for uploads). */
  name?: string;
  /** False for uploads: the path is a temp file the user never chose, removed on close. */
  userPath: boolean;
  onProgress(p: IndexProgress): void;
  chunkSize?: number;
}

type CaptureFile = Awaited<ReturnType<typeof openCaptureFile>>;

export class Session {
  readonly index = new PacketIndex();
  readonly summaries = new SummaryCache();
  /** The session's filter views (the `all` view is implicit). */
  readonly views = new SessionViews<FilterView>();
  private readonly grew = new Emitter<void>();
  /** Fires whenever packets were added to the index, and once when indexing ends. */
  readonly onIndexGrew: Event<void> = this.grew.event;
  private status: IndexProgress;
  private lastEmit = 0;
  private readonly started = Date.now();
  private closed = false;
  /** Settles with the final progress once indexing ends, whatever the way. */
  readonly indexed: Promise<IndexProgress>;

  private constructor(
    readonly info: SessionInfo,
    readonly readPath: string,
    readonly fh: FileHandle,
    private readonly capture: CaptureFile,
    private readonly worker: WorkerHandle<IndexWorkerApi>,
    run: Promise<IndexOutcome>,
    private readonly source: SessionSource,
  ) {
    this.status = {
      sessionId: info.sessionId,
      packets: 0,
      bytesRead: 0,
      totalBytes: capture.sizeBytes,
      elapsedMs: 0,
      done: false,
      cancelled: false,
      interfaces: [],
    };
    this.indexed = run.then(
      (outcome) => this.finish(outcome),
      (e: unknown) => this.finishWithError(e),
    );
  }

  get id(): string {
    return this.info.sessionId;
  }

  get progress(): IndexProgress {
    return { ...this.status, elapsedMs: this.status.done ? this.status.elapsedMs : Date.now() - this.started, interfaces: [...this.status.interfaces] };
  }

  get interfaces(): readonly InterfaceInfo[] {
    return this.index.interfaces;
  }

  /** Indexing has ended (done, cancelled or stopped on a problem): the index will not grow again. */
  get indexDone(): boolean {
    return this.status.done;
  }

  /** Resolves once the first interface is known (or indexing ended without one). */
  interfacesKnown(): Promise<void> {
    if (this.index.interfaces.length > 0 || this.status.done) return Promise.resolve();
    return new Promise((resolve) => {
      const sub = this.onIndexGrew(() => {
        if (this.index.interfaces.length === 0 && !this.status.done) return;
        sub.dispose();
        resolve();
      });
    });
  }

  /** Opens the file, starts indexing, and resolves once the file is known to be a capture. */
  static async open(src: SessionSource): Promise<Session> {
    const capture = await openCaptureFile(src.path);
    let worker: WorkerHandle<IndexWorkerApi> | undefined;
    let fh: FileHandle | undefined;
    try {
      fh = await open(capture.readPath, 'r');
      worker = startWorker<IndexWorkerApi>(workerUrl('index'), INDEX_WORKER_NAMES, 'index');
      const w = worker;
      const early: IndexBatchEvent[] = [];
      const target: { session?: Session } = {};
      w.api.onBatch((b) => (target.session ? target.session.onBatch(b) : early.push(b)));
      const header = new Promise<IndexHeader>((resolve) => w.api.onHeader(resolve));
      const run = w.call((api) =>
        api.run({ path: capture.path, readPath: capture.readPath, compressed: capture.compressed, chunkSize: src.chunkSize }),
      );
      const first = await Promise.race([header, run]);
      if (!('format' in first)) {
        throw new CaptureFormatError('not-a-capture', `${src.path} is not a pcap or pcapng capture file`, 0);
      }
      const info: SessionInfo = {
        sessionId: src.sessionId,
        name: src.name ?? basename(src.path),
        path: src.userPath ? capture.path : undefined,
        sizeBytes: capture.sizeBytes,
        format: first.format,
        compressed: capture.compressed,
        byteOrder: first.byteOrder,
      };
      if (!src.userPath) delete info.path;
      const session = new Session(info, capture.readPath, fh, capture, w, run, src);
      for (const b of early) session.onBatch(b);
      target.session = session;
      return session;
    } catch (e) {
      await worker?.terminate();
      await fh?.close();
      await capture.close();
      if (!src.userPath) await rm(src.path, { force: true });
      throw e;
    }
  }

  /** Stop indexing; what is indexed stays. Resolves with the final progress. */
  async cancelIndex(): Promise<IndexProgress> {
    if (!this.status.done) {
      const timer = setTimeout(() => void this.worker.terminate(), CANCEL_GRACE_MS);
      try {
        await this.worker.api.cancel();
      } catch (e) {
        // The worker is already gone; indexed settles through the run's failure.
        void e;
      }
      await this.indexed;
      clearTimeout(timer);
    }
    return this.progress;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.views.dropAll();
    await this.worker.terminate();
    await this.indexed;
    this.summaries.clear();
    await this.fh.close();
    await this.capture.close();
    if (!this.source.userPath) await rm(this.source.path, { force: true });
  }

  private onBatch(b: IndexBatchEvent): void {
    if (this.status.done) return;
    this.index.append(b);
    if (b.interfaces.length !== this.index.interfaces.length) this.index.setInterfaces(b.interfaces);
    this.status.packets = this.index.count;
    this.status.bytesRead = b.bytesRead;
    this.status.interfaces = this.index.interfaces;
    this.grew.fire();
    const now = Date.now();
    if (now - this.lastEmit >= PROGRESS_INTERVAL_MS) {
      this.lastEmit = now;
      this.source.onProgress(this.progress);
    }
  }

  private finish(outcome: IndexOutcome): IndexProgress {
    this.index.setInterfaces(outcome.interfaces);
    this.status = {
      ...this.status,
      packets: this.index.count,
      bytesRead: outcome.cancelled ? this.status.bytesRead : outcome.bytesRead,
      elapsedMs: Date.now() - this.started,
      done: true,
      cancelled: outcome.cancelled,
      problem: outcome.problem,
      interfaces: this.index.interfaces,
    };
    if (!outcome.problem) delete this.status.problem;
    void this.worker.terminate();
    return this.emitFinal();
  }

  private finishWithError(e: unknown): IndexProgress {
    const stopped = e instanceof CancelledError;
    const err = e instanceof TrawlError ? e : new TrawlError('internal', e instanceof Error ? e.message : String(e));
    this.status = {
      ...this.status,
      packets: this.index.count,
      elapsedMs: Date.now() - this.started,
      done: true,
      cancelled: stopped,
      interfaces: this.index.interfaces,
    };
    if (!stopped) this.status.problem = { code: err.code, record: this.index.count + 1, offset: this.status.bytesRead, reason: err.message };
    return this.emitFinal();
  }

  private emitFinal(): IndexProgress {
    this.grew.fire();
    const p = this.progress;
    if (!this.closed) this.source.onProgress(p);
    return p;
  }
}

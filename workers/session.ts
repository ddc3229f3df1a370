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

/**
 * What feeds a session's index: the index worker reading a file, or a live capture writing one. The
 * session asks it to stop (cancel), to go away (terminate, on close) and to free what it holds (release).
 */
export interface IndexFeed {
  cancel(): Promise<void>;
  terminate(): Promise<void>;
  release(): Promise<void>;
}

/** A session over a file a live capture is writing: the capture adds batches as it writes them. */
export interface LiveSessionSource {
  sessionId: string;
  path: string;
  /** False for a temporary capture file: removed when the session closes (Save As keeps a copy). */
  userPath: boolean;
  header: IndexHeader;
  /** What the file's header blocks describe: known before the first packet. */
  interfaces: InterfaceInfo[];
  captureId: string;
  onProgress(p: IndexProgress): void;
}

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
    private readonly feed: IndexFeed,
    run: Promise<IndexOutcome>,
    private readonly source: Pick<SessionSource, 'path' | 'userPath' | 'onProgress'>,
    /** The file grows while the session is open (a live capture): its size is what was indexed. */
    readonly live = false,
  ) {
    this.status = {
      sessionId: info.sessionId,
      packets: 0,
      bytesRead: 0,
      totalBytes: info.sizeBytes,
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
      const feed: IndexFeed = { cancel: () => w.api.cancel(), terminate: () => w.terminate(), release: () => capture.close() };
      const session = new Session(info, capture.readPath, fh, feed, run, src);
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

  /**
   * A session over a file a live capture writes (it must hold at least the section header): the capture
   * calls `addBatch` for what it wrote and settles `run` when it closes the file.
   */
  static async attachLive(src: LiveSessionSource, feed: IndexFeed, run: Promise<IndexOutcome>): Promise<Session> {
    const fh = await open(src.path, 'r');
    const info: SessionInfo = {
      sessionId: src.sessionId,
      name: basename(src.path),
      sizeBytes: 0,
      format: src.header.format,
      compressed: false,
      byteOrder: src.header.byteOrder,
      captureId: src.captureId,
    };
    if (src.userPath) info.path = src.path;
    const session = new Session(info, src.path, fh, feed, run, src, true);
    session.index.setInterfaces(src.interfaces);
    session.status.interfaces = session.index.interfaces;
    return session;
  }

  /** Packets a live capture wrote (see attachLive). */
  addBatch(b: IndexBatchEvent): void {
    this.onBatch(b);
  }

  /** Stop indexing (for a live capture: stop capturing); what is indexed stays. Resolves with the final progress. */
  async cancelIndex(): Promise<IndexProgress> {
    if (!this.status.done) {
      const timer = setTimeout(() => void this.feed.terminate(), CANCEL_GRACE_MS);
      try {
        await this.feed.cancel();
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
    await this.feed.terminate();
    await this.indexed;
    this.summaries.clear();
    await this.fh.close();
    await this.feed.release();
    if (!this.source.userPath) await rm(this.source.path, { force: true });
  }

  private onBatch(b: IndexBatchEvent): void {
    if (this.status.done) return;
    this.index.append(b);
    if (b.interfaces.length !== this.index.interfaces.length) this.index.setInterfaces(b.interfaces);
    this.status.packets = this.index.count;
    this.status.bytesRead = b.bytesRead;
    if (this.live) this.info.sizeBytes = this.status.totalBytes = b.bytesRead;
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
    if (this.live) this.info.sizeBytes = this.status.totalBytes = this.status.bytesRead;
    void this.feed.terminate();
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

/**
 * One live capture, engine side: runs a capture worker (workers/capture.worker.ts), opens a session on
 * each file it writes (one, or one per ring file), feeds the worker's batches into that session's index,
 * and keeps the `CaptureStatus` the API reports. The engine compiles the filter and checks the request
 * before it makes one of these.
 */
import type { CaptureId, CaptureRequest, CaptureStatus, IndexProgress } from '../core/api';
import { CancelledError, TrawlError } from '../core/errors';
import type { RawInsn } from '../core/bpf/opcodes';
import type {
  CaptureBatchEvent,
  CaptureFileClosedEvent,
  CaptureFileEvent,
  CaptureOutcome,
  CaptureRing,
  CaptureStatsEvent,
  CaptureWorkerApi,
} from './capture-worker-api';
import { CAPTURE_WORKER_NAMES } from './capture-worker-api';
import type { IndexOutcome } from './index-worker-api';
import { Session, type IndexFeed } from './session';
import { startWorker, type WorkerHandle } from './worker-handle';
import { workerUrl } from './worker-url';

/** Counter updates go out at most this often (state changes always go out at once). */
const STATUS_INTERVAL_MS = 500;
/** How long a stopping helper may take (one block timeout, a flush) before the worker is terminated. */
const STOP_GRACE_MS = 5000;

export interface LiveCaptureOptions {
  captureId: CaptureId;
  request: CaptureRequest;
  /** The filter, compiled for `linkType`. */
  program: RawInsn[];
  linkType: number;
  /** The file to write (absolute), or the name ring files are made from. */
  outputPath: string;
  /** The file is the engine's temporary file (no outputPath in the request). */
  temporary: boolean;
  ring?: CaptureRing;
  helperPath?: string;
  launcher?: readonly string[];
  /** Give each file's session an id, and let the engine hold it (called before its first batch). */
  newSessionId(): string;
  adoptSession(s: Session): void;
  onIndexProgress(p: IndexProgress): void;
  onStatus(s: CaptureStatus): void;
}

interface FileState {
  session: Session;
  closed: boolean;
  settle(outcome: IndexOutcome): void;
}

export class LiveCapture {
  private readonly worker: WorkerHandle<CaptureWorkerApi>;
  private readonly files = new Map<number, FileState>();
  private current: FileState | undefined;
  private state: CaptureStatus;
  private lastEmit = 0;
  private pendingEmit: ReturnType<typeof setTimeout> | undefined;
  /** Worker events are handled one after another, in order (opening a session is asynchronous). */
  private queue: Promise<void> = Promise.resolve();
  private stopRequested = false;
  /** What ended the capture when it failed. */
  private failure: Error | undefined;
  /** Settles once the capture has ended, however it ended. */
  readonly ended: Promise<CaptureStatus>;
  /** Settles once the first file's session is open (or the capture failed before that). */
  readonly started: Promise<CaptureStatus>;

  constructor(private readonly o: LiveCaptureOptions) {
    const r = o.request;
    this.state = {
      captureId: o.captureId,
      state: 'starting',
      interface: r.interface,
      filter: r.filter ?? '',
      linkType: o.linkType,
      files: [],
      received: 0,
      dropped: 0,
      written: 0,
      bytesWritten: 0,
      startedAt: Date.now(),
      elapsedMs: 0,
      unsaved: o.temporary,
    };
    this.worker = startWorker<CaptureWorkerApi>(workerUrl('capture'), CAPTURE_WORKER_NAMES, 'capture');
    const api = this.worker.api;
    let firstFile!: () => void;
    const opened = new Promise<void>((resolve) => (firstFile = resolve));
    api.onFile((e) => this.enqueue(() => this.openFile(e).then(firstFile)));
    api.onBatch((b) => this.enqueue(async () => this.batch(b)));
    api.onFileClosed((e) => this.enqueue(async () => this.closeFile(e)));
    api.onStats((s) => this.enqueue(async () => this.stats(s)));
    api.onReady(() => this.enqueue(async () => this.update({ state: 'running' }, true)));
    const run = this.worker.call((w) =>
      w.run({
        helper: {
          interface: r.interface,
          program: o.program,
          snaplen: r.snapLen,
          promiscuous: r.promiscuous ?? true,
          direction: r.direction,
          count: r.count,
          durationSec: r.durationSec,
          ringKiB: r.bufferMegabytes === undefined ? undefined : r.bufferMegabytes * 1024,
          helperPath: o.helperPath,
          launcher: o.launcher,
        },
        outputPath: o.outputPath,
        ring: o.ring,
      }),
    );
    this.ended = run.then(
      (outcome) => this.enqueue(async () => this.finish(outcome)).then(() => this.status),
      (e: unknown) => this.enqueue(async () => this.fail(e)).then(() => this.status),
    );
    this.started = Promise.race([opened, this.ended]).then(() => {
      if (this.state.state === 'failed' && this.state.written === 0 && this.files.size === 0) throw this.failure ?? new TrawlError('capture-failed', 'The capture ended before it began');
      return this.status;
    });
    this.started.catch(() => undefined); // the engine awaits it; a failure is also in `ended`
  }

  get id(): CaptureId {
    return this.o.captureId;
  }

  get status(): CaptureStatus {
    const s = this.state;
    const running = s.state === 'starting' || s.state === 'running' || s.state === 'stopping';
    return { ...s, files: [...s.files], elapsedMs: running ? Date.now() - s.startedAt : s.elapsedMs };
  }

  get running(): boolean {
    return this.state.state === 'starting' || this.state.state === 'running' || this.state.state === 'stopping';
  }

  /** Whether this capture is still writing the file `session` shows. */
  writes(session: Session): boolean {
    return this.running && this.current?.session === session && !this.current.closed;
  }

  /** Save As made a copy of the temporary file: closing its session no longer loses packets. */
  markSaved(): void {
    if (this.state.unsaved) this.update({ unsaved: false }, true);
  }

  /** Ask for a clean stop; resolves with the final status once everything is written. */
  async stop(): Promise<CaptureStatus> {
    if (this.running && !this.stopRequested) {
      this.stopRequested = true;
      this.update({ state: 'stopping' }, true);
      const timer = setTimeout(() => void this.worker.terminate(), STOP_GRACE_MS);
      try {
        await this.worker.call((w) => w.stop());
      } catch (e) {
        // The worker already ended (or crashed): `ended` settles with what happened.
        void e;
      }
      await this.ended;
      clearTimeout(timer);
    }
    return this.ended;
  }

  /** The session's feed: cancelling or closing the session that is being written stops the capture. */
  private feedFor(file: () => FileState | undefined): IndexFeed {
    const stopIfWriting = async () => {
      const f = file();
      if (f && !f.closed && this.current === f) await this.stop();
    };
    return { cancel: stopIfWriting, terminate: stopIfWriting, release: async () => undefined };
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const next = this.queue.then(job, job);
    this.queue = next.catch((e: unknown) => {
      // A job that failed (e.g. a file we could not open for reading) fails the capture, visibly.
      this.failure ??= asError(e);
      this.update({ error: errorInfo(e) }, true);
    });
    return this.queue;
  }

  private async openFile(e: CaptureFileEvent): Promise<void> {
    let settle!: (o: IndexOutcome) => void;
    const run = new Promise<IndexOutcome>((res) => (settle = res));
    const state: { file?: FileState } = {};
    const opened = Session.attachLive(
      {
        sessionId: this.o.newSessionId(),
        path: e.path,
        userPath: !this.o.temporary,
        header: e.header,
        interfaces: e.interfaces,
        captureId: this.o.captureId,
        onProgress: (p) => this.o.onIndexProgress(p),
      },
      this.feedFor(() => state.file),
      run,
    );
    let session: Session;
    try {
      session = await opened;
    } catch (err) {
      // A ring that rotates faster than we open its files has already deleted this one: nothing to show.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && this.o.ring !== undefined) return;
      throw err;
    }
    const file: FileState = { session, closed: false, settle };
    state.file = file;
    this.files.set(e.fileIndex, file);
    this.current = file;
    this.o.adoptSession(session);
    this.update({ sessionId: session.id, files: [...this.state.files, e.path] }, true);
  }

  private batch(b: CaptureBatchEvent): void {
    this.files.get(b.fileIndex)?.session.addBatch(b);
  }

  private closeFile(e: CaptureFileClosedEvent): void {
    const f = this.files.get(e.fileIndex);
    if (f && !f.closed) {
      f.closed = true;
      f.settle({ packets: f.session.index.count, bytesRead: e.bytes, cancelled: false, interfaces: [...f.session.interfaces] });
    }
    if (e.deleted.length > 0) this.update({ files: this.state.files.filter((p) => !e.deleted.includes(p)) }, true);
  }

  private stats(s: CaptureStatsEvent): void {
    this.update({ received: s.received, dropped: s.dropped, written: s.written, bytesWritten: s.bytesWritten }, false);
  }

  private finish(outcome: CaptureOutcome): void {
    this.closeAll();
    const problem = outcome.problem ? { error: { code: outcome.problem.code, message: outcome.problem.reason } } : {};
    this.update(
      {
        state: 'stopped',
        ...outcome.stats,
        bytesWritten: outcome.bytesWritten,
        files: outcome.files,
        elapsedMs: Date.now() - this.state.startedAt,
        ...problem,
      },
      true,
    );
    void this.worker.terminate();
  }

  private fail(e: unknown): void {
    this.failure = asError(e);
    this.closeAll();
    // Stopped on request but the worker went away first: that is a stop, not a failure.
    const stopped = this.stopRequested && e instanceof CancelledError;
    this.update({ state: stopped ? 'stopped' : 'failed', elapsedMs: Date.now() - this.state.startedAt, ...(stopped ? {} : { error: errorInfo(e) }) }, true);
    void this.worker.terminate();
  }

  /** Files still open when the capture ends keep what was written: their sessions end cleanly. */
  private closeAll(): void {
    for (const f of this.files.values()) {
      if (f.closed) continue;
      f.closed = true;
      f.settle({ packets: f.session.index.count, bytesRead: f.session.progress.bytesRead, cancelled: false, interfaces: [...f.session.interfaces] });
    }
  }

  private update(patch: Partial<CaptureStatus>, now: boolean): void {
    this.state = { ...this.state, ...patch };
    if (now) return this.emit();
    const wait = STATUS_INTERVAL_MS - (Date.now() - this.lastEmit);
    if (wait <= 0) return this.emit();
    this.pendingEmit ??= setTimeout(() => this.emit(), wait);
  }

  private emit(): void {
    if (this.pendingEmit !== undefined) clearTimeout(this.pendingEmit);
    this.pendingEmit = undefined;
    this.lastEmit = Date.now();
    this.o.onStatus(this.status);
  }
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new TrawlError('internal', String(e));
}

function errorInfo(e: unknown): { code: string; message: string } {
  return e instanceof TrawlError ? { code: e.code, message: e.message } : { code: 'internal', message: asError(e).message };
}

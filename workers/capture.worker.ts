/**
 * The capture worker: one per live capture (see capture-worker-api.ts). It creates the output file,
 * starts the capture helper, cuts the helper's pcapng stream into whole blocks and indexes them in the
 * same pass (pcapng-live-indexer.ts), writes them to disk in large writes and only then reports them,
 * so every packet it reports is already in the file. With a ring buffer it
 * switches files as `dumpcap -b` does: every file starts with the section's header blocks (SHB and IDBs)
 * and the oldest files are deleted once too many exist.
 */
import type { CaptureProblem, InterfaceInfo } from '../core/api';
import { BadRequestError } from '../core/errors';
import { createCaptureParser } from '../core/pcap/index';
import { BlockType } from '../core/pcap/pcapng-reader';
import { Emitter } from '../core/rpc/channel';
import { CaptureFileSet, type OpenCaptureFile } from './capture-files';
import { startCaptureHelper, type CaptureHelper, type HelperReady, type HelperStats } from './capture-helper';
import type {
  CaptureBatchEvent,
  CaptureFileClosedEvent,
  CaptureFileEvent,
  CaptureOutcome,
  CaptureRunRequest,
  CaptureStatsEvent,
  CaptureWorkerApi,
} from './capture-worker-api';
import { CAPTURE_WORKER_NAMES } from './capture-worker-api';
import { IndexBatcher, batchEvent } from './index-batcher';
import type { IndexBatch } from './packet-index';
import { PcapngBlockSplitter, isPacketBlock, type BlockVisitor } from './pcapng-block-splitter';
import { PcapngLiveIndexer } from './pcapng-live-indexer';
import { serveInWorker } from './worker-side';
import { WriteBuffer } from './write-buffer';

const DEFAULT_BATCH = 8192;
/** Whole blocks are gathered up to this much before a write (fewer, larger writes than one per pipe read). */
const WRITE_BUFFER_BYTES = 1 << 20;
/** A partial batch goes out at least this often; the same timer rotates an idle ring file. */
const TICK_MS = 50;
/** After a malformed stream the helper is asked to stop; if it has not ended after this long it is killed. */
const STOP_GRACE_MS = 5000;

interface CaptureEvents {
  ready: Emitter<HelperReady>;
  file: Emitter<CaptureFileEvent>;
  fileClosed: Emitter<CaptureFileClosedEvent>;
  batch: Emitter<CaptureBatchEvent>;
  stats: Emitter<CaptureStatsEvent>;
}

/** The file being written, as the indexer and the engine see it. */
interface IndexedFile {
  file: OpenCaptureFile;
  indexer: PcapngLiveIndexer;
  batcher: IndexBatcher;
  /** onFile went out (its header blocks are on disk). */
  announced: boolean;
  /** When onFile went out: a ring file's age counts from here (file 0 may wait for a password prompt). */
  announcedAt: number;
  hasShb: boolean;
  hasIdb: boolean;
  /** Packet blocks written or about to be. */
  packets: number;
}

/** A header block kept to start every ring file with (a copy: the chunk it came in is not kept). */
interface HeaderBlock {
  type: number;
  bytes: Uint8Array;
  little: boolean;
}

/**
 * One run(): the helper, the files and the stream between them. Each chunk is one pass of the splitter
 * over it (`block` below is its visitor): rotation check, indexing straight into the current batch, and
 * the chunk's adjacent blocks kept as one run, copied into a large write buffer at the end of the run.
 * The buffer goes to disk when it is full, at every tick and before anything is reported: a batch
 * (or onFile) only ever goes out after the bytes it describes are in the file.
 */
class CaptureRun implements BlockVisitor {
  private readonly files: CaptureFileSet;
  private readonly splitter = new PcapngBlockSplitter();
  private readonly pending = new WriteBuffer(WRITE_BUFFER_BYTES);
  /** The blocks of the current chunk not yet in `pending`: runBytes[runStart .. runEnd). */
  private runBytes: Uint8Array | undefined;
  private runStart = 0;
  private runEnd = 0;
  /** Full batches waiting for their blocks to reach the disk; each fires its event. */
  private readonly fullBatches: (() => void)[] = [];
  /** Date.now() when the current chunk arrived (a ring file's age is checked per chunk, not per packet). */
  private now = 0;
  /** The current section's SHB, its IDBs and whatever came before its first packet: each ring file starts with them. */
  private headerBlocks: HeaderBlock[] = [];
  private collectingHeader = true;
  private current: IndexedFile | undefined;
  private problem: CaptureProblem | undefined;
  private helper: CaptureHelper | undefined;
  private stopAsked = false;
  private killTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly req: CaptureRunRequest,
    private readonly events: CaptureEvents,
  ) {
    this.files = new CaptureFileSet(req.outputPath, req.ring);
  }

  stop(): void {
    this.stopAsked = true;
    this.helper?.stop();
  }

  async run(): Promise<CaptureOutcome> {
    // The file first: a bad path fails before anything privileged runs.
    this.current = this.indexFile(this.files.openNext());
    let helper: CaptureHelper;
    try {
      helper = startCaptureHelper(this.req.helper);
    } catch (e) {
      this.endFile(undefined, e); // removes the empty file
      throw e;
    }
    this.helper = helper;
    if (this.stopAsked) helper.stop();
    // A stats line read in the same piece of stderr as `ready` would beat it (ready is a promise): hold it.
    let isReady = false;
    let held: HelperStats | undefined;
    const fireStats = (s: HelperStats) => this.events.stats.fire({ ...s, bytesWritten: this.files.bytesWritten });
    const offStats = helper.onStats((s) => (isReady ? fireStats(s) : (held = s)));
    const ready = helper.ready.then((r) => {
      isReady = true;
      this.events.ready.fire(r);
      if (held) fireStats(held);
    });
    const tick = setInterval(() => this.tick(), TICK_MS);
    try {
      try {
        // onReady comes before onFile: the stream is read once the helper is ready (or has failed).
        await ready.catch(() => undefined); // a helper that never got ready says why through `done`
        for await (const chunk of helper.pcapng) this.take(chunk as Uint8Array);
      } finally {
        clearInterval(tick);
      }
      let stats: HelperStats;
      try {
        stats = await helper.done;
      } catch (e) {
        // We stopped (or killed) a helper whose stream was malformed: the problem is the news.
        if (this.problem === undefined) throw e;
        stats = helper.stats ?? { received: 0, dropped: 0, written: 0 };
      }
      this.endFile(this.splitter.finish(), undefined);
      return { stats, bytesWritten: this.files.bytesWritten, files: this.files.files, ...(this.problem ? { problem: this.problem } : {}) };
    } catch (e) {
      // Never leave the helper running; keep what was written (a block cut short by the failure is not).
      helper.kill();
      this.endFile(undefined, e);
      throw e;
    } finally {
      clearTimeout(this.killTimer);
      offStats();
    }
  }

  /** The next chunk of the helper's stdout: one pass of the splitter, which calls `block` for each whole block. */
  private take(chunk: Uint8Array): void {
    if (this.problem) return; // the helper is stopping; what it still says is not used
    this.now = Date.now();
    const going = this.splitter.scan(chunk, this);
    this.endRun();
    if (this.problem) return;
    const f = this.indexed();
    if (!going) {
      this.writeOut(); // every block before the bad one
      const p = f.indexer.problem;
      const s = this.splitter.problem;
      if (p) this.setProblem(p);
      else if (s) this.setProblem({ code: s.code, record: f.indexer.packets + 1, offset: f.file.bytes, reason: `${s.reason} (offset ${s.offset} of the helper's output)` });
      return;
    }
    if (this.fullBatches.length > 0 || (!f.announced && f.hasShb && f.hasIdb)) this.writeOut();
  }

  /** The splitter's visitor: one whole block of the chunk being scanned. False stops the scan (a problem). */
  block(type: number, bytes: Uint8Array, view: DataView, pos: number, total: number, little: boolean): boolean {
    if (type === BlockType.EPB || isPacketBlock(type)) {
      if (this.mustRotate(total)) {
        this.rotate();
        if (this.problem) return false;
      }
      this.collectingHeader = false;
    } else this.noteHeaderBlock(type, bytes.subarray(pos, pos + total), little);
    return this.append(type, bytes, view, pos, total, little);
  }

  /** Index the block at the end of the current file and queue its bytes; false (and the indexer's problem) when it is malformed. */
  private append(type: number, bytes: Uint8Array, view: DataView, pos: number, total: number, little: boolean): boolean {
    const f = this.indexed();
    if (bytes !== this.runBytes || pos !== this.runEnd) {
      this.endRun();
      this.runBytes = bytes;
      this.runStart = pos;
      this.runEnd = pos;
    }
    const fileOffset = f.file.bytes + this.pending.length + (pos - this.runStart);
    if (!f.indexer.block(type, view, pos, total, little, fileOffset)) return false;
    this.runEnd = pos + total;
    if (type === BlockType.EPB || isPacketBlock(type)) f.packets++;
    else if (type === BlockType.SHB) f.hasShb = true;
    else if (type === BlockType.IDB) f.hasIdb = true;
    return true;
  }

  /** The current run of blocks into the write buffer (to disk first if it would not fit; straight to disk if it never could). */
  private endRun(): void {
    const bytes = this.runBytes;
    if (bytes === undefined) return;
    this.runBytes = undefined;
    const n = this.runEnd - this.runStart;
    if (n === 0) return;
    const run = bytes.subarray(this.runStart, this.runEnd);
    if (this.pending.length + n > this.pending.capacity) this.files.write(this.pending.take());
    if (n >= this.pending.capacity) this.files.write(run);
    else this.pending.add(run);
  }

  /** Everything queued to disk; then onFile once the header blocks are there, then the full batches. */
  private writeOut(): void {
    this.endRun();
    if (this.pending.length > 0) this.files.write(this.pending.take());
    const f = this.indexed();
    if (!f.announced && f.hasShb && f.hasIdb) this.announce(f);
    this.fireFullBatches();
  }

  /** writeOut, and the partial batch too. */
  private publish(): void {
    this.writeOut();
    this.indexed().batcher.drain();
    this.fireFullBatches();
  }

  private fireFullBatches(): void {
    for (const fire of this.fullBatches.splice(0)) fire();
  }

  /** Every 50 ms: write what is queued and hand over the partial batch; rotate a ring file that is old enough even when no packet comes. */
  private tick(): void {
    const f = this.current;
    if (f === undefined || this.problem) return;
    try {
      this.publish();
      if (this.isOld(f, Date.now())) this.rotate();
    } catch (e) {
      // The stream loop cannot see a timer's error: end the stream with it, so run() rejects with it.
      this.helper?.pcapng.destroy(e as Error);
    }
  }

  private indexed(): IndexedFile {
    if (this.current === undefined) throw new Error('internal: no capture file is open');
    return this.current;
  }

  private indexFile(file: OpenCaptureFile): IndexedFile {
    const batcher: IndexBatcher = new IndexBatcher(this.req.batchSize ?? DEFAULT_BATCH, (b) =>
      // Not yet: the batch may describe blocks still in the write buffer.
      this.fullBatches.push(() => this.events.batch.fire(fileBatch(b, file, batcher))),
    );
    return { file, indexer: new PcapngLiveIndexer(batcher), batcher, announced: false, announcedAt: 0, hasShb: false, hasIdb: false, packets: 0 };
  }

  private noteHeaderBlock(type: number, bytes: Uint8Array, little: boolean): void {
    const copy = { type, bytes: bytes.slice(), little };
    if (type === BlockType.SHB) {
      this.headerBlocks = [copy];
      this.collectingHeader = true;
    } else if (this.collectingHeader || type === BlockType.IDB) {
      // A later IDB still belongs to every following file: its packets may name it.
      this.headerBlocks.push(copy);
    }
  }

  /** Before a packet block of `bytes` goes to the current file (after what is queued): must it go to a new one? */
  private mustRotate(bytes: number): boolean {
    const f = this.indexed();
    const limit = this.req.ring?.fileBytes;
    const queued = this.pending.length + (this.runBytes === undefined ? 0 : this.runEnd - this.runStart);
    if (limit !== undefined && f.packets > 0 && f.file.bytes + queued + bytes > limit) return true;
    return this.isOld(f, this.now);
  }

  private isOld(f: IndexedFile, now: number): boolean {
    const seconds = this.req.ring?.fileSeconds;
    return seconds !== undefined && f.announced && now - f.announcedAt >= seconds * 1000;
  }

  private announce(f: IndexedFile): void {
    f.announced = true;
    f.announcedAt = Date.now();
    this.events.file.fire({
      fileIndex: f.file.index,
      path: f.file.path,
      header: { format: 'pcapng', byteOrder: this.splitter.byteOrder ?? 'little' },
      interfaces: this.headerInterfaces(),
    });
  }

  /** The interfaces the header blocks describe (what a display filter compiles for before the first packet). */
  private headerInterfaces(): InterfaceInfo[] {
    const found: InterfaceInfo[] = [];
    const parser = createCaptureParser({ packet: () => undefined, interface: (i) => found.push(i) });
    for (const b of this.headerBlocks) parser.push(b.bytes);
    return found;
  }

  /** Close the current file (all of it on disk, all its batches out) and open the next, which starts with the header blocks. */
  private rotate(): void {
    const old = this.indexed();
    this.publish();
    const closed = this.files.close();
    this.current = undefined;
    let deleted: string[] = [];
    try {
      this.current = this.indexFile(this.files.openNext());
      deleted = this.files.deleteOldest();
    } finally {
      // Also when the next file cannot be made: the engine learns that this one is complete.
      this.events.fileClosed.fire({ fileIndex: old.file.index, path: closed.path, bytes: closed.bytes, deleted });
    }
    const f = this.indexed();
    for (const h of this.headerBlocks) {
      if (!this.append(h.type, h.bytes, new DataView(h.bytes.buffer, h.bytes.byteOffset, h.bytes.byteLength), 0, h.bytes.length, h.little)) {
        // They were read once already; a reader that now refuses them is a bug, reported as a problem all the same.
        if (f.indexer.problem) this.setProblem(f.indexer.problem);
        break;
      }
    }
    this.writeOut();
  }

  /**
   * The stream is over (or failed: `failure`): last write, last batch, close, onFileClosed. A file nothing
   * was written to is deleted and was never announced; one with data always stays. `tail` is a block left
   * incomplete.
   */
  private endFile(tail: ReturnType<PcapngBlockSplitter['finish']>, failure: unknown): void {
    const f = this.current;
    if (f === undefined) return;
    let written = true;
    try {
      this.writeOut();
    } catch (e) {
      if (failure === undefined) throw e;
      // Already failing (often with this very write error): that error is the news. The blocks still
      // queued are lost, so their batches are not sent either.
      written = false;
    }
    this.current = undefined;
    if (tail && !this.problem) {
      this.setProblem({ code: tail.code, record: f.indexer.packets + 1, offset: f.file.bytes, reason: `${tail.reason} (offset ${tail.offset} of the helper's output)` });
    }
    if (!f.announced && f.file.bytes > 0) this.announce(f);
    if (written) {
      f.batcher.drain();
      this.fireFullBatches();
    }
    const closed = this.files.close();
    if (!closed.deleted) this.events.fileClosed.fire({ fileIndex: f.file.index, path: closed.path, bytes: closed.bytes, deleted: [] });
  }

  /** The stream is malformed: keep what was valid, stop the helper, ignore the rest. */
  private setProblem(p: CaptureProblem): void {
    this.problem = p;
    const helper = this.helper;
    if (helper === undefined) return;
    helper.stop();
    this.killTimer = setTimeout(() => helper.kill(), STOP_GRACE_MS);
  }
}

/** A batch of `file`, as the engine receives it. */
function fileBatch(b: IndexBatch, file: OpenCaptureFile, batcher: IndexBatcher): CaptureBatchEvent {
  return { ...batchEvent(b, file.bytes, batcher.interfaces), fileIndex: file.index };
}

class CaptureWorker implements CaptureWorkerApi {
  private readonly events: CaptureEvents = {
    ready: new Emitter(),
    file: new Emitter(),
    fileClosed: new Emitter(),
    batch: new Emitter(),
    stats: new Emitter(),
  };
  readonly onReady = this.events.ready.event;
  readonly onFile = this.events.file.event;
  readonly onFileClosed = this.events.fileClosed.event;
  readonly onBatch = this.events.batch.event;
  readonly onStats = this.events.stats.event;
  private active: CaptureRun | undefined;
  private used = false;

  async run(req: CaptureRunRequest): Promise<CaptureOutcome> {
    if (this.used) throw new BadRequestError('A capture worker runs one capture; start a new worker for the next one.');
    this.used = true;
    this.active = new CaptureRun(req, this.events);
    return this.active.run();
  }

  async stop(): Promise<void> {
    this.active?.stop();
  }
}

serveInWorker(new CaptureWorker(), CAPTURE_WORKER_NAMES);

/**
 * The capture worker: one per live capture (see capture-worker-api.ts). It creates the output file,
 * starts the capture helper, cuts the helper's pcapng stream into whole blocks, writes them to disk and
 * only then parses them, so every packet it reports is already in the file. With a ring buffer it
 * switches files as `dumpcap -b` does: every file starts with the section's header blocks (SHB and IDBs)
 * and the oldest files are deleted once too many exist.
 */
import type { CaptureProblem, InterfaceInfo } from '../core/api';
import { BadRequestError, CaptureFormatError } from '../core/errors';
import { createCaptureParser, type CaptureParser } from '../core/pcap/index';
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
import { PcapngBlockSplitter, isPacketBlock, type PcapngBlock } from './pcapng-block-splitter';
import { serveInWorker } from './worker-side';

const DEFAULT_BATCH = 8192;
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

/** The file being written, as the parser and the engine see it. */
interface IndexedFile {
  file: OpenCaptureFile;
  parser: CaptureParser;
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

/** Whole blocks bound for the current file, kept as few contiguous pieces as the chunks allow. */
class PendingWrite {
  /** Runs of adjacent blocks: [buffer, offset, length]; a block that continues the last run extends it. */
  private readonly runs: [ArrayBufferLike, number, number][] = [];
  bytes = 0;

  add(b: Uint8Array): void {
    const last = this.runs.at(-1);
    if (last !== undefined && last[0] === b.buffer && last[1] + last[2] === b.byteOffset) last[2] += b.byteLength;
    else this.runs.push([b.buffer, b.byteOffset, b.byteLength]);
    this.bytes += b.byteLength;
  }

  get parts(): Uint8Array[] {
    return this.runs.map(([buffer, offset, length]) => new Uint8Array(buffer, offset, length));
  }
}

/** One run(): the helper, the files and the stream between them. */
class CaptureRun {
  private readonly files: CaptureFileSet;
  private readonly splitter = new PcapngBlockSplitter();
  /** The current section's SHB, its IDBs and whatever came before its first packet: each ring file starts with them. */
  private headerBlocks: PcapngBlock[] = [];
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
      this.endFile(undefined); // removes the empty file
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
      this.endFile(this.splitter.finish());
      return { stats, bytesWritten: this.files.bytesWritten, files: this.files.files, ...(this.problem ? { problem: this.problem } : {}) };
    } catch (e) {
      // Never leave the helper running; keep what was written (a block cut short by the failure is not).
      helper.kill();
      this.endFile(undefined);
      throw e;
    } finally {
      clearTimeout(this.killTimer);
      offStats();
    }
  }

  /** The next chunk of the helper's stdout. */
  private take(chunk: Uint8Array): void {
    if (this.problem) return; // the helper is stopping; what it still says is not used
    const blocks = this.splitter.push(chunk);
    let pending = new PendingWrite();
    for (const b of blocks) {
      if (isPacketBlock(b.type)) {
        if (this.mustRotate(pending.bytes + b.bytes.length)) {
          this.write(pending);
          if (this.problem) return;
          this.rotate();
          pending = new PendingWrite();
        }
        this.collectingHeader = false;
      } else this.noteHeaderBlock(b);
      this.queue(pending, b);
    }
    this.write(pending);
    const p = this.splitter.problem;
    if (p && !this.problem) {
      const f = this.indexed();
      this.setProblem({ code: p.code, record: f.parser.packets + 1, offset: f.file.bytes, reason: `${p.reason} (offset ${p.offset} of the helper's output)` });
    }
  }

  /** Every 50 ms: hand over the partial batch; rotate a ring file that is old enough even when no packet comes. */
  private tick(): void {
    const f = this.current;
    if (f === undefined || this.problem) return;
    try {
      f.batcher.drain();
      if (this.isOld(f)) this.rotate();
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
    const batcher = new IndexBatcher(this.req.batchSize ?? DEFAULT_BATCH, (b) => this.events.batch.fire(fileBatch(b, file, batcher)));
    return { file, parser: createCaptureParser(batcher), batcher, announced: false, announcedAt: 0, hasShb: false, hasIdb: false, packets: 0 };
  }

  private noteHeaderBlock(b: PcapngBlock): void {
    const copy = { ...b, bytes: b.bytes.slice() };
    if (b.type === BlockType.SHB) {
      this.headerBlocks = [copy];
      this.collectingHeader = true;
    } else if (this.collectingHeader || b.type === BlockType.IDB) {
      // A later IDB still belongs to every following file: its packets may name it.
      this.headerBlocks.push(copy);
    }
  }

  private queue(pending: PendingWrite, b: PcapngBlock): void {
    const f = this.indexed();
    if (b.type === BlockType.SHB) f.hasShb = true;
    else if (b.type === BlockType.IDB) f.hasIdb = true;
    else if (isPacketBlock(b.type)) f.packets++;
    pending.add(b.bytes);
  }

  /** Before a packet block of `bytes` (with what is queued) goes to the current file: must it go to a new one? */
  private mustRotate(bytes: number): boolean {
    const f = this.indexed();
    const limit = this.req.ring?.fileBytes;
    if (limit !== undefined && f.packets > 0 && f.file.bytes + bytes > limit) return true;
    return this.isOld(f);
  }

  private isOld(f: IndexedFile): boolean {
    const seconds = this.req.ring?.fileSeconds;
    return seconds !== undefined && f.announced && Date.now() - f.announcedAt >= seconds * 1000;
  }

  /** Write whole blocks, announce the file once its header blocks are on disk, then parse what was written. */
  private write(pending: PendingWrite): void {
    if (pending.bytes === 0) return;
    const f = this.indexed();
    const parts = pending.parts;
    for (const part of parts) this.files.write(part);
    if (!f.announced && f.hasShb && f.hasIdb) this.announce(f);
    for (const part of parts) {
      if (!this.parse(f, part)) return;
    }
  }

  /** Parse bytes already on disk; false when the parser stopped on a problem (the file is cut back to before it). */
  private parse(f: IndexedFile, part: Uint8Array): boolean {
    let more: boolean;
    try {
      more = f.parser.push(part);
    } catch (e) {
      // The file's very first section header is unreadable: nothing in it is a capture.
      if (!(e instanceof CaptureFormatError)) throw e;
      this.files.truncate(0);
      this.setProblem({ code: e.code, record: 1, offset: e.offset, reason: e.message });
      return false;
    }
    if (more) return true;
    const p = f.parser.problem ?? { code: 'malformed', record: f.parser.packets + 1, offset: f.parser.validBytes, reason: 'the parser stopped' };
    this.files.truncate(f.parser.validBytes);
    this.setProblem(p);
    return false;
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

  /** Close the current file and open the next, which starts with the header blocks. */
  private rotate(): void {
    const old = this.indexed();
    old.batcher.drain();
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
    const header = new PendingWrite();
    for (const b of this.headerBlocks) this.queue(header, b);
    this.write(header);
  }

  /**
   * The stream is over (or failed): last batch, close, onFileClosed. A file nothing was written to is
   * deleted and was never announced; one with data always stays. `tail` is a block left incomplete.
   */
  private endFile(tail: ReturnType<PcapngBlockSplitter['finish']>): void {
    const f = this.current;
    if (f === undefined) return;
    this.current = undefined;
    if (tail && !this.problem) {
      this.setProblem({ code: tail.code, record: f.parser.packets + 1, offset: f.file.bytes, reason: `${tail.reason} (offset ${tail.offset} of the helper's output)` });
    }
    if (!f.announced && f.file.bytes > 0) this.announce(f);
    f.batcher.drain();
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

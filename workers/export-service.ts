/**
 * "Export specified packets" (all, a view, flows, packets, a range) to a new pcapng. A request is checked
 * before it starts (absolute path, never the session's own file, a writable directory); then a job runs
 * in the background: it resolves the selection to packet indices (waiting for the index, the view or the
 * flow pass as needed), reads the source in large sequential spans, turns records into blocks
 * (core/pcap/pcapng-export: little-endian EPBs copied as they are) into a large write buffer, writes a
 * temporary file beside the target and renames it only when complete. Cancel, an error or the session
 * closing removes the temporary file: nothing is ever left at the path but a whole export.
 */
import { randomBytes } from 'node:crypto';
import { access, constants, open, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { ALL_VIEW, type ExportId, type ExportProgress, type ExportRequest, type ExportSelection, type SessionId } from '../core/api';
import { BadRequestError, CancelledError, FileAccessError, NotFoundError, TrawlError } from '../core/errors';
import { PcapngExporter } from '../core/pcap/pcapng-export';
import { readPcapngSourceHeader, type PcapngSourceHeader } from '../core/pcap/pcapng-export-source';
import { MAX_BLOCK_LEN } from '../core/pcap/pcapng-reader';
import { fileAccessError, readAt } from './capture-file';
import type { FlowService } from './flow-service';
import type { EngineService, ServiceHost } from './service-host';
import type { Session } from './session';

/** What the export needs of the flow service (a fake in tests). */
export type ExportFlows = Pick<FlowService, 'streamPackets' | 'packetStreams'>;

/** Progress events go out at most this often (the final one always goes out). */
const PROGRESS_INTERVAL_MS = 100;
/** One read covers selected packets up to this many bytes (a larger single record is read alone). */
const READ_SPAN = 4 * 1024 * 1024;
/** Selected packets closer than this in the file are read together (the gap is read and skipped). */
const MAX_GAP = 64 * 1024;
/** Ids of finished exports remembered, so that a late cancel is not an error. */
const ENDED_MAX = 64;

export class ExportService implements EngineService {
  private readonly jobs = new Map<ExportId, ExportJob>();
  private readonly ended = new Set<ExportId>();
  private next = 1;

  constructor(
    readonly host: ServiceHost,
    readonly flows: ExportFlows,
    readonly emit: (p: ExportProgress) => void,
  ) {}

  async exportPackets(req: ExportRequest): Promise<ExportProgress> {
    if (!req || typeof req.sessionId !== 'string') throw new BadRequestError('exportPackets needs a sessionId');
    const s = this.host.session(req.sessionId);
    if (typeof req.path !== 'string' || !isAbsolute(req.path)) throw new BadRequestError('Export needs the absolute path of the pcapng file to write');
    if (req.comment !== undefined && typeof req.comment !== 'string') throw new BadRequestError('An export comment must be text');
    checkSelection(s, req.selection);
    for (const j of this.jobs.values()) {
      if (j.path === req.path) throw new BadRequestError(`An export to ${req.path} is already running; wait for it or cancel it first.`);
    }
    await checkTarget(s, req.path);
    const id = `export-${this.next++}`;
    const job = new ExportJob(id, s, req, this.flows, (p) => this.emit(p));
    this.jobs.set(id, job);
    void job.run().finally(() => {
      this.jobs.delete(id);
      this.ended.add(id);
      if (this.ended.size > ENDED_MAX) this.ended.delete(this.ended.values().next().value as string);
    });
    return job.progress();
  }

  /** Stops the export and resolves once its temporary file is gone. A finished export is left as it is. */
  async cancelExport(req: { exportId: ExportId }): Promise<void> {
    const job = this.jobs.get(req?.exportId);
    if (job) return job.cancel();
    if (!this.ended.has(req?.exportId)) throw new NotFoundError('export-not-found', `There is no export "${String(req?.exportId)}".`);
  }

  async forget(sessionId: SessionId): Promise<void> {
    await Promise.all([...this.jobs.values()].filter((j) => j.sessionId === sessionId).map((j) => j.cancel()));
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((j) => j.cancel()));
  }
}

function checkSelection(s: Session, sel: ExportSelection | undefined): void {
  const count = s.indexDone ? s.index.count : Infinity;
  const isNumber = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1;
  switch (sel?.kind) {
    case 'all':
      return;
    case 'view':
      if (sel.view !== ALL_VIEW) s.views.get(sel.view);
      return;
    case 'range':
      if (!isNumber(sel.from) || !isNumber(sel.to) || sel.from > sel.to) throw new BadRequestError(`A packet range needs 1 ≤ from ≤ to; got ${String(sel.from)}–${String(sel.to)}`);
      if (sel.to > count) throw new BadRequestError(`The capture has ${count} packets; the range ${sel.from}–${sel.to} goes past its end`);
      return;
    case 'packets': {
      if (!(sel.numbers instanceof Uint32Array)) throw new BadRequestError('Export of packets needs their numbers as a Uint32Array');
      for (const n of sel.numbers) {
        if (n < 1 || n > count) throw new BadRequestError(`Packet ${n} does not exist: the capture has ${count} packets`);
      }
      return;
    }
    case 'flows':
      if (sel.protocol !== 'tcp' && sel.protocol !== 'udp') throw new BadRequestError(`Export of flows is for tcp or udp streams, not ${String(sel.protocol)}`);
      if (!Array.isArray(sel.streams) || !sel.streams.every((n) => Number.isInteger(n) && n >= 0)) throw new BadRequestError('Export of flows needs stream numbers (integers ≥ 0)');
      return;
    default:
      throw new BadRequestError('An export selection is one of all, view, flows, packets or range');
  }
}

/** The target must not be the session's capture (its own file, or the file read for it), and its directory writable. */
async function checkTarget(s: Session, target: string): Promise<void> {
  const dir = dirname(target);
  let realDir: string;
  try {
    realDir = await realpath(dir);
    if (!(await stat(realDir)).isDirectory()) throw new FileAccessError('not-a-directory', `${dir} is not a directory; choose a folder to export into.`, target);
    await access(realDir, constants.W_OK);
  } catch (e) {
    if (e instanceof FileAccessError) throw e;
    throw fileAccessError(e, dir, 'checking the folder to export into');
  }
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new FileAccessError('not-a-file', `${target} is a directory; give the name of the pcapng file to write.`, target);
  const real = existing ? await realpath(target) : join(realDir, basename(target));
  const own = [await realpath(s.readPath)];
  if (s.info.path !== undefined) own.push(await realpath(s.info.path).catch(() => s.info.path as string));
  if (own.includes(real)) throw new BadRequestError(`${target} is the capture this session shows; export to another file.`);
}

class ExportJob {
  readonly sessionId: SessionId;
  readonly path: string;
  private readonly started = Date.now();
  private written = 0;
  private total = 0;
  private bytes = 0;
  private lastEmit = 0;
  private stopped = false;
  private state: 'running' | 'done' | 'cancelled' | 'failed' = 'running';
  private failure: { code: string; message: string } | undefined;
  private readonly stop: Promise<never>;
  private signalStop: () => void = () => undefined;
  private finished: Promise<void> = Promise.resolve();

  constructor(
    readonly id: ExportId,
    private readonly session: Session,
    private readonly req: ExportRequest,
    private readonly flows: ExportFlows,
    private readonly emit: (p: ExportProgress) => void,
  ) {
    this.sessionId = session.id;
    this.path = req.path;
    this.stop = new Promise<never>((_, reject) => {
      this.signalStop = () => reject(new CancelledError('The export was cancelled'));
    });
    this.stop.catch(() => undefined); // observed through `until`; never unhandled on its own
  }

  progress(): ExportProgress {
    const p: ExportProgress = {
      exportId: this.id,
      sessionId: this.sessionId,
      path: this.path,
      written: this.written,
      total: this.total,
      bytesWritten: this.bytes,
      elapsedMs: Date.now() - this.started,
      done: this.state !== 'running',
      cancelled: this.state === 'cancelled',
    };
    if (this.failure) p.error = this.failure;
    return p;
  }

  async cancel(): Promise<void> {
    this.stopped = true;
    this.signalStop();
    await this.finished;
  }

  run(): Promise<void> {
    this.finished = this.work();
    return this.finished;
  }

  private tick(force = false): void {
    const now = Date.now();
    if (!force && now - this.lastEmit < PROGRESS_INTERVAL_MS) return;
    this.lastEmit = now;
    this.emit(this.progress());
  }

  /** `p`, unless the export is cancelled first. */
  private until<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.stop]);
  }

  private async work(): Promise<void> {
    const temp = join(dirname(this.path), `.${basename(this.path)}.trawl-export-${randomBytes(4).toString('hex')}`);
    let out: FileHandle | undefined;
    try {
      const indices = await this.resolve();
      this.total = indices.length;
      this.tick(true);
      const exporter = await this.exporter(indices);
      out = await open(temp, 'wx').catch((e: unknown) => {
        throw fileAccessError(e, temp, 'creating the export file');
      });
      await this.copy(indices, exporter, out, temp);
      await out.close();
      out = undefined;
      if (this.stopped) throw new CancelledError('The export was cancelled');
      await rename(temp, this.path).catch((e: unknown) => {
        throw fileAccessError(e, this.path, 'moving the finished export into place');
      });
      this.state = 'done';
    } catch (e) {
      await out?.close().catch((c: unknown) => console.warn(`Closing ${temp} after a failed export: ${String(c)}`));
      await rm(temp, { force: true });
      if (e instanceof CancelledError || this.stopped) {
        this.state = 'cancelled';
      } else {
        this.state = 'failed';
        const err = e instanceof TrawlError ? e : new TrawlError('internal', e instanceof Error ? e.message : String(e));
        this.failure = { code: err.code, message: err.message };
      }
    }
    this.tick(true);
  }

  /** The selected packets as ascending 0-based indices, each once. */
  private async resolve(): Promise<Uint32Array> {
    const s = this.session;
    const sel = this.req.selection;
    if (sel.kind === 'view' && sel.view !== ALL_VIEW) {
      const view = s.views.get(sel.view);
      await this.until(view.finished);
      const out = new Uint32Array(view.count);
      for (let r = 0; r < out.length; r++) out[r] = view.numberAt(r) - 1;
      return out;
    }
    await this.until(s.indexed);
    const count = s.index.count;
    switch (sel.kind) {
      case 'all':
      case 'view':
        return Uint32Array.from({ length: count }, (_, i) => i);
      case 'range':
        if (sel.to > count) throw new BadRequestError(`The capture has ${count} packets; the range ${sel.from}–${sel.to} goes past its end`);
        return Uint32Array.from({ length: sel.to - sel.from + 1 }, (_, k) => sel.from - 1 + k);
      case 'packets':
        return ascending(count, [sel.numbers]);
      case 'flows': {
        const lists: Uint32Array[] = [];
        for (const stream of sel.streams) lists.push(await this.until(this.flows.streamPackets(this.sessionId, sel.protocol, stream)));
        return ascending(count, lists);
      }
    }
  }

  private async exporter(indices: Uint32Array): Promise<PcapngExporter> {
    const s = this.session;
    const usedMark = new Uint8Array(Math.max(1, s.interfaces.length));
    for (const i of indices) usedMark[s.index.interfaceId(i)] = 1;
    // An empty export still describes the capture's interfaces.
    const used = indices.length === 0 ? s.interfaces.map((i) => i.id) : [...usedMark.keys()].filter((k) => usedMark[k] === 1);
    let header: PcapngSourceHeader | undefined;
    if (s.info.format === 'pcapng') {
      const needed = used.length === 0 ? 1 : used[used.length - 1] + 1;
      header = await readPcapngSourceHeader(async (offset, length) => {
        try {
          return await readAt(s.fh, offset, length);
        } catch (e) {
          throw fileAccessError(e, s.readPath, 'reading the capture’s interface descriptions');
        }
      }, needed);
    }
    return new PcapngExporter(
      { format: s.info.format === 'pcapng' ? 'pcapng' : 'pcap', interfaces: s.interfaces, idbs: header?.idbs, section: header?.section },
      { used, comment: this.req.comment },
    );
  }

  /**
   * Read the selected records span by span and write each span's blocks with one gathered write: records
   * copied as they are (little-endian EPBs) go straight from the read buffer, their interface ids
   * renumbered in place, back-to-back ones as one piece; records encoded anew go through a buffer of the
   * span's own. The next span is read while this one is prepared and the one before is written; a buffer
   * is reused only once the write holding it is done.
   */
  private async copy(indices: Uint32Array, exporter: PcapngExporter, fh: FileHandle, temp: string): Promise<void> {
    const s = this.session;
    const index = s.index;
    const pcapng = s.info.format === 'pcapng';
    const fileSize = (await s.fh.stat()).size;
    const count = index.count;
    // Where a record's bytes start, and a bound on where they end (the next record's start, for pcapng:
    // the options' length is only known once the block is read).
    const startOf = (i: number): number => (pcapng ? (index.recordOffset(i) ?? index.dataOffset(i)) : index.dataOffset(i));
    const endOf = (i: number): number => {
      if (!pcapng || index.recordOffset(i) === undefined) return index.dataOffset(i) + index.caplen(i);
      if (i + 1 < count) return startOf(i + 1);
      return Math.min(fileSize, startOf(i) + MAX_BLOCK_LEN);
    };
    const head = exporter.header();
    await writeAll(fh, head).catch((e: unknown) => {
      throw fileAccessError(e, temp, 'writing the export');
    });
    this.bytes = head.length;

    const n = indices.length;
    /** The selected packets [k, j), read together as the file's bytes [start, end). */
    const spanFrom = (k: number): ReadSpan => {
      const start = startOf(indices[k]);
      let end = endOf(indices[k]);
      let j = k + 1;
      while (j < n) {
        const st = startOf(indices[j]);
        const e = endOf(indices[j]);
        if (st - end > MAX_GAP || e - start > READ_SPAN) break;
        end = e;
        j++;
      }
      return { k, j, start, end };
    };
    // Buffers not held by a read or a write: at most three read buffers are in use (reading, preparing,
    // writing), and the buffers of records encoded anew of two spans (preparing, writing).
    const idleRead: Uint8Array[] = [];
    const idleEncoded: Uint8Array[] = [];
    const buffer = (idle: Uint8Array[], size: number): Uint8Array => {
      const b = idle.pop();
      return b !== undefined && b.length >= size ? b : new Uint8Array(Math.max(READ_SPAN, size));
    };
    const read = async (sp: ReadSpan): Promise<{ whole: Uint8Array; got: Uint8Array }> => {
      const need = pcapng ? startOf(indices[sp.j - 1]) + 12 - sp.start : sp.end - sp.start;
      const whole = buffer(idleRead, sp.end - sp.start);
      return { whole, got: await readInto(s.fh, s.readPath, sp.start, whole.subarray(0, sp.end - sp.start), need) };
    };
    // A run's interface ids (global), for renumberRun; a run never holds more blocks than a span's bytes allow.
    const runIfaces = new Uint16Array(Math.min(n, READ_SPAN / 32 + 1) || 1);
    let writing: Promise<void> = Promise.resolve();
    let span = n > 0 ? spanFrom(0) : undefined;
    let reading = span ? read(span) : undefined;
    try {
      while (span && reading) {
        if (this.stopped) throw new CancelledError('The export was cancelled');
        const { whole, got } = await reading;
        const next = span.j < n ? spanFrom(span.j) : undefined;
        reading = next ? read(next) : undefined;
        // Awaited on the next turn; this only keeps a failure from being unhandled if this turn throws first.
        reading?.catch(() => undefined);
        const src = new DataView(got.buffer, got.byteOffset, got.byteLength);
        const pieces: Uint8Array[] = [];
        const encodedBuffers: Uint8Array[] = [];
        let encoded: Uint8Array | undefined;
        let encodedView: DataView | undefined;
        let encodedPos = 0;
        let runFrom = 0;
        let runTo = -1;
        let runCount = 0;
        const endRun = (): void => {
          if (runCount === 0) return;
          exporter.renumberRun(src, runFrom, runTo, runIfaces, runCount);
          pieces.push(got.subarray(runFrom, runTo));
          runCount = 0;
        };
        for (let m = span.k; m < span.j; m++) {
          const i = indices[m];
          const caplen = index.caplen(i);
          const rec = pcapng ? index.recordOffset(i) : undefined;
          const recordAt = rec === undefined ? -1 : rec - span.start;
          const total = exporter.asIs(src, recordAt, caplen);
          if (total > 0 && recordAt === runTo && runCount < runIfaces.length) {
            runTo += total;
            runIfaces[runCount++] = index.interfaceId(i);
            continue;
          }
          endRun();
          if (total > 0) {
            runFrom = recordAt;
            runTo = recordAt + total;
            runIfaces[0] = index.interfaceId(i);
            runCount = 1;
            continue;
          }
          const dataAt = index.dataOffset(i) - span.start;
          for (;;) {
            if (encoded !== undefined && encodedView !== undefined) {
              const end = exporter.write(encoded, encodedView, encodedPos, got, src, recordAt, dataAt, caplen, index.origlen(i), index.tsSec(i), index.tsNsec(i), index.interfaceId(i));
              if (end >= 0) {
                pieces.push(encoded.subarray(encodedPos, end));
                encodedPos = end;
                break;
              }
            }
            // Another buffer (the pieces keep the last one's blocks): one span's blocks, or one block larger than it.
            encoded = buffer(idleEncoded, 2 * (encoded?.length ?? 0));
            encodedBuffers.push(encoded);
            encodedView = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
            encodedPos = 0;
          }
        }
        endRun();
        // One write in flight: wait for the last one before starting this span's.
        await writing;
        const bytes = pieces.reduce((sum, p) => sum + p.length, 0);
        writing = writevAll(fh, pieces).then(
          () => {
            idleRead.push(whole);
            idleEncoded.push(...encodedBuffers);
          },
          (e: unknown) => {
            throw fileAccessError(e, temp, 'writing the export');
          },
        );
        // Awaited before the next span's write or at the end; this keeps a failure from being unhandled meanwhile.
        writing.catch(() => undefined);
        this.bytes += bytes;
        this.written = span.j;
        span = next;
        this.tick();
      }
    } finally {
      // Cancelled or failed: the file is closed and removed next, never under a write still running.
      await writing.catch(() => undefined);
    }
    await writing;
  }
}

/** Selected packets [k, j) of an export (positions in its index list), read as the file's bytes [start, end). */
interface ReadSpan {
  k: number;
  j: number;
  start: number;
  end: number;
}

/** Ascending unique 0-based indices of the 1-based numbers in `lists` (each below count). */
function ascending(count: number, lists: readonly Uint32Array[]): Uint32Array {
  const mark = new Uint8Array(count);
  let n = 0;
  for (const list of lists) {
    for (const num of list) {
      if (num < 1 || num > count) throw new BadRequestError(`Packet ${num} does not exist: the capture has ${count} packets`);
      if (mark[num - 1] === 0) n++;
      mark[num - 1] = 1;
    }
  }
  const out = new Uint32Array(n);
  for (let i = 0, w = 0; i < count; i++) if (mark[i] === 1) out[w++] = i;
  return out;
}

/** Append every piece, in order, with gathered writes (a write may take fewer bytes than it was given). */
async function writevAll(fh: FileHandle, pieces: Uint8Array[]): Promise<void> {
  let rest = pieces;
  while (rest.length > 0) {
    const { bytesWritten } = await fh.writev(rest);
    if (bytesWritten === 0) throw new Error('the file system took no bytes (is the disk full?)');
    let left = bytesWritten;
    let k = 0;
    while (k < rest.length && left >= rest[k].length) left -= rest[k++].length;
    rest = rest.slice(k);
    if (left > 0) rest[0] = rest[0].subarray(left);
  }
}

/** Append all of `bytes` to `fh` (a write may take fewer bytes than it was given). */
async function writeAll(fh: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    const { bytesWritten } = await fh.write(bytes, done, bytes.length - done);
    if (bytesWritten === 0) throw new Error('the file system took no bytes (is the disk full?)');
    done += bytesWritten;
  }
}

/**
 * Fill `into` from the file at `position`. The file may end before `into` does only past `need` bytes (a
 * pcapng span's bound for its last record is a guess at its options): the bytes read are returned.
 */
async function readInto(fh: FileHandle, path: string, position: number, into: Uint8Array, need: number): Promise<Uint8Array> {
  let got = 0;
  try {
    while (got < into.length) {
      const { bytesRead } = await fh.read(into, got, into.length - got, position + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
  } catch (e) {
    throw fileAccessError(e, path, `reading packet data at byte ${position}`);
  }
  if (got < need) {
    throw new FileAccessError('file-shrank', `${path} ends at byte ${position + got}, before packet data the index points to; was it changed while open?`, path);
  }
  return into.subarray(0, got);
}

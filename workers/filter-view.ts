/**
 * A display filter's view over one session: the ordered packet numbers a filter accepts — compiled BPF
 * programs (a pcap filter, or a display filter lowered to one) or a display filter's predicate over
 * dissected fields — filled by scanning the session's packets in chunks across the filter workers (or
 * in-process).
 *
 * Chunks are consecutive runs of packet numbers; they run in parallel, and their matches are merged in
 * packet order, so the view is always the exact answer for packets [1, scanned]. While the capture is
 * still being indexed the scan follows the index: it filters what is indexed and goes on as packets
 * arrive, and is done once indexing has ended and every indexed packet was scanned.
 *
 * The filter workers also run the background flow pass, whose jobs dissect for seconds. A BPF chunk is
 * mostly reading (~1 ms of JIT per 4 MiB span), so while others' jobs wait for the workers it runs here,
 * one chunk at a time, instead of queuing behind them (docs/DECISIONS.md).
 */
import type { Disposable, FilterPlanInfo, FilterProgress, ViewId } from '../core/api';
import type { RawInsn } from '../core/bpf/opcodes';
import type { FlowInfoColumns } from '../core/flow/flow-info-columns';
import { CancelledError, TrawlError } from '../core/errors';
import { filterCaplen } from '../core/pcap/filter-caplen';
import { scanPackets } from './filter-scan';
import type { FilterScanJob, FilterScanResult, FilterWorkerApi } from './filter-worker-api';
import type { WorkerPool } from './pool';
import { WorkerCrashedError } from './worker-handle';
import type { Session } from './session';
import type { StoredView } from './session-views';

/**
 * A field predicate dissects every packet (~100× the time of a BPF program), so its chunks are smaller:
 * the view fills and progress moves every few hundred milliseconds.
 */
export const FIELDS_CHUNK_PACKETS = 4096;

/** Progress events go out at most this often while scanning (the final one always goes out). */
const PROGRESS_INTERVAL_MS = 100;

export interface FilterViewOptions {
  id: ViewId;
  expression: string;
  session: Session;
  /** Filter workers; undefined scans in-process. */
  pool: WorkerPool<FilterWorkerApi> | undefined;
  /** The program for a link type, or undefined when the expression does not compile for it. */
  programFor(linkType: number): RawInsn[] | undefined;
  /** The filter's language and how it runs; with `runsAs: 'fields'` the workers run `expression` as a display filter. */
  plan: FilterPlanInfo;
  onProgress(p: FilterProgress): void;
  /** Most packets in one chunk (default 32768; at most FIELDS_CHUNK_PACKETS for a field predicate). */
  chunkPackets?: number;
  /** Most packet bytes in one chunk (default 16 MiB; a larger single packet is a chunk of its own). */
  chunkBytes?: number;
  /**
   * For a field predicate: what the flow pass knows of each packet (tcp.stream, TCP analysis, reassembled
   * datagrams), so the filter sees what tshark's two passes see; and when that is complete (scanning waits).
   */
  flows?: { ready: Promise<void>; infoOf(numbers: Uint32Array): Promise<FlowInfoColumns | undefined> };
}

interface Chunk {
  /** Runs in this thread (not on the pool). */
  here: boolean;
  /** Asks a running job to stop. */
  stop(): void;
  done: Promise<void>;
}

let nextJobId = 1;

export class FilterView implements StoredView {
  readonly id: ViewId;
  readonly expression: string;
  private numbers = new Uint32Array(1024);
  private matched = 0;
  /** Packets [0, scanned) are merged into the view. */
  private scanned = 0;
  /** Packets [0, dispatched) are in chunks, running or merged. */
  private dispatched = 0;
  private nextSeq = 0;
  private mergeSeq = 0;
  private readonly running = new Map<number, Chunk>();
  /** Chunks sent to the pool that no worker has taken yet (pool.queued minus this is others' work). */
  private queuedOnPool = 0;
  private readonly results = new Map<number, FilterScanResult>();
  private readonly abort = new AbortController();
  private readonly started = Date.now();
  private finishedAt = 0;
  /** `total` once the view is done (a cancelled view stops counting while indexing goes on). */
  private finalTotal = 0;
  private state: 'scanning' | 'done' | 'cancelled' = 'scanning';
  private failure: Error | undefined;
  private lastEmit = 0;
  private waitingForIndex = false;
  private settle: (p: FilterProgress) => void = () => undefined;
  private fail: (e: Error) => void = () => undefined;
  private readonly growth: Disposable;
  /** Settles with the final progress; rejects when the scan failed (e.g. the file shrank). */
  readonly finished: Promise<FilterProgress>;
  private readonly maxRunning: number;
  private readonly chunkPackets: number;
  private readonly chunkBytes: number;

  constructor(private readonly o: FilterViewOptions) {
    this.id = o.id;
    this.expression = o.expression;
    this.maxRunning = o.pool ? o.pool.size * 2 : 1;
    const most = o.plan.runsAs === 'fields' ? FIELDS_CHUNK_PACKETS : Infinity;
    this.chunkPackets = Math.max(1, Math.min(most, o.chunkPackets ?? 32768));
    this.chunkBytes = Math.max(1, o.chunkBytes ?? 16 * 1024 * 1024);
    this.finished = new Promise<FilterProgress>((resolve, reject) => {
      this.settle = resolve;
      this.fail = reject;
    });
    this.finished.catch(() => undefined); // observed by whoever awaits it; never unhandled on its own
    this.growth = o.session.onIndexGrew(() => {
      if (this.waitingForIndex) this.pump();
    });
    if (o.flows !== undefined && o.plan.runsAs === 'fields') {
      // Fields like tcp.stream and tcp.analysis.* exist once the flow pass is over: scan after it.
      o.flows.ready.then(
        () => this.pump(),
        () => this.pump(),
      );
    } else {
      this.pump();
    }
  }

  get count(): number {
    return this.matched;
  }

  numberAt(r: number): number {
    return this.numbers[r];
  }

  get progress(): FilterProgress {
    const end = this.state === 'scanning' ? Date.now() : this.finishedAt;
    return {
      sessionId: this.o.session.id,
      view: this.id,
      expression: this.expression,
      language: this.o.plan.language,
      runsAs: this.o.plan.runsAs,
      ...(this.o.plan.bpfExpression !== undefined ? { bpfExpression: this.o.plan.bpfExpression } : {}),
      scanned: this.scanned,
      matched: this.matched,
      total: this.state === 'scanning' ? this.o.session.index.count : this.finalTotal,
      elapsedMs: end - this.started,
      done: this.state !== 'scanning',
      cancelled: this.state === 'cancelled',
      ...(this.failure ? { problem: this.failure.message } : {}),
    };
  }

  /** Stop scanning; what matched so far stays. Resolves once no job of this view runs any more. */
  async stop(): Promise<void> {
    if (this.state === 'scanning') this.end('cancelled');
    this.abort.abort();
    const chunks = [...this.running.values()];
    for (const c of chunks) c.stop();
    await Promise.all(chunks.map((c) => c.done));
  }

  private pump(): void {
    if (this.state !== 'scanning') return;
    const index = this.o.session.index;
    for (let where = this.where(); where !== 'wait' && this.dispatched < index.count; where = this.where()) this.dispatch(where === 'here');
    if (this.running.size > 0 || this.dispatched < index.count) {
      this.waitingForIndex = false;
      return;
    }
    if (this.o.session.indexDone && this.dispatched >= this.o.session.index.count) {
      this.end('done');
      return;
    }
    this.waitingForIndex = true;
  }

  /**
   * Where the next chunk runs: on the pool while it has room; here, one chunk at a time, without a pool
   * or for BPF while others' jobs wait for the workers (a chunk queued behind them would hold up the
   * in-order merge for as long as they run).
   */
  private where(): 'pool' | 'here' | 'wait' {
    const pool = this.o.pool;
    const othersWaiting = pool !== undefined && this.o.plan.runsAs === 'bpf' && pool.queued > this.queuedOnPool;
    if (!pool || othersWaiting) {
      for (const c of this.running.values()) if (c.here) return 'wait';
      return 'here';
    }
    return this.running.size < this.maxRunning ? 'pool' : 'wait';
  }

  private dispatch(here: boolean): void {
    const index = this.o.session.index;
    const from = this.dispatched;
    const limit = Math.min(index.count, from + this.chunkPackets);
    let to = from + 1;
    let bytes = index.caplen(from);
    while (to < limit && bytes + index.caplen(to) <= this.chunkBytes) bytes += index.caplen(to++);
    this.dispatched = to;
    const job = this.makeJob(from, to);
    const seq = this.nextSeq++;
    let stopRunning: () => void = () => undefined;
    const onStop = (f: () => void) => (stopRunning = f);
    const pool = here ? undefined : this.o.pool;
    const scan = (): Promise<FilterScanResult> => (pool ? this.scanOnPool(pool, job, onStop) : this.scanInProcess(job, onStop));
    const flows = job.fields !== undefined ? this.o.flows : undefined;
    const run = flows === undefined ? scan() : this.withFlowInfo(job, flows).then(scan);
    const chunk: Chunk = {
      here: pool === undefined,
      stop: () => stopRunning(),
      done: run.then(
        (r) => this.onResult(seq, r),
        (e: unknown) => this.onError(seq, e),
      ),
    };
    this.running.set(seq, chunk);
  }

  /** Attaches each packet's flow info to a predicate job. */
  private async withFlowInfo(job: FilterScanJob, flows: NonNullable<FilterViewOptions['flows']>): Promise<void> {
    if (job.fields === undefined) return;
    const numbers = Uint32Array.from({ length: job.caplens.length }, (_, k) => job.firstNumber + k);
    const info = await flows.infoOf(numbers);
    if (info !== undefined) job.fields.flows = info;
  }

  /** A worker that crashed is replaced by the pool; its chunk gets one more try on another. */
  private async scanOnPool(pool: WorkerPool<FilterWorkerApi>, job: FilterScanJob, onStop: (f: () => void) => void): Promise<FilterScanResult> {
    const once = async (): Promise<FilterScanResult> => {
      let queued = true;
      const taken = () => {
        if (queued) this.queuedOnPool--;
        queued = false;
      };
      this.queuedOnPool++;
      try {
        return await pool.run(
          (api) => {
            taken();
            // A cancel that cannot be delivered means the worker is gone, and then the scan fails on its own.
            onStop(() => void api.cancel({ jobId: job.jobId }).catch(() => undefined));
            return api.scan(job);
          },
          { signal: this.abort.signal },
        );
      } finally {
        taken();
      }
    };
    try {
      return await once();
    } catch (e) {
      if (!(e instanceof WorkerCrashedError) || this.state !== 'scanning') throw e;
      return once();
    }
  }

  private async scanInProcess(job: FilterScanJob, onStop: (f: () => void) => void): Promise<FilterScanResult> {
    let stopped = false;
    onStop(() => (stopped = true));
    return scanPackets(this.o.session.fh, { ...job, path: this.o.session.readPath }, () => stopped);
  }

  private makeJob(from: number, to: number): FilterScanJob {
    const index = this.o.session.index;
    const n = to - from;
    const job: FilterScanJob = {
      jobId: nextJobId++,
      path: this.o.session.readPath,
      firstNumber: from + 1,
      dataOffsets: new Float64Array(n),
      caplens: new Uint32Array(n),
      origlens: new Uint32Array(n),
      interfaceIds: new Uint16Array(n),
      programs: [],
      programOfInterface: new Int16Array(index.interfaces.length).fill(-1),
    };
    const snapLens = index.interfaces.map((iface) => iface.snapLen);
    const predicate = this.o.plan.runsAs === 'fields';
    for (let k = 0; k < n; k++) {
      const id = index.interfaceId(from + k);
      job.dataOffsets[k] = index.dataOffset(from + k);
      // BPF sees packets cut to the snapshot length, as libpcap does; the dissectors see what was captured.
      job.caplens[k] = predicate ? index.caplen(from + k) : filterCaplen(index.caplen(from + k), snapLens[id] ?? 0);
      job.origlens[k] = index.origlen(from + k);
      job.interfaceIds[k] = id;
    }
    if (predicate) {
      job.fields = {
        expression: this.expression,
        tsSecs: Float64Array.from({ length: n }, (_, k) => index.tsSec(from + k)),
        tsNsecs: Uint32Array.from({ length: n }, (_, k) => index.tsNsec(from + k)),
        firstTimestamp: index.count > 0 ? { sec: index.tsSec(0), nsec: index.tsNsec(0) } : { sec: 0, nsec: 0 },
        interfaces: [...index.interfaces],
      };
      return job;
    }
    const slotOfLinkType = new Map<number, number>();
    index.interfaces.forEach((iface, id) => {
      let slot = slotOfLinkType.get(iface.linkType);
      if (slot === undefined) {
        const program = this.o.programFor(iface.linkType);
        slot = program ? job.programs.push(program) - 1 : -1;
        slotOfLinkType.set(iface.linkType, slot);
      }
      job.programOfInterface[id] = slot;
    });
    return job;
  }

  private onResult(seq: number, r: FilterScanResult): void {
    this.running.delete(seq);
    if (this.state !== 'scanning') return;
    if (r.cancelled) {
      this.end('cancelled');
      return;
    }
    this.results.set(seq, r);
    this.merge();
    this.pump();
    if (this.state === 'scanning') this.emit(false);
  }

  private onError(seq: number, e: unknown): void {
    this.running.delete(seq);
    if (this.state !== 'scanning') return;
    if (e instanceof CancelledError) {
      this.end('cancelled');
      return;
    }
    this.failure = e instanceof Error ? e : new TrawlError('internal', String(e));
    this.end('cancelled');
    void this.stop();
  }

  /** Append finished chunks to the view in packet order, as far as there is no gap. */
  private merge(): void {
    for (let r = this.results.get(this.mergeSeq); r; r = this.results.get(this.mergeSeq)) {
      this.results.delete(this.mergeSeq);
      this.mergeSeq++;
      this.append(r.matches);
      this.scanned += r.scanned;
    }
  }

  private append(m: Uint32Array): void {
    if (this.matched + m.length > this.numbers.length) {
      let cap = this.numbers.length * 2;
      while (cap < this.matched + m.length) cap *= 2;
      const grown = new Uint32Array(cap);
      grown.set(this.numbers.subarray(0, this.matched));
      this.numbers = grown;
    }
    this.numbers.set(m, this.matched);
    this.matched += m.length;
  }

  private end(state: 'done' | 'cancelled'): void {
    this.state = state;
    this.growth.dispose();
    this.finishedAt = Date.now();
    this.finalTotal = this.o.session.index.count;
    this.results.clear();
    this.emit(true);
    if (this.failure) this.fail(this.failure);
    else this.settle(this.progress);
  }

  private emit(final: boolean): void {
    const now = Date.now();
    if (!final && now - this.lastEmit < PROGRESS_INTERVAL_MS) return;
    this.lastEmit = now;
    this.o.onProgress(this.progress);
  }
}

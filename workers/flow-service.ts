/**
 * The flow pass over each session and its results: stream numbers, conversation and endpoint tables.
 *
 * When a session is indexed, its packets are cut into jobs that the filter workers run in parallel
 * (workers/flow-scan.ts: dissect for flow facts, encode as FlowRecords); the batches come back in any
 * order and go through core/flow's FlowPass strictly in packet order (stream numbering, conversations,
 * and any FlowStage plugged in, such as TCP analysis). Without workers the jobs run in-process.
 */
import { availableParallelism } from 'node:os';
import { ALL_VIEW, type Conversation, type ConversationKind, type ConversationSortKey, type ConversationsPage, type ConversationsRequest, type Endpoint, type FlowProgress, type FollowProtocol, type SessionId, type ViewId } from '../core/api';
import { BadRequestError, CancelledError, NotFoundError } from '../core/errors';
import { CONVERSATION_KINDS } from '../core/flow/conversations';
import { endpointsOf } from '../core/flow/endpoints';
import { FlowPass, type FlowStage } from '../core/flow/flow-pass';
import type { FlowRecords } from '../core/flow/flow-record';
import { scanFlows, type FlowScanJob, type FlowScanResult } from './flow-scan';
import type { FilterWorkerApi } from './filter-worker-api';
import type { WorkerPool } from './pool';
import type { EngineService, ServiceHost } from './service-host';
import type { Session } from './session';

/** A job covers at most this many packets and bytes of packet data. */
const JOB_PACKETS = 10_000;
const JOB_BYTES = 16 * 1024 * 1024;
/** Progress events at most this often (the final one always goes out). */
const PROGRESS_MS = 200;
/** Flow job ids start here, apart from the filter views' ids (the workers keep one cancel set). */
let nextJobId = 2_000_000_000;

/** Makes the FlowStages a session's pass feeds besides numbering and conversations (TCP analysis plugs in here). */
export type FlowStageFactory = (sessionId: SessionId) => FlowStage[];

class FlowRun {
  readonly pass: FlowPass;
  readonly abort = new AbortController();
  readonly started = Date.now();
  finishedAt = 0;
  state: 'scanning' | 'done' | 'cancelled' | 'failed' = 'scanning';
  problem?: string;
  total: number;
  readonly done: Promise<void>;
  private readonly stops = new Set<() => void>();

  constructor(
    readonly session: Session,
    private readonly pool: WorkerPool<FilterWorkerApi> | undefined,
    stages: FlowStage[],
    private readonly onProgress: (final: boolean) => void,
  ) {
    this.pass = new FlowPass(stages);
    this.total = session.index.count;
    this.done = this.run().then(
      () => this.end('done'),
      (e: unknown) => {
        if (this.abort.signal.aborted || e instanceof CancelledError) this.end('cancelled');
        else {
          this.problem = e instanceof Error ? e.message : String(e);
          this.end('failed');
        }
      },
    );
  }

  get progress(): FlowProgress {
    const end = this.state === 'scanning' ? Date.now() : this.finishedAt;
    return {
      sessionId: this.session.id,
      scanned: this.pass.packets,
      total: this.total,
      elapsedMs: end - this.started,
      done: this.state !== 'scanning',
      cancelled: this.state === 'cancelled',
      ...(this.problem !== undefined ? { problem: this.problem } : {}),
    };
  }

  async stop(): Promise<void> {
    this.abort.abort();
    for (const s of this.stops) s();
    await this.done;
  }

  private end(state: 'done' | 'cancelled' | 'failed'): void {
    this.state = state;
    this.finishedAt = Date.now();
    this.pass.finish();
    this.onProgress(true);
  }

  private async run(): Promise<void> {
    const jobs = this.cutJobs();
    const results = new Map<number, FlowRecords>();
    let nextToMerge = 0;
    let nextToStart = 0;
    let lastEmit = 0;
    const merge = () => {
      for (let r = results.get(nextToMerge); r; r = results.get(nextToMerge)) {
        results.delete(nextToMerge++);
        this.pass.add(r);
      }
      const now = Date.now();
      if (now - lastEmit >= PROGRESS_MS) {
        lastEmit = now;
        this.onProgress(false);
      }
    };
    const lane = async () => {
      let i = nextToStart < jobs.length ? nextToStart++ : -1;
      let pending = i >= 0 ? this.scan(jobs[i]) : undefined;
      while (pending !== undefined) {
        const r = await pending;
        const done = i;
        if (r.cancelled || this.abort.signal.aborted) throw new CancelledError('The flow pass was cancelled');
        // The lane's next job goes out before this one merges: its worker scans while the merge runs.
        i = nextToStart < jobs.length ? nextToStart++ : -1;
        pending = i >= 0 ? this.scan(jobs[i]) : undefined;
        // A failure of the next scan surfaces at its await; until then it must not count as unhandled.
        pending?.catch(() => undefined);
        results.set(done, r.records);
        merge();
      }
    };
    // Scans run on the pool only: a lane in this thread as well was measured slower on 2 cores (its scans
    // hold up the merges and the next job's dispatch; docs/DECISIONS.md). One lane per extracting worker,
    // and no more extracting workers than cores − 1: the merges need a core of their own.
    const lanes = this.pool ? Math.max(1, Math.min(this.pool.size, availableParallelism() - 1)) : 1;
    await Promise.all(Array.from({ length: Math.min(lanes, jobs.length) }, lane));
    merge();
  }

  private cutJobs(): FlowScanJob[] {
    const index = this.session.index;
    const jobs: FlowScanJob[] = [];
    const linkOf = index.interfaces.map((i) => i.linkType);
    for (let from = 0; from < this.total; ) {
      let to = from;
      let bytes = 0;
      while (to < this.total && to - from < JOB_PACKETS && (to === from || bytes + index.caplen(to) <= JOB_BYTES)) bytes += index.caplen(to++);
      const n = to - from;
      const c = index.columns(from, to);
      const linkTypes = new Uint16Array(n);
      for (let k = 0; k < n; k++) linkTypes[k] = linkOf[c.interfaceIds[k]] ?? 0xffff;
      const job: FlowScanJob = {
        jobId: nextJobId++,
        path: this.session.readPath,
        firstNumber: from + 1,
        dataOffsets: c.dataOffsets,
        caplens: c.caplens,
        origlens: c.origlens,
        tsSecs: c.tsSecs,
        tsNsecs: c.tsNsecs,
        linkTypes,
      };
      jobs.push(job);
      from = to;
    }
    return jobs;
  }

  /** Scan a job in this thread. */
  private async scanHere(job: FlowScanJob): Promise<FlowScanResult> {
    let stopped = false;
    const stop = () => (stopped = true);
    this.stops.add(stop);
    try {
      return await scanFlows(this.session.fh, { ...job, path: this.session.readPath }, () => stopped || this.abort.signal.aborted);
    } finally {
      this.stops.delete(stop);
    }
  }

  /** Scan a job on a filter worker (in this thread without workers). */
  private async scan(job: FlowScanJob): Promise<FlowScanResult> {
    const pool = this.pool;
    if (!pool) return this.scanHere(job);
    return pool.run(
      (api) => {
        // A cancel that cannot be delivered means the worker is gone, and then the scan fails on its own.
        const stop = () => void api.cancel({ jobId: job.jobId }).catch(() => undefined);
        this.stops.add(stop);
        return api.flowScan(job).finally(() => this.stops.delete(stop));
      },
      { signal: this.abort.signal },
    );
  }
}

/** Sort keys as row accessors. */
const SORT: Record<ConversationSortKey, (c: Conversation) => number | string> = {
  id: (c) => c.id,
  addressA: (c) => c.addressA,
  portA: (c) => c.portA ?? 0,
  addressB: (c) => c.addressB,
  portB: (c) => c.portB ?? 0,
  packets: (c) => c.packetsAtoB + c.packetsBtoA,
  bytes: (c) => c.bytesAtoB + c.bytesBtoA,
  packetsAtoB: (c) => c.packetsAtoB,
  bytesAtoB: (c) => c.bytesAtoB,
  packetsBtoA: (c) => c.packetsBtoA,
  bytesBtoA: (c) => c.bytesBtoA,
  relStart: (c) => c.relStart,
  duration: (c) => c.duration,
};

export class FlowService implements EngineService {
  private readonly runs = new Map<SessionId, FlowRun>();
  /** Callers waiting for a session's pass to start (it starts when the session is indexed). */
  private readonly waiting = new Map<SessionId, (() => void)[]>();

  constructor(
    readonly host: ServiceHost,
    readonly emit: (p: FlowProgress) => void,
    private readonly stages: FlowStageFactory = () => [],
  ) {}

  indexed(sessionId: SessionId): void {
    if (this.host.disposed) return;
    const old = this.runs.get(sessionId);
    const session = this.host.session(sessionId);
    // A live capture that stopped re-announces: the pass runs again over the final index.
    if (old && old.total === session.index.count && old.state !== 'cancelled') return;
    if (old) void old.stop();
    const run = new FlowRun(session, this.host.filterPool(), this.stages(sessionId), () => this.emit(run.progress));
    this.runs.set(sessionId, run);
    for (const w of this.waiting.get(sessionId) ?? []) w();
    this.waiting.delete(sessionId);
  }

  async conversations(req: ConversationsRequest): Promise<ConversationsPage> {
    if (!CONVERSATION_KINDS.includes(req.kind)) throw new BadRequestError(`There is no conversation table "${String(req.kind)}"; use one of ${CONVERSATION_KINDS.join(', ')}`);
    const view = req.view ?? ALL_VIEW;
    const { rows: all, partial } = this.table(req.sessionId, req.kind, view);
    let rows = all;
    if (req.sort) {
      const key = SORT[req.sort.key];
      if (!key) throw new BadRequestError(`Conversations cannot be sorted by "${String(req.sort.key)}"`);
      const sign = req.sort.descending ? -1 : 1;
      rows = all
        .map((r, i) => ({ r, i }))
        .sort((a, b) => {
          const x = key(a.r);
          const y = key(b.r);
          return (x < y ? -sign : x > y ? sign : 0) || a.i - b.i;
        })
        .map((x) => x.r);
    } else rows = [...all].sort((a, b) => a.id - b.id);
    const from = Math.max(0, req.from ?? 0);
    const count = req.count ?? rows.length;
    return { sessionId: req.sessionId, kind: req.kind, view, total: rows.length, from, rows: rows.slice(from, from + Math.max(0, count)), partial };
  }

  async endpoints(req: { sessionId: SessionId; kind: ConversationKind; view?: ViewId }): Promise<Endpoint[]> {
    return endpointsOf(req.kind, this.table(req.sessionId, req.kind, req.view ?? ALL_VIEW).rows);
  }

  async flowStatus(req: { sessionId: SessionId }): Promise<FlowProgress> {
    const run = this.runs.get(req.sessionId);
    if (run) return run.progress;
    const session = this.host.session(req.sessionId);
    return { sessionId: req.sessionId, scanned: 0, total: session.index.count, elapsedMs: 0, done: false, cancelled: false };
  }

  async streamOf(req: { sessionId: SessionId; number: number }): Promise<{ protocol: FollowProtocol; stream: number } | null> {
    const { tcp, udp } = await this.packetStreams(req.sessionId);
    const i = req.number - 1;
    if (!(i >= 0 && i < tcp.length)) throw new NotFoundError('no-such-packet', `Packet ${req.number} does not exist in this capture (it has ${tcp.length} packets)`);
    if (tcp[i] >= 0) return { protocol: 'tcp', stream: tcp[i] };
    if (udp[i] >= 0) return { protocol: 'udp', stream: udp[i] };
    return null;
  }

  /**
   * For the follow and export services: the 1-based numbers of every packet of a stream, ascending
   * (waits for the flow pass). NotFoundError for a stream that does not exist.
   */
  async streamPackets(sessionId: SessionId, protocol: FollowProtocol, stream: number): Promise<Uint32Array> {
    const s = await this.packetStreams(sessionId);
    const per = protocol === 'tcp' ? s.tcp : s.udp;
    const out: number[] = [];
    for (let i = 0; i < per.length; i++) if (per[i] === stream) out.push(i + 1);
    if (out.length === 0) {
      const run = this.runs.get(sessionId);
      const count = run ? (protocol === 'tcp' ? run.pass.tcpStreamCount : run.pass.udpStreamCount) : 0;
      throw new NotFoundError('no-such-stream', `There is no ${protocol}.stream ${stream} in this capture (it has ${count} ${protocol.toUpperCase()} streams, numbered from 0)`);
    }
    return Uint32Array.from(out);
  }

  /**
   * For the export service (`--flows`) and the dissect path: each packet's tcp.stream and udp.stream (index
   * = number − 1; −1 = none), once the flow pass is done (waits for it).
   */
  async packetStreams(sessionId: SessionId): Promise<{ tcp: Int32Array; udp: Int32Array }> {
    const run = await this.runOf(sessionId);
    await run.done;
    if (run.state !== 'done') throw new BadRequestError(`The flow pass of this capture ${run.state === 'cancelled' ? 'was cancelled' : `failed: ${run.problem ?? 'unknown error'}`}; reopen the capture to run it again`);
    return run.pass.streams();
  }

  /**
   * What the pass has numbered so far, without waiting: per packet tcp.stream and udp.stream for packets
   * 1..`packets` (the pass merges in packet order, so these are final), and whether the pass is over.
   * Undefined before the session's pass started.
   */
  streamsSoFar(sessionId: SessionId): { tcp: Int32Array; udp: Int32Array; packets: number; done: boolean } | undefined {
    const run = this.runs.get(sessionId);
    if (run === undefined) return undefined;
    const s = run.pass.streams();
    return { tcp: s.tcp, udp: s.udp, packets: run.pass.packets, done: run.state !== 'scanning' };
  }

  /** Resolves when the session's pass ends (done, cancelled or failed); at once when none runs. */
  async passEnded(sessionId: SessionId): Promise<void> {
    await this.runs.get(sessionId)?.done;
  }

  async forget(sessionId: SessionId): Promise<void> {
    const run = this.runs.get(sessionId);
    this.runs.delete(sessionId);
    this.waiting.delete(sessionId);
    if (run) await run.stop();
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.runs.keys()].map((id) => this.forget(id)));
  }

  /** The session's pass, once it has started (waits for the session's index). */
  private async runOf(sessionId: SessionId): Promise<FlowRun> {
    this.host.session(sessionId);
    const run = this.runs.get(sessionId);
    if (run) return run;
    await new Promise<void>((resolve) => {
      const list = this.waiting.get(sessionId) ?? [];
      list.push(resolve);
      this.waiting.set(sessionId, list);
    });
    return this.runOf(sessionId);
  }

  private table(sessionId: SessionId, kind: ConversationKind, view: ViewId): { rows: Conversation[]; partial: boolean } {
    const session = this.host.session(sessionId);
    const run = this.runs.get(sessionId);
    if (!run) return { rows: [], partial: true };
    const scanning = run.state === 'scanning';
    if (view === ALL_VIEW) return { rows: run.pass.conversations.table(kind).rows, partial: scanning };
    const v = session.views.get(view);
    return { rows: run.pass.conversations.tableOf(kind, v).rows, partial: scanning || !v.progress.done };
  }
}

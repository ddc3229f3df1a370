/**
 * The engine: implements the core/api.ts contract over sessions (open captures), the dissect worker
 * pool, uploads and the recent-files list. Shells (Electron, web, CLI, tests) talk to it only through
 * that contract. Create it with `createEngine()`, and `dispose()` it when done (workers, files, temp dir).
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import {
  ALL_VIEW,
  VIEW_NUMBERS_MAX,
  type AppInfo,
  type CaptureCheck,
  type CaptureId,
  type CaptureRequest,
  type CaptureStatus,
  type NetworkInterface,
  type FieldCompletion,
  type FilterCheck,
  type FilterProgress,
  type IndexProgress,
  type PacketDetail,
  type PacketFieldsPage,
  type PacketFieldsRequest,
  type RecentFile,
  type RowsPage,
  type SessionId,
  type SessionInfo,
  type ShellCommand,
  type ShellCommandEvent,
  type TrawlApi,
  type ViewId,
  type ConversationKind,
  type ConversationsPage,
  type ConversationsRequest,
  type Endpoint,
  type ExportId,
  type ExportProgress,
  type ExportRequest,
  type FlowProgress,
  type FollowProtocol,
  type FollowStream,
} from '../core/api';
import { Emitter } from '../core/rpc/channel';
import { BadRequestError, FileAccessError, FilterError, NotFoundError, TrawlError } from '../core/errors';
import { compileFilter } from '../core/filter/compile';
import { compileDisplayFilter } from '../core/display/index';
import { tcpPduUse } from '../core/dissect/index';
import type { NameResolver } from '../core/filter/resolver';
import { DISSECT_WORKER_NAMES, type DissectWorkerApi } from './dissect-worker-api';
import { resolveEngineOptions, type EngineOptions, type ResolvedEngineOptions } from './engine-options';
import { fieldCompletions } from './filter-completions';
import { captureFilterText, checkFilterPlan, planFilter } from './filter-plan';
import { FilterView } from './filter-view';
import { FILTER_WORKER_NAMES, type FilterWorkerApi } from './filter-worker-api';
import { NodeNameResolver } from './name-resolver';
import { captureLauncher, checkCapture } from './capture-check';
import { helperLinkType } from './capture-helper';
import { checkCaptureRequest } from './capture-request';
import { LiveCapture } from './live-capture';
import { listNetworkInterfaces } from './net-interfaces';
import { buildPacketDetail } from './packet-detail';
import { buildPacketFields } from './packet-fields';
import { WorkerPool } from './pool';
import { RecentFiles } from './recent-files';
import { allRows, buildRowsPage } from './row-page';
import { Session } from './session';
import { Uploads } from './uploads';
import { ExportService } from './export-service';
import { FlowService } from './flow-service';
import { FlowInfoService } from './flow-info-service';
import { FollowService } from './follow-service';
import type { EngineService, ServiceHost } from './service-host';
import { workerUrl } from './worker-url';
import pkg from '../package.json' with { type: 'json' };

export type { EngineOptions } from './engine-options';

export class Engine implements TrawlApi {
  private readonly sessionOpened = new Emitter<SessionInfo>();
  private readonly sessionClosed = new Emitter<{ sessionId: SessionId }>();
  private readonly indexProgress = new Emitter<IndexProgress>();
  private readonly shellCommand = new Emitter<ShellCommandEvent>();
  private readonly filterProgress = new Emitter<FilterProgress>();
  private readonly captureStatusChanged = new Emitter<CaptureStatus>();
  readonly onSessionOpened = this.sessionOpened.event;
  readonly onSessionClosed = this.sessionClosed.event;
  readonly onIndexProgress = this.indexProgress.event;
  readonly onShellCommand = this.shellCommand.event;
  readonly onFilterProgress = this.filterProgress.event;
  readonly onCaptureStatus = this.captureStatusChanged.event;
  private readonly flowProgress = new Emitter<FlowProgress>();
  private readonly exportProgress = new Emitter<ExportProgress>();
  readonly onFlowProgress = this.flowProgress.event;
  readonly onExportProgress = this.exportProgress.event;

  private readonly open = new Map<SessionId, Session>();
  private readonly live = new Map<CaptureId, LiveCapture>();
  private readonly recent: RecentFiles;
  private readonly uploads: Uploads;
  private pool: WorkerPool<DissectWorkerApi> | undefined;
  private filterWorkers: WorkerPool<FilterWorkerApi> | undefined;
  private tempDirPromise: Promise<string> | undefined;
  private disposed = false;
  private readonly flows: FlowService;
  private readonly flowInfo: FlowInfoService;
  private readonly follows: FollowService;
  private readonly exports: ExportService;
  /** Every capability service, told when sessions are indexed and closed. */
  private readonly services: EngineService[];

  constructor(readonly options: ResolvedEngineOptions) {
    this.recent = new RecentFiles(options.configDir);
    this.uploads = new Uploads(() => this.tempDir(), options.maxUploadBytes);
    const isDisposed = (): boolean => this.disposed;
    const host: ServiceHost = {
      session: (sessionId) => this.session({ sessionId }),
      filterPool: () => this.filterPool(),
      tempDir: () => this.tempDir(),
      get disposed() {
        return isDisposed();
      },
    };
    // The flow info service's stages (TCP analysis, fragment marks) ride in each flow pass.
    this.flowInfo = new FlowInfoService(host, {
      streamsSoFar: (sessionId) => this.flows.streamsSoFar(sessionId),
      passEnded: (sessionId) => this.flows.passEnded(sessionId),
    });
    this.flows = new FlowService(host, (p) => this.flowProgressed(p), (sessionId) => this.flowInfo.stagesFor(sessionId));
    this.follows = new FollowService(host, this.flows);
    this.exports = new ExportService(host, this.flows, (p) => this.exportProgress.fire(p));
    this.services = [this.flows, this.flowInfo, this.follows, this.exports];
  }

  async appInfo(): Promise<AppInfo> {
    return { version: pkg.version, shell: this.options.shell, platform: process.platform };
  }

  async openFile(req: { path: string }): Promise<SessionInfo> {
    if (!req || typeof req.path !== 'string' || req.path.length === 0) throw new BadRequestError('openFile needs the path of a capture file');
    const info = await this.openSession({ path: req.path, userPath: true });
    await this.recent.add(info.path ?? req.path);
    return info;
  }

  /** The engine has no dialog of its own; a shell with one (Electron) answers this call itself. */
  async showOpenDialog(): Promise<SessionInfo | null> {
    throw new TrawlError(
      'no-open-dialog',
      'This shell has no file dialog: use the Open button (your browser’s file picker) or drop the capture onto the window.',
    );
  }

  beginUpload(req: { name: string; size: number }): Promise<{ uploadId: string }> {
    return this.uploads.begin(req);
  }

  uploadChunk(req: { uploadId: string; chunk: Uint8Array }): Promise<{ received: number }> {
    return this.uploads.chunk(req);
  }

  async finishUpload(req: { uploadId: string }): Promise<SessionInfo> {
    const done = await this.uploads.finish(req);
    return this.openSession({ path: done.path, name: done.name, userPath: false });
  }

  abortUpload(req: { uploadId: string }): Promise<void> {
    return this.uploads.abort(req);
  }

  async sessions(): Promise<SessionInfo[]> {
    return [...this.open.values()].map((s) => ({ ...s.info }));
  }

  async indexStatus(req: { sessionId: SessionId }): Promise<IndexProgress> {
    return this.session(req).progress;
  }

  async cancelIndex(req: { sessionId: SessionId }): Promise<void> {
    await this.session(req).cancelIndex();
  }

  async closeSession(req: { sessionId: SessionId }): Promise<void> {
    const s = this.session(req);
    this.open.delete(s.id);
    await Promise.all(this.services.map((svc) => svc.forget(s.id)));
    await s.close();
    this.sessionClosed.fire({ sessionId: s.id });
  }

  async rows(req: { sessionId: SessionId; view?: ViewId; from: number; count: number }): Promise<RowsPage> {
    const s = this.session(req);
    const view = req.view ?? ALL_VIEW;
    const rows = view === ALL_VIEW ? allRows(s) : s.views.get(view);
    if (!Number.isFinite(req.from) || !Number.isFinite(req.count)) throw new BadRequestError('rows needs numeric from and count');
    return buildRowsPage(s, view, rows, req.from, req.count, {
      pool: this.dissectPool(),
      inProcessLimit: this.options.inProcessSummaryLimit,
      flowInfo: (numbers) => this.flowInfo.columnsOf(s.id, numbers, true),
    });
  }

  async viewNumbers(req: { sessionId: SessionId; view?: ViewId; from: number; count: number }): Promise<{ numbers: Uint32Array; total: number }> {
    if (!Number.isFinite(req?.from) || !Number.isFinite(req?.count)) throw new BadRequestError('viewNumbers needs numeric from and count');
    if (req.count > VIEW_NUMBERS_MAX) throw new BadRequestError(`viewNumbers returns at most ${VIEW_NUMBERS_MAX} rows a call; ask for ${req.count} in several`);
    const view = req.view ?? ALL_VIEW;
    const numbers = this.numbersOfView(req.sessionId, view, req.from, req.count);
    const s = this.session(req);
    return { numbers, total: view === ALL_VIEW ? s.index.count : s.views.get(view).count };
  }

  async packet(req: { sessionId: SessionId; number: number }): Promise<PacketDetail> {
    const s = this.session(req);
    const [flow] = Number.isInteger(req.number) ? await this.flowInfo.infoOf(s.id, [req.number], true) : [undefined];
    return buildPacketDetail(s, req.number, flow);
  }

  async packetFields(req: PacketFieldsRequest): Promise<PacketFieldsPage> {
    const s = this.session(req);
    const view = req.view ?? ALL_VIEW;
    const rows = view === ALL_VIEW ? allRows(s) : s.views.get(view);
    return buildPacketFields(s, rows, req, {
      pool: this.dissectPool(),
      inProcessLimit: this.options.inProcessSummaryLimit,
      flowInfo: (numbers) => this.flowInfo.infoOf(s.id, numbers, true),
    });
  }

  async checkFilter(req: { expression: string; sessionId?: SessionId; linkType?: number; capture?: boolean }): Promise<FilterCheck> {
    if (!req || typeof req.expression !== 'string') throw new BadRequestError('checkFilter needs an expression (a string; empty accepts every packet)');
    if (req.linkType !== undefined && !(Number.isInteger(req.linkType) && req.linkType >= 0 && req.linkType <= 0xffff)) {
      throw new BadRequestError(`checkFilter: linkType must be a LINKTYPE_ number from 0 to 65535 (got ${req.linkType})`);
    }
    let linkTypes = [req.linkType ?? 1];
    if (req.sessionId !== undefined) {
      const s = this.session({ sessionId: req.sessionId });
      await s.interfacesKnown();
      if (s.interfaces.length > 0) linkTypes = s.interfaces.map((i) => i.linkType);
    }
    // Someone is typing a filter: start the filter workers so applying it does not wait for them.
    if (req.capture !== true) this.filterPool()?.warm();
    return checkFilterPlan(req.expression, linkTypes, this.resolver(), req.capture === true);
  }

  async applyFilter(req: { sessionId: SessionId; expression: string }): Promise<FilterProgress> {
    const s = this.session(req);
    if (typeof req.expression !== 'string') throw new BadRequestError('applyFilter needs an expression (a string; empty accepts every packet)');
    await s.interfacesKnown();
    this.session(req); // still open
    // A capture without interfaces (no packets) still gets the expression checked, as for Ethernet.
    const linkTypes = s.interfaces.length > 0 ? s.interfaces.map((i) => i.linkType) : [1];
    // pcap filter or display filter: BPF programs where it (or what it lowers to) compiles, else a field predicate.
    const plan = planFilter(req.expression, linkTypes, this.resolver());
    // A field predicate that stops at the transport (tcp.port, ip.addr …) never reads a reassembled TCP
    // PDU: its bytes are not put together for it, nor is the PDU info sent unless it reads tcp.reassembled_in.
    const pdus = plan.runsAs === 'fields' ? tcpPduUse(compileDisplayFilter(req.expression).interest) : 'bytes';
    const view = new FilterView({
      id: s.views.newId(),
      expression: req.expression,
      session: s,
      pool: this.filterPool(),
      // An interface with a new link type appeared while indexing: the plan compiles for it then.
      programFor: (linkType) => plan.programFor(linkType),
      plan: { language: plan.language, runsAs: plan.runsAs, ...(plan.bpfExpression !== undefined ? { bpfExpression: plan.bpfExpression } : {}) },
      onProgress: (p) => this.filterProgress.fire(p),
      chunkPackets: this.options.filterChunkPackets,
      flows: { ready: this.flowInfo.ready(s.id), infoOf: (numbers) => this.flowInfo.columnsOf(s.id, numbers, true, pdus) },
    });
    s.views.add(view);
    return view.progress;
  }

  async fieldCompletions(req: { prefix: string; limit?: number }): Promise<FieldCompletion[]> {
    return fieldCompletions(req);
  }

  async filterStatus(req: { sessionId: SessionId; view: ViewId }): Promise<FilterProgress> {
    return this.session(req).views.get(req.view).progress;
  }

  async cancelFilter(req: { sessionId: SessionId; view: ViewId }): Promise<void> {
    await this.session(req).views.get(req.view).stop();
  }

  async dropView(req: { sessionId: SessionId; view: ViewId }): Promise<void> {
    await this.session(req).views.drop(req.view);
  }

  recentFiles(): Promise<RecentFile[]> {
    return this.recent.list();
  }

  async interfaces(): Promise<NetworkInterface[]> {
    return listNetworkInterfaces();
  }

  async checkCapture(): Promise<CaptureCheck> {
    return checkCapture({ helperPath: this.options.captureHelperPath, launcher: this.options.captureLauncher });
  }

  async startCapture(req: CaptureRequest): Promise<CaptureStatus> {
    if (this.disposed) throw new BadRequestError('The engine is shut down');
    const checked = checkCaptureRequest(req);
    const r = checked.request;
    const helperPath = this.options.captureHelperPath;
    const launcher = this.options.captureLauncher;
    // What the helper will record on this interface decides what the filter compiles for (no privileges needed).
    const linkType = await helperLinkType(r.interface, { helperPath, launcher });
    // A display filter runs in the kernel only as the pcap-filter text it lowers to (else FilterError with the term's span).
    const kernelFilter = captureFilterText(r.filter ?? '', linkType);
    let program;
    try {
      program = compileFilter(kernelFilter, { linkType, resolver: this.resolver(), snaplen: r.snapLen });
    } catch (e) {
      if (kernelFilter === r.filter || !(e instanceof FilterError)) throw e;
      // Its span is into the lowered text: point at the whole display filter instead.
      throw new FilterError(e.code, `${e.message} (in ${kernelFilter}, the BPF form of this display filter)`, [0, (r.filter ?? '').length]);
    }
    const captureId = randomBytes(8).toString('hex');
    const outputPath = checked.outputPath ?? join(await this.tempDir(), `trawl_${r.interface}_${fileStamp(new Date())}.pcapng`);
    const privilege = await this.privilegeLauncher();
    const capture = new LiveCapture({
      captureId,
      request: r,
      program,
      linkType,
      outputPath,
      temporary: checked.outputPath === undefined,
      ring: checked.ring,
      helperPath,
      launcher: [...(launcher ?? []), ...privilege],
      newSessionId: () => randomBytes(8).toString('hex'),
      adoptSession: (s) => {
        this.open.set(s.id, s);
        this.sessionOpened.fire({ ...s.info });
      },
      onIndexProgress: (p) => {
        this.indexProgress.fire(p);
        if (p.done && !this.disposed) for (const svc of this.services) svc.indexed?.(p.sessionId);
      },
      onStatus: (s) => this.captureStatusChanged.fire(s),
    });
    this.live.set(captureId, capture);
    const status = await capture.started;
    if (checked.outputPath !== undefined && !checked.ring) await this.recent.add(checked.outputPath);
    return status;
  }

  async stopCapture(req: { captureId: CaptureId }): Promise<CaptureStatus> {
    return this.capture(req).stop();
  }

  async captureStatus(req: { captureId: CaptureId }): Promise<CaptureStatus> {
    return this.capture(req).status;
  }

  async captures(): Promise<CaptureStatus[]> {
    return [...this.live.values()].map((c) => c.status);
  }

  async saveSessionAs(req: { sessionId: SessionId; path: string }): Promise<{ path: string; bytes: number }> {
    const s = this.session(req);
    if (typeof req.path !== 'string' || !isAbsolute(req.path)) throw new BadRequestError('Save As needs the absolute path of the file to write');
    const capture = s.info.captureId === undefined ? undefined : this.live.get(s.info.captureId);
    if (capture?.writes(s)) throw new BadRequestError('The capture is still writing this file: stop it first (Ctrl+E), then save.');
    const target = req.path;
    const own = await realpath(s.readPath);
    const existing = await realpath(target).catch(() => undefined);
    if (existing === own || (s.info.path !== undefined && existing === (await realpath(s.info.path).catch(() => undefined)))) {
      throw new BadRequestError(`${target} is the file this session shows; choose another name.`);
    }
    // Written beside the target and renamed when complete: a failed or cancelled save never leaves half a file.
    const temp = join(dirname(target), `.${basename(target)}.trawl-${randomBytes(4).toString('hex')}`);
    try {
      await copyFile(s.readPath, temp);
      await rename(temp, target);
    } catch (e) {
      await rm(temp, { force: true });
      const err = e as NodeJS.ErrnoException;
      throw new FileAccessError(err.code === 'EACCES' ? 'permission-denied' : err.code === 'ENOENT' ? 'not-found' : 'write-failed', `Could not save ${target}: ${err.message}`, target);
    }
    capture?.markSaved();
    await this.recent.add(target);
    return { path: target, bytes: (await stat(target)).size };
  }

  conversations(req: ConversationsRequest): Promise<ConversationsPage> {
    return this.flows.conversations(req);
  }

  endpoints(req: { sessionId: SessionId; kind: ConversationKind; view?: ViewId }): Promise<Endpoint[]> {
    return this.flows.endpoints(req);
  }

  flowStatus(req: { sessionId: SessionId }): Promise<FlowProgress> {
    return this.flows.flowStatus(req);
  }

  streamOf(req: { sessionId: SessionId; number: number }): Promise<{ protocol: FollowProtocol; stream: number } | null> {
    return this.flows.streamOf(req);
  }

  followStream(req: { sessionId: SessionId; protocol: FollowProtocol; stream: number }): Promise<FollowStream> {
    return this.follows.followStream(req);
  }

  exportPackets(req: ExportRequest): Promise<ExportProgress> {
    return this.exports.exportPackets(req);
  }

  cancelExport(req: { exportId: ExportId }): Promise<void> {
    return this.exports.cancelExport(req);
  }

  /**
   * Progress of a session's flow pass. The final event waits for the reassembly after the pass and drops the
   * list summaries made without its findings, so a list that refetches its rows on it shows
   * `[TCP Retransmission]` and the like.
   */
  private flowProgressed(p: FlowProgress): void {
    if (!p.done) {
      this.flowProgress.fire(p);
      return;
    }
    void this.flowInfo.ready(p.sessionId).then(() => {
      this.open.get(p.sessionId)?.summaries.clear();
      this.flowProgress.fire(p);
    });
  }

  /** For shells: forward a menu command to the renderer (the engine never fires one itself). */
  fireShellCommand(command: ShellCommand): void {
    this.shellCommand.fire({ command });
  }

  /** Resolves with the final progress of a session's indexing (for the CLI and tests). */
  whenIndexed(sessionId: SessionId): Promise<IndexProgress> {
    return this.session({ sessionId }).indexed;
  }

  /**
   * Resolves when the session's flow pass (stream numbers, TCP analysis) and IP reassembly are over: what
   * tshark's second pass gives it. For the CLI and tests; the UI never waits for it.
   */
  whenFlowsReady(sessionId: SessionId): Promise<void> {
    return this.flowInfo.ready(this.session({ sessionId }).id);
  }

  /**
   * Resolves with the final progress of a filter view once its scan ends (done or cancelled); rejects
   * with the error that stopped it (e.g. the file changed under the session). For the CLI and tests.
   */
  whenFiltered(sessionId: SessionId, view: ViewId): Promise<FilterProgress> {
    return this.session({ sessionId }).views.get(view).finished;
  }

  /** Packet numbers of view rows [from, from + count), clipped to what the view has now (no dissection): for the CLI and tests, without viewNumbers' page limit. */
  numbersOfView(sessionId: SessionId, view: ViewId, from = 0, count = Infinity): Uint32Array {
    const s = this.session({ sessionId });
    const rows = view === ALL_VIEW ? allRows(s) : s.views.get(view);
    const start = Math.min(Math.max(0, Math.floor(from)), rows.count);
    const end = Math.min(rows.count, start + Math.max(0, count));
    const out = new Uint32Array(end - start);
    for (let r = start; r < end; r++) out[r - start] = rows.numberAt(r);
    return out;
  }

  /** Memory of a session's packet index: allocated bytes (growth slack included) and packets held. */
  indexMemory(sessionId: SessionId): { capacityBytes: number; packets: number } {
    const { index } = this.session({ sessionId });
    return { capacityBytes: index.memoryBytes, packets: index.count };
  }

  /** Close every session, stop every worker, remove temp files. The engine is unusable afterwards. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.all([...this.live.values()].map((c) => c.stop()));
    const sessions = [...this.open.values()];
    this.open.clear();
    await Promise.all(sessions.map((s) => s.close()));
    await this.uploads.closeAll();
    await Promise.all(this.services.map((svc) => svc.dispose()));
    await this.pool?.close();
    await this.filterWorkers?.close();
    if (this.tempDirPromise) await rm(await this.tempDirPromise, { recursive: true, force: true });
  }

  private async openSession(src: { path: string; name?: string; userPath: boolean }): Promise<SessionInfo> {
    if (this.disposed) throw new BadRequestError('The engine is shut down');
    const sessionId = randomBytes(8).toString('hex');
    const session = await Session.open({
      sessionId,
      ...src,
      chunkSize: this.options.indexChunkSize,
      onProgress: (p) => {
        this.indexProgress.fire(p);
        // Indexed: filtering is what users do next, so have its workers ready (they idle cheaply). Not
        // earlier, so they do not compete with the index worker for the CPU.
        if (p.done && !this.disposed) {
          this.filterPool()?.warm();
          for (const svc of this.services) svc.indexed?.(sessionId);
        }
      },
    });
    this.open.set(sessionId, session);
    this.sessionOpened.fire({ ...session.info });
    return { ...session.info };
  }

  private session(req: { sessionId: SessionId } | undefined): Session {
    const s = req && typeof req.sessionId === 'string' ? this.open.get(req.sessionId) : undefined;
    if (!s) throw new NotFoundError('session-not-found', `No open session ${req?.sessionId}; it was closed or never opened`);
    return s;
  }

  private capture(req: { captureId: CaptureId } | undefined): LiveCapture {
    const c = req && typeof req.captureId === 'string' ? this.live.get(req.captureId) : undefined;
    if (!c) throw new NotFoundError('capture-not-found', `No capture ${req?.captureId} in this engine`);
    return c;
  }

  /** pkexec when that is how this machine grants the helper its privileges; nothing otherwise. */
  private async privilegeLauncher(): Promise<string[]> {
    if (this.options.captureLauncher !== undefined || process.getuid?.() === 0) return [];
    return captureLauncher(await this.checkCapture()) ?? [];
  }

  private dissectPool(): WorkerPool<DissectWorkerApi> | undefined {
    if (this.options.workers < 1) return undefined;
    this.pool ??= new WorkerPool<DissectWorkerApi>({ script: workerUrl('dissect'), names: DISSECT_WORKER_NAMES, size: this.options.workers, label: 'dissect' });
    return this.pool;
  }

  private filterPool(): WorkerPool<FilterWorkerApi> | undefined {
    if (this.options.filterWorkers < 1) return undefined;
    this.filterWorkers ??= new WorkerPool<FilterWorkerApi>({ script: workerUrl('filter'), names: FILTER_WORKER_NAMES, size: this.options.filterWorkers, label: 'filter' });
    return this.filterWorkers;
  }

  /** Host, port and protocol names from the system's files, read afresh for each filter (as tcpdump reads them per run). */
  private resolver(): NameResolver {
    return new NodeNameResolver();
  }

  private tempDir(): Promise<string> {
    this.tempDirPromise ??= mkdtemp(join(this.options.tempDir, 'trawl-'));
    return this.tempDirPromise;
  }
}

/** `20261123101500`: local time, as dumpcap stamps its file names. */
function fileStamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

export function createEngine(options: EngineOptions = {}): Engine {
  return new Engine(resolveEngineOptions(options));
}

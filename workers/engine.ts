/**
 * The engine: implements the core/api.ts contract over sessions (open captures), the dissect worker
 * pool, uploads and the recent-files list. Shells (Electron, web, CLI, tests) talk to it only through
 * that contract. Create it with `createEngine()`, and `dispose()` it when done (workers, files, temp dir).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ALL_VIEW,
  type AppInfo,
  type IndexProgress,
  type PacketDetail,
  type RecentFile,
  type RowsPage,
  type SessionId,
  type SessionInfo,
  type ShellCommand,
  type ShellCommandEvent,
  type TrawlApi,
} from '../core/api';
import { Emitter } from '../core/rpc/channel';
import { BadRequestError, NotFoundError, TrawlError } from '../core/errors';
import { DISSECT_WORKER_NAMES, type DissectWorkerApi } from './dissect-worker-api';
import { resolveEngineOptions, type EngineOptions, type ResolvedEngineOptions } from './engine-options';
import { buildPacketDetail } from './packet-detail';
import { WorkerPool } from './pool';
import { RecentFiles } from './recent-files';
import { buildRowsPage } from './row-page';
import { Session } from './session';
import { Uploads } from './uploads';
import { workerUrl } from './worker-url';
import pkg from '../package.json' with { type: 'json' };

export type { EngineOptions } from './engine-options';

export class Engine implements TrawlApi {
  private readonly sessionOpened = new Emitter<SessionInfo>();
  private readonly sessionClosed = new Emitter<{ sessionId: SessionId }>();
  private readonly indexProgress = new Emitter<IndexProgress>();
  private readonly shellCommand = new Emitter<ShellCommandEvent>();
  readonly onSessionOpened = this.sessionOpened.event;
  readonly onSessionClosed = this.sessionClosed.event;
  readonly onIndexProgress = this.indexProgress.event;
  readonly onShellCommand = this.shellCommand.event;

  private readonly open = new Map<SessionId, Session>();
  private readonly recent: RecentFiles;
  private readonly uploads: Uploads;
  private pool: WorkerPool<DissectWorkerApi> | undefined;
  private tempDirPromise: Promise<string> | undefined;
  private disposed = false;

  constructor(readonly options: ResolvedEngineOptions) {
    this.recent = new RecentFiles(options.configDir);
    this.uploads = new Uploads(() => this.tempDir(), options.maxUploadBytes);
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
    await s.close();
    this.sessionClosed.fire({ sessionId: s.id });
  }

  async rows(req: { sessionId: SessionId; view?: ViewIdArg; from: number; count: number }): Promise<RowsPage> {
    const s = this.session(req);
    const view = req.view ?? ALL_VIEW;
    if (view !== ALL_VIEW) throw new NotFoundError('view-not-found', `View "${view}" does not exist in this session; use "${ALL_VIEW}"`);
    if (!Number.isFinite(req.from) || !Number.isFinite(req.count)) throw new BadRequestError('rows needs numeric from and count');
    return buildRowsPage(s, view, req.from, req.count, { pool: this.dissectPool(), inProcessLimit: this.options.inProcessSummaryLimit });
  }

  async packet(req: { sessionId: SessionId; number: number }): Promise<PacketDetail> {
    return buildPacketDetail(this.session(req), req.number);
  }

  recentFiles(): Promise<RecentFile[]> {
    return this.recent.list();
  }

  /** For shells: forward a menu command to the renderer (the engine never fires one itself). */
  fireShellCommand(command: ShellCommand): void {
    this.shellCommand.fire({ command });
  }

  /** Resolves with the final progress of a session's indexing (for the CLI and tests). */
  whenIndexed(sessionId: SessionId): Promise<IndexProgress> {
    return this.session({ sessionId }).indexed;
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
    const sessions = [...this.open.values()];
    this.open.clear();
    await Promise.all(sessions.map((s) => s.close()));
    await this.uploads.closeAll();
    await this.pool?.close();
    if (this.tempDirPromise) await rm(await this.tempDirPromise, { recursive: true, force: true });
  }

  private async openSession(src: { path: string; name?: string; userPath: boolean }): Promise<SessionInfo> {
    if (this.disposed) throw new BadRequestError('The engine is shut down');
    const sessionId = randomBytes(8).toString('hex');
    const session = await Session.open({
      sessionId,
      ...src,
      chunkSize: this.options.indexChunkSize,
      onProgress: (p) => this.indexProgress.fire(p),
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

  private dissectPool(): WorkerPool<DissectWorkerApi> | undefined {
    if (this.options.workers < 1) return undefined;
    this.pool ??= new WorkerPool<DissectWorkerApi>({ script: workerUrl('dissect'), names: DISSECT_WORKER_NAMES, size: this.options.workers, label: 'dissect' });
    return this.pool;
  }

  private tempDir(): Promise<string> {
    this.tempDirPromise ??= mkdtemp(join(this.options.tempDir, 'trawl-'));
    return this.tempDirPromise;
  }
}

type ViewIdArg = string;

export function createEngine(options: EngineOptions = {}): Engine {
  return new Engine(resolveEngineOptions(options));
}

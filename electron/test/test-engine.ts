/**
 * An in-test engine: a small, real implementation of the contract over an in-memory list of "files",
 * recording the calls the shell makes. Paths ending in `.bad` are not captures; paths under /missing/
 * cannot be read.
 */
import type {
  AppInfo,
  CaptureCheck,
  CaptureStatus,
  NetworkInterface,
  FieldCompletion,
  FilterCheck,
  FilterProgress,
  IndexProgress,
  PacketDetail,
  PacketFieldsPage,
  PacketFieldsRequest,
  RecentFile,
  RowsPage,
  SessionId,
  SessionInfo,
  ShellCommand,
  ShellCommandEvent,
  ConversationsPage,
  ConversationsRequest,
  Endpoint,
  ExportProgress,
  FlowProgress,
  FollowStream,
} from '../../core/api';
import { CaptureFormatError, FileAccessError, NotFoundError, TrawlError } from '../../core/errors';
import { Emitter } from '../../core/rpc/channel';
import { fieldCompletions } from '../../workers/filter-completions';
import type { ShellEngine } from '../shell-engine';

export class TestEngine implements ShellEngine {
  readonly opened: string[] = [];
  readonly commands: ShellCommand[] = [];
  disposed = 0;
  recent: RecentFile[] = [];
  private readonly sessionList: SessionInfo[] = [];
  private readonly opens = new Emitter<SessionInfo>();
  private readonly closes = new Emitter<{ sessionId: SessionId }>();
  private readonly progress = new Emitter<IndexProgress>();
  private readonly shell = new Emitter<ShellCommandEvent>();
  readonly onSessionOpened = this.opens.event;
  readonly onSessionClosed = this.closes.event;
  readonly onIndexProgress = this.progress.event;
  readonly onShellCommand = this.shell.event;
  private readonly filterProgress = new Emitter<FilterProgress>();
  readonly onFilterProgress = this.filterProgress.event;
  private readonly captureStatus$ = new Emitter<CaptureStatus>();
  readonly onCaptureStatus = this.captureStatus$.event;
  private readonly flowProgress$ = new Emitter<FlowProgress>();
  readonly onFlowProgress = this.flowProgress$.event;
  private readonly exportProgress$ = new Emitter<ExportProgress>();
  readonly onExportProgress = this.exportProgress$.event;

  async appInfo(): Promise<AppInfo> {
    return { version: '9.8.7', shell: 'test', platform: 'linux' };
  }
  async showOpenDialog(): Promise<SessionInfo | null> {
    throw new TrawlError('no-open-dialog', 'The engine has no dialog');
  }

  async openFile({ path }: { path: string }): Promise<SessionInfo> {
    this.opened.push(path);
    if (path.startsWith('/missing/')) throw new FileAccessError('not-found', 'No such file', path);
    if (path.endsWith('.bad')) throw new CaptureFormatError('bad-magic', 'Not a pcap or pcapng file', 0);
    const name = path.split('/').pop() ?? path;
    const info: SessionInfo = {
      sessionId: `s${this.sessionList.length + 1}`,
      name,
      path,
      sizeBytes: 24,
      format: 'pcap',
      compressed: false,
      byteOrder: 'little',
    };
    this.sessionList.push(info);
    this.recent = [{ path, name, openedAt: this.recent.length + 1 }, ...this.recent.filter((r) => r.path !== path)];
    this.opens.fire(info);
    return info;
  }
  async beginUpload(): Promise<{ uploadId: string }> {
    throw new NotFoundError('no-uploads', 'The test engine takes no uploads');
  }
  async uploadChunk(): Promise<{ received: number }> {
    throw new NotFoundError('no-uploads', 'The test engine takes no uploads');
  }
  async finishUpload(): Promise<SessionInfo> {
    throw new NotFoundError('no-uploads', 'The test engine takes no uploads');
  }
  async abortUpload(): Promise<void> {}
  async sessions(): Promise<SessionInfo[]> {
    return [...this.sessionList];
  }
  async indexStatus({ sessionId }: { sessionId: SessionId }): Promise<IndexProgress> {
    this.session(sessionId);
    return { sessionId, packets: 0, bytesRead: 24, totalBytes: 24, elapsedMs: 0, done: true, cancelled: false, interfaces: [] };
  }
  async cancelIndex({ sessionId }: { sessionId: SessionId }): Promise<void> {
    this.session(sessionId);
  }
  async closeSession({ sessionId }: { sessionId: SessionId }): Promise<void> {
    const i = this.sessionList.indexOf(this.session(sessionId));
    this.sessionList.splice(i, 1);
    this.closes.fire({ sessionId });
  }
  async rows({ sessionId, view, from }: { sessionId: SessionId; view?: string; from: number }): Promise<RowsPage> {
    this.session(sessionId);
    return {
      sessionId,
      view: view ?? 'all',
      from,
      numbers: new Uint32Array(0),
      relTimes: new Float64Array(0),
      lengths: new Uint32Array(0),
      malformed: new Uint8Array(0),
      text: [],
    };
  }
  async viewNumbers({ sessionId }: { sessionId: SessionId }): Promise<{ numbers: Uint32Array; total: number }> {
    this.session(sessionId);
    return { numbers: new Uint32Array(0), total: 0 };
  }
  async packet({ sessionId, number }: { sessionId: SessionId; number: number }): Promise<PacketDetail> {
    this.session(sessionId);
    throw new NotFoundError('no-packet', `Packet ${number} does not exist`);
  }
  /** Its files hold no packets, so every range is empty (as rows()). */
  async packetFields({ sessionId }: PacketFieldsRequest): Promise<PacketFieldsPage> {
    this.session(sessionId);
    return { numbers: new Uint32Array(0), cells: [] };
  }
  async checkFilter({ expression }: { expression: string }): Promise<FilterCheck> {
    return { ok: false, expression, error: { code: 'no-filters', message: 'The test engine compiles no filters', span: [0, expression.length] } };
  }
  async applyFilter({ sessionId }: { sessionId: SessionId }): Promise<FilterProgress> {
    this.session(sessionId);
    throw new NotFoundError('no-filters', 'The test engine applies no filters');
  }
  /** The engine's own completions: the registry's names need no capture. */
  async fieldCompletions(req: { prefix: string; limit?: number }): Promise<FieldCompletion[]> {
    return fieldCompletions(req);
  }
  async filterStatus({ sessionId, view }: { sessionId: SessionId; view: string }): Promise<FilterProgress> {
    this.session(sessionId);
    throw new NotFoundError('view-not-found', `View "${view}" does not exist`);
  }
  async cancelFilter({ sessionId }: { sessionId: SessionId }): Promise<void> {
    this.session(sessionId);
  }
  async dropView({ sessionId }: { sessionId: SessionId }): Promise<void> {
    this.session(sessionId);
  }
  async recentFiles(): Promise<RecentFile[]> {
    return [...this.recent];
  }
  async interfaces(): Promise<NetworkInterface[]> {
    return [];
  }
  async checkCapture(): Promise<CaptureCheck> {
    return { ok: false, problem: 'The test engine does not capture', alternatives: [] };
  }
  async startCapture(): Promise<CaptureStatus> {
    throw new TrawlError('no-capture', 'The test engine does not capture');
  }
  async stopCapture({ captureId }: { captureId: string }): Promise<CaptureStatus> {
    throw new NotFoundError('capture-not-found', `No capture ${captureId}`);
  }
  async captureStatus({ captureId }: { captureId: string }): Promise<CaptureStatus> {
    throw new NotFoundError('capture-not-found', `No capture ${captureId}`);
  }
  async captures(): Promise<CaptureStatus[]> {
    return [];
  }
  // Its sessions have no packets, so no flows.
  async conversations(req: ConversationsRequest): Promise<ConversationsPage> {
    this.session(req.sessionId);
    return { sessionId: req.sessionId, kind: req.kind, view: req.view ?? 'all', total: 0, from: 0, rows: [], partial: false };
  }
  async endpoints({ sessionId }: { sessionId: SessionId }): Promise<Endpoint[]> {
    this.session(sessionId);
    return [];
  }
  async flowStatus({ sessionId }: { sessionId: SessionId }): Promise<FlowProgress> {
    this.session(sessionId);
    return { sessionId, scanned: 0, total: 0, elapsedMs: 0, done: true, cancelled: false };
  }
  async streamOf({ sessionId }: { sessionId: SessionId }): Promise<null> {
    this.session(sessionId);
    return null;
  }
  async followStream({ sessionId, stream }: { sessionId: SessionId; stream: number }): Promise<FollowStream> {
    this.session(sessionId);
    throw new NotFoundError('stream-not-found', `No stream ${stream}`);
  }
  async exportPackets(): Promise<ExportProgress> {
    throw new TrawlError('no-export', 'The test engine exports nothing');
  }
  async cancelExport({ exportId }: { exportId: string }): Promise<void> {
    throw new NotFoundError('export-not-found', `No export ${exportId}`);
  }
  async saveSessionAs({ sessionId }: { sessionId: SessionId; path: string }): Promise<{ path: string; bytes: number }> {
    this.session(sessionId);
    throw new TrawlError('no-save', 'The test engine saves nothing');
  }
  fireShellCommand(command: ShellCommand): void {
    this.commands.push(command);
    this.shell.fire({ command });
  }
  dispose(): void {
    this.disposed++;
  }
  private session(id: SessionId): SessionInfo {
    const s = this.sessionList.find((x) => x.sessionId === id);
    if (!s) throw new NotFoundError('no-session', `No session ${id}`);
    return s;
  }
}

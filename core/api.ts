/**
 * THE contract between the renderer (or any other client: CLI, tests) and the engine.
 *
 * Every call is a method taking at most one request object and returning a promise; every event is an
 * `onXxx` member of type `Event<T>`. The generic `serve`/`proxy` pair in core/rpc binds this interface
 * to every transport (worker ports, Electron IPC, the web shell's WebSocket), so a call added here works
 * in every shell. Bulk data (packet bytes, row columns) travels as typed arrays, never as JSON arrays.
 *
 * To add a call: add it to `TrawlApi`, add its name to `API_METHODS` (or `API_EVENTS`); the compiler then
 * points at the engine, which must implement it. See docs/CODE.md "Add an API call".
 */

export interface Disposable {
  dispose(): void;
}

/** Subscribe to an event; dispose the result to unsubscribe. */
export type Event<T> = (listener: (e: T) => void) => Disposable;

export type SessionId = string;
/** A view is an ordered selection of packet numbers; `ALL_VIEW` is every packet of the session. */
export type ViewId = string;
export const ALL_VIEW: ViewId = 'all';

export type CaptureFormat = 'pcap' | 'pcapng';

export interface InterfaceInfo {
  /** Index in the file (pcapng interface id; 0 for pcap). With several sections, ids run on across them. */
  id: number;
  linkType: number;
  /** libpcap's DLT name without the prefix, e.g. `EN10MB`, `LINUX_SLL`. */
  linkTypeName: string;
  snapLen: number;
  name?: string;
  description?: string;
  /** Timestamp resolution as digits after the second: 6 = µs, 9 = ns. */
  tsDigits: number;
  /** Declared by a pcapng Interface Description Block (a pcap file has none): Wireshark then names an unnamed one "unknown". */
  pcapng?: boolean;
}

export interface SessionInfo {
  sessionId: SessionId;
  /** What the user calls it: the file's base name. */
  name: string;
  /** Absolute path on the engine's machine, when the capture came from a path. */
  path?: string;
  sizeBytes: number;
  format: CaptureFormat;
  /** The file on disk is gzip-compressed (the engine reads a decompressed copy). */
  compressed: boolean;
  byteOrder: 'little' | 'big';
  /** Set while (and after) the session shows a file a live capture writes: that capture's id. */
  captureId?: CaptureId;
}

/** Where and why a capture stops being valid. `record` is 1-based; `offset` is a byte offset in the file. */
export interface CaptureProblem {
  code: string;
  record: number;
  offset: number;
  reason: string;
}

export interface IndexProgress {
  sessionId: SessionId;
  /** Packets indexed so far (the row count of the `all` view). */
  packets: number;
  bytesRead: number;
  totalBytes: number;
  elapsedMs: number;
  done: boolean;
  cancelled: boolean;
  /** Set when indexing stopped early because the file is truncated or corrupt. */
  problem?: CaptureProblem;
  interfaces: InterfaceInfo[];
}

/** One page of the packet list, columnar. Row i of the page is view row `from + i`. */
/** Most rows one viewNumbers call returns (4 MiB of numbers). */
export const VIEW_NUMBERS_MAX = 1 << 20;

export interface RowsPage {
  sessionId: SessionId;
  view: ViewId;
  from: number;
  /** 1-based packet numbers. */
  numbers: Uint32Array;
  /** Seconds since the first packet of the capture. */
  relTimes: Float64Array;
  /** Original (wire) length. */
  lengths: Uint32Array;
  /** 1 where the summary dissection hit malformed data. */
  malformed: Uint8Array;
  /** Four strings per row: source, destination, protocol, info. */
  text: string[];
}

export interface Timestamp {
  /** Seconds since the epoch (may exceed 2^32 in pcapng). */
  sec: number;
  /** Nanoseconds within the second. */
  nsec: number;
}

export type ExpertSeverity = 'chat' | 'note' | 'warn' | 'error';

/** A node of the layer tree. `offset`/`length` are absolute byte positions in the packet; length 0 = no bytes. */
export interface PacketFieldsRequest {
  sessionId: SessionId;
  view: ViewId;
  from: number;
  count: number;
  /** Field filter names (`ip.src`), as `tshark -e`; a protocol name (`udp`) gives its tree label. */
  fields: string[];
  /** Which occurrences of a field that occurs several times: all (`a`, default), first (`f`), last (`l`). */
  occurrence?: 'a' | 'f' | 'l';
  /** Joins the occurrences kept (default `,`). */
  aggregator?: string;
}

export interface PacketFieldsPage {
  /** 1-based packet number of each row. */
  numbers: Uint32Array;
  /** Row-major: row r's cell for fields[i] is cells[r * fields.length + i]. */
  cells: string[];
}

export interface TreeNode {
  label: string;
  /** Wireshark filter name of the field or protocol, e.g. `ip.src`, `tcp`. */
  field?: string;
  offset: number;
  length: number;
  expert?: { severity: ExpertSeverity; message: string };
  children?: TreeNode[];
  /**
   * Which bytes `offset` and `length` point into: an index into PacketDetail.sources (e.g. a reassembled
   * IPv4 datagram); absent or 0 = the frame's own bytes.
   */
  source?: number;
}

export interface PacketDetail {
  sessionId: SessionId;
  number: number;
  timestamp: Timestamp;
  relTime: number;
  caplen: number;
  origlen: number;
  interface: InterfaceInfo;
  comments: string[];
  bytes: Uint8Array;
  /** The frame node first, then one node per layer. */
  tree: TreeNode[];
  /**
   * Byte sources tree nodes may point into (TreeNode.source): index 0 is the frame (`bytes`), then data
   * the dissection made, e.g. `{label: 'Reassembled IPv4', bytes}`, which the hex pane shows as a tab.
   * Absent when the frame is the only one.
   */
  sources?: { label: string; bytes: Uint8Array }[];
}

export interface RecentFile {
  path: string;
  name: string;
  openedAt: number;
}

export interface AppInfo {
  version: string;
  shell: 'electron' | 'web' | 'cli' | 'test';
  platform: string;
}

/** Commands a shell's menu sends to the renderer (the web shell has no menu, so never sends them). */
export type ShellCommand =
  | 'open-file'
  | 'go-to-packet'
  | 'close-file'
  | 'cancel'
  | 'start-stop-capture'
  | 'save-as'
  | 'export-specified'
  | 'follow-tcp'
  | 'follow-udp'
  | 'conversations'
  | 'mark-packet'
  | 'mark-all-displayed'
  | 'unmark-all-displayed'
  | 'next-mark'
  | 'previous-mark';
export interface ShellCommandEvent {
  command: ShellCommand;
}

/** One compiled capture-filter program, for one link type of a session. */
export interface FilterProgram {
  linkType: number;
  linkTypeName: string;
  instructions: number;
  /** The program as `tcpdump -d` prints it. */
  listing: string;
}

/** The two languages of the one filter bar: pcap-filter(7) (`tcp port 80`) and Wireshark's display filters (`tcp.port == 80`). */
export type FilterLanguage = 'pcap' | 'display';
/**
 * How a filter runs over a capture: `bpf` as compiled BPF programs (a pcap filter, or a display filter
 * that lowers to one exactly); `fields` as a predicate over each packet's dissected fields (slower).
 */
export type FilterRunsAs = 'bpf' | 'fields';

/** Which language a filter text is in and how it runs; `bpfExpression` is the pcap-filter text a display filter lowered to. */
export interface FilterPlanInfo {
  language: FilterLanguage;
  runsAs: FilterRunsAs;
  /** Set for a display filter that runs as BPF: the pcap-filter(7) expression it lowered to (first link type). */
  bpfExpression?: string;
}

/**
 * Whether an expression compiles: what the filter bar shows green or red as the user types. The engine
 * always sets `language` (and `runsAs` when ok); they are optional only so a check made elsewhere (a
 * capture-filter field's own state, tests) need not invent them.
 */
export type FilterCheck =
  | ({ ok: true; expression: string; programs: FilterProgram[] } & Partial<FilterPlanInfo>)
  | { ok: false; expression: string; language?: FilterLanguage; error: { code: string; message: string; span: [number, number] } };

/** One name the filter bar can complete: a protocol (`dns`) or a field (`dns.qry.name`). */
export interface FieldCompletion {
  name: string;
  kind: 'protocol' | 'field';
  /** What the field is, as Wireshark's field list says it: `Name`, `Source Port`. */
  description: string;
  /** The field's type (`uint16`, `ipv4`, `string`, `protocol`…). */
  type: string;
}

/** State of a display filter over a session: the view fills as the workers scan. */
export interface FilterProgress extends FilterPlanInfo {
  sessionId: SessionId;
  view: ViewId;
  expression: string;
  /** Packets examined so far, of `total`. */
  scanned: number;
  matched: number;
  total: number;
  elapsedMs: number;
  done: boolean;
  cancelled: boolean;
  /** Why the scan stopped early when it failed (e.g. the file changed while open); what matched stays. */
  problem?: string;
}

/** A network interface of the engine's machine: what the capture start page lists. */
export interface NetworkInterface {
  name: string;
  /** The kernel's interface index. */
  index: number;
  /** The kind of device in words, with its driver where known: `Ethernet (virtio_net)`, `Loopback`, `veth pair`. */
  description: string;
  /** Addresses with their prefix length, IPv4 first: `10.0.0.2/24`, `fe80::1/64`. */
  addresses: string[];
  /** Administratively up (IFF_UP). */
  up: boolean;
  /** Operational: up with a carrier (IFF_RUNNING). */
  running: boolean;
  loopback: boolean;
  /** What a capture on it records (as `trawl-capture --link-type` says); absent when Trawl cannot capture from it. */
  linkType?: number;
  linkTypeName?: string;
  /** Kernel counters, packets received plus sent since boot: a packets-per-second sparkline is the difference between two calls. */
  packets: number;
  /** When `packets` was read, in ms since the epoch. */
  sampledAt: number;
}

/** Whether live capture will work here, and if not, the one thing to do (`trawl doctor` prints this). */
export interface CaptureCheck {
  ok: boolean;
  /** How the helper gets its privileges when ok: the engine runs as root, the helper has file capabilities (or is set-user-ID root), or pkexec with Trawl's polkit policy. */
  via?: 'root' | 'capabilities' | 'pkexec';
  /** The helper that would run. */
  helperPath?: string;
  /** What is wrong, in one sentence, when not ok. */
  problem?: string;
  /** The one thing to do, e.g. the exact `sudo setcap …` line. */
  fix?: string;
  /** Other ways that would also work (e.g. the pkexec/polkit route), each one sentence. */
  alternatives: string[];
}

export type CaptureId = string;
export type CaptureDirection = 'in' | 'out' | 'both';

/** What `startCapture` needs. Only `interface` is required. */
export interface CaptureRequest {
  interface: string;
  /**
   * A pcap-filter expression run in the kernel; empty or absent keeps every packet. A display filter is
   * accepted when it lowers to BPF exactly (`frame.len > 100`, `eth.type == 0x0806`); one that needs
   * dissected fields is refused with FilterError.
   */
  filter?: string;
  /** Bytes kept of each packet, 1..262144 (default 262144). */
  snapLen?: number;
  /** Default true, as in Wireshark. */
  promiscuous?: boolean;
  /** Default `both`. */
  direction?: CaptureDirection;
  /**
   * The kernel's capture buffer (the helper's ring) in MiB, 1..1024, as dumpcap's -B; default 32. Packets
   * wait there while the app is busy: a bigger buffer rides out longer bursts.
   */
  bufferMegabytes?: number;
  /** Stop after this many packets were written. */
  count?: number;
  /** Stop after this many seconds. */
  durationSec?: number;
  /**
   * The pcapng file to write (a path on the engine's machine; must not exist yet, or be a file Trawl may
   * replace). Absent: a temporary file that is deleted when its session closes unless saved with Save As.
   */
  outputPath?: string;
  /**
   * Ring buffer, as `dumpcap -b`: switch to a new file after `fileMegabytes` MB (10^6 bytes) or `fileSeconds`
   * seconds, whichever comes first, and keep only the newest `files` files (0 = keep all). Needs `outputPath`:
   * files are named after it, `NAME_00001_20261123101500.pcapng`, as dumpcap names them.
   */
  ring?: { files: number; fileMegabytes?: number; fileSeconds?: number };
}

export type CaptureState = 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

export interface CaptureStatus {
  captureId: CaptureId;
  state: CaptureState;
  interface: string;
  filter: string;
  /** The link type the filter was compiled for and the file records. */
  linkType?: number;
  /** The session showing the file being written (with a ring buffer: the newest file). */
  sessionId?: SessionId;
  /** Files written that still exist, oldest first (one without a ring buffer). */
  files: string[];
  /** Packets the kernel filter accepted (dropped ones included), as dumpcap's "received". */
  received: number;
  /** Dropped by the kernel for want of ring space. */
  dropped: number;
  /** Packets written to the file(s). */
  written: number;
  bytesWritten: number;
  /** ms since the epoch. */
  startedAt: number;
  elapsedMs: number;
  /** The file is a temporary one that nobody saved yet: closing its session deletes it. */
  unsaved: boolean;
  /** Why a capture failed (state `failed`), or what went wrong after it began (the packets written stay). */
  error?: { code: string; message: string };
}

/** The conversation tables of the Flows view, as Wireshark's Conversations dialog names them. */
export type ConversationKind = 'eth' | 'ipv4' | 'ipv6' | 'tcp' | 'udp';

/**
 * One conversation: A is the side that sent the first packet (as tshark's `-z conv`), B the other. For
 * tcp/udp `id` is the stream number (`tcp.stream`/`udp.stream`); for the others, an index in the table.
 */
export interface Conversation {
  kind: ConversationKind;
  id: number;
  addressA: string;
  /** Absent for eth/ipv4/ipv6. */
  portA?: number;
  addressB: string;
  portB?: number;
  packetsAtoB: number;
  bytesAtoB: number;
  packetsBtoA: number;
  bytesBtoA: number;
  /** Seconds from the capture's first packet to the conversation's first packet, and to its last. */
  relStart: number;
  duration: number;
}

/** An endpoint (one address, or address and port) with what it sent and received. */
export interface Endpoint {
  kind: ConversationKind;
  address: string;
  port?: number;
  packetsTx: number;
  bytesTx: number;
  packetsRx: number;
  bytesRx: number;
}

export type ConversationSortKey = 'id' | 'addressA' | 'portA' | 'addressB' | 'portB' | 'packets' | 'bytes' | 'packetsAtoB' | 'bytesAtoB' | 'packetsBtoA' | 'bytesBtoA' | 'relStart' | 'duration';

export interface ConversationsRequest {
  sessionId: SessionId;
  kind: ConversationKind;
  /** Count only the packets of this view (the current display filter); default ALL_VIEW. */
  view?: ViewId;
  sort?: { key: ConversationSortKey; descending?: boolean };
  /** Rows [from, from+count) of the sorted table (default all). */
  from?: number;
  count?: number;
}

export interface ConversationsPage {
  sessionId: SessionId;
  kind: ConversationKind;
  view: ViewId;
  /** Conversations in the whole table (rows are a slice of it). */
  total: number;
  from: number;
  rows: Conversation[];
  /** The flow pass has not finished (or the view is still filling): the table will grow. */
  partial: boolean;
}

/** Progress of the background flow pass over a session (stream numbers, conversations, TCP analysis). */
export interface FlowProgress {
  sessionId: SessionId;
  scanned: number;
  total: number;
  elapsedMs: number;
  done: boolean;
  cancelled: boolean;
  problem?: string;
}

export type FollowProtocol = 'tcp' | 'udp';

/** One piece of a followed stream in capture order: client (the first sender) or server payload, or a gap. */
export interface FollowChunk {
  /** 1-based packet that carried the bytes (for a gap: the packet after which data is missing). */
  packet: number;
  from: 'client' | 'server';
  /** Payload bytes, in stream order; empty for a gap. */
  bytes: Uint8Array;
  /** Bytes missing here (segments not captured); 0 for data. */
  gap: number;
}

export interface FollowStream {
  sessionId: SessionId;
  protocol: FollowProtocol;
  stream: number;
  /** "address:port" of each side, client first. */
  client: string;
  server: string;
  clientBytes: number;
  serverBytes: number;
  chunks: FollowChunk[];
  /** The display filter that selects this stream (`tcp.stream eq 7`). */
  filter: string;
  /** The stream numbers that exist (for "stream N of M" and switching). */
  streams: number;
  /**
   * What a very long stream's answer leaves out (the engine returns a bounded number of chunks, the first
   * ones): chunks and payload bytes not in `chunks`. clientBytes/serverBytes still count the whole stream.
   */
  omittedChunks: number;
  omittedBytes: number;
}

/** Which packets an export writes, as Wireshark's "Export Specified Packets" offers them. */
export type ExportSelection =
  | { kind: 'all' }
  /** The packets of a view (the displayed ones). */
  | { kind: 'view'; view: ViewId }
  /** Every packet of these streams. */
  | { kind: 'flows'; protocol: FollowProtocol; streams: number[] }
  /** These 1-based packet numbers (marked, selected). */
  | { kind: 'packets'; numbers: Uint32Array }
  /** Packets from..to, 1-based, inclusive. */
  | { kind: 'range'; from: number; to: number };

export interface ExportRequest {
  sessionId: SessionId;
  selection: ExportSelection;
  /** The pcapng file to write (a path on the engine's machine). Never the session's own file. */
  path: string;
  /** Recorded in the section header's comment (e.g. the display filter used). */
  comment?: string;
}

export type ExportId = string;

export interface ExportProgress {
  exportId: ExportId;
  sessionId: SessionId;
  path: string;
  written: number;
  total: number;
  bytesWritten: number;
  elapsedMs: number;
  done: boolean;
  cancelled: boolean;
  /** Why it failed; nothing is left at `path` then. */
  error?: { code: string; message: string };
}

export interface TrawlApi {
  appInfo(): Promise<AppInfo>;

  /** Open a capture at a path on the engine's machine. Rejects with CaptureFormatError / FileAccessError. */
  openFile(req: { path: string }): Promise<SessionInfo>;
  /**
   * Show the shell's own open dialog and open the chosen capture; null when the user cancels. Only a shell
   * with a native dialog (Electron) answers it; the engine alone rejects with code `no-open-dialog`, and
   * the web shell's renderer uses the browser's file picker and an upload instead.
   */
  showOpenDialog(): Promise<SessionInfo | null>;
  /** Streamed upload (web shell drop): begin, send chunks in order, finish; finish opens the capture. */
  beginUpload(req: { name: string; size: number }): Promise<{ uploadId: string }>;
  uploadChunk(req: { uploadId: string; chunk: Uint8Array }): Promise<{ received: number }>;
  finishUpload(req: { uploadId: string }): Promise<SessionInfo>;
  abortUpload(req: { uploadId: string }): Promise<void>;

  /** Sessions open now (a shell may open one before the renderer connects, e.g. from argv). */
  sessions(): Promise<SessionInfo[]>;
  /** Current indexing state of a session (the same payload as onIndexProgress). */
  indexStatus(req: { sessionId: SessionId }): Promise<IndexProgress>;
  /** Stop indexing; what is indexed stays browsable. */
  cancelIndex(req: { sessionId: SessionId }): Promise<void>;
  closeSession(req: { sessionId: SessionId }): Promise<void>;

  /** Rows [from, from+count) of a view, clipped to what exists. */
  rows(req: { sessionId: SessionId; view?: ViewId; from: number; count: number }): Promise<RowsPage>;
  /**
   * The 1-based packet numbers of rows [from, from+count) of a view (clipped to the rows it has now), with
   * nothing dissected: for acting on every displayed packet (mark all displayed). `total`: the view's rows now.
   * BadRequestError for a count above VIEW_NUMBERS_MAX.
   */
  viewNumbers(req: { sessionId: SessionId; view?: ViewId; from: number; count: number }): Promise<{ numbers: Uint32Array; total: number }>;
  /** Full detail of one packet (1-based number). */
  packet(req: { sessionId: SessionId; number: number }): Promise<PacketDetail>;
  /**
   * `tshark -T fields` for rows [from, from+count) of a view (clipped to what exists): `cells` is row-major,
   * `fields.length` strings per row, each the field's occurrences in tree order as tshark prints them.
   * `occurrence` keeps all (default), the first or the last; `aggregator` joins several (default `,`).
   * Rejects with NotFoundError (code `field-not-found`) naming every unknown field and close known names.
   */
  packetFields(req: PacketFieldsRequest): Promise<PacketFieldsPage>;

  /**
   * Compile a filter (pcap-filter or display filter, whichever language the text is in) for a session's
   * link types (or `linkType`, default Ethernet); never rejects for a bad expression. With `capture`, the
   * answer is whether it can run in the kernel as a capture filter (a display filter must lower to BPF).
   */
  checkFilter(req: { expression: string; sessionId?: SessionId; linkType?: number; capture?: boolean }): Promise<FilterCheck>;
  /**
   * Apply a filter, pcap-filter or display filter (the one filter bar takes both): returns at once with a
   * new view that fills as the workers scan (onFilterProgress); rows() of that view works meanwhile.
   * Rejects with FilterError (span into `expression`).
   */
  applyFilter(req: { sessionId: SessionId; expression: string }): Promise<FilterProgress>;
  /**
   * Field and protocol names starting with `prefix` (case-insensitive), protocols and shorter names
   * first, at most `limit` (default 50): what the filter bar offers as the user types a name.
   */
  fieldCompletions(req: { prefix: string; limit?: number }): Promise<FieldCompletion[]>;
  filterStatus(req: { sessionId: SessionId; view: ViewId }): Promise<FilterProgress>;
  /** Stop scanning; what matched so far stays in the view. */
  cancelFilter(req: { sessionId: SessionId; view: ViewId }): Promise<void>;
  /** Forget a filter view (e.g. when the filter is cleared or replaced). */
  dropView(req: { sessionId: SessionId; view: ViewId }): Promise<void>;

  recentFiles(): Promise<RecentFile[]>;

  /** The machine's network interfaces, with counters for sparklines (cheap: call it once a second). */
  interfaces(): Promise<NetworkInterface[]>;
  /** Whether live capture will work, and if not what to do. Never rejects for a missing privilege. */
  checkCapture(): Promise<CaptureCheck>;
  /**
   * Start a live capture: compile the filter for the interface's link type, start the helper, and open a
   * session on the file as it is written (onSessionOpened, then onIndexProgress as packets arrive, at most
   * 10 a second). Resolves once the filter is in the kernel and packets flow. Rejects with FilterError
   * (span into `filter`), HelperError (no such interface, permission: the message says how to grant it),
   * FileAccessError (output path) or BadRequestError.
   */
  startCapture(req: CaptureRequest): Promise<CaptureStatus>;
  /** Stop cleanly: the helper flushes and writes its statistics; resolves with the final status. */
  stopCapture(req: { captureId: CaptureId }): Promise<CaptureStatus>;
  captureStatus(req: { captureId: CaptureId }): Promise<CaptureStatus>;
  /** Every capture of this engine, running or ended (for a renderer that reconnects). */
  captures(): Promise<CaptureStatus[]>;
  /**
   * Save As: copy a session's capture file to `path` (written to a temporary file beside it, renamed when
   * complete). Refuses while a capture is still writing that file, and never overwrites the session's own
   * file. For a temporary live capture, marks it saved. Rejects with FileAccessError / BadRequestError.
   */
  saveSessionAs(req: { sessionId: SessionId; path: string }): Promise<{ path: string; bytes: number }>;

  /**
   * A conversation table of a session (the flow pass runs in the background once indexing is done; until
   * it finishes, `partial` is set). With `view`, only that view's packets count (the Flows view follows the
   * display filter). Sorted by `sort` (default by id), sliced by from/count.
   */
  conversations(req: ConversationsRequest): Promise<ConversationsPage>;
  /** The endpoints of a conversation kind (same rules as conversations). */
  endpoints(req: { sessionId: SessionId; kind: ConversationKind; view?: ViewId }): Promise<Endpoint[]>;
  /** State of the session's flow pass. */
  flowStatus(req: { sessionId: SessionId }): Promise<FlowProgress>;
  /** The stream a packet belongs to (its innermost TCP, else UDP), or null. Waits for the flow pass. */
  streamOf(req: { sessionId: SessionId; number: number }): Promise<{ protocol: FollowProtocol; stream: number } | null>;
  /** Follow a TCP or UDP stream: its payload in order, both directions, gaps marked. Rejects with NotFoundError for a stream that does not exist. */
  followStream(req: { sessionId: SessionId; protocol: FollowProtocol; stream: number }): Promise<FollowStream>;
  /**
   * Export packets to a new pcapng: returns at once, progress comes as onExportProgress. Written to a
   * temporary file beside `path` and renamed when complete; never overwrites the session's own file.
   * Rejects with FileAccessError / BadRequestError before starting.
   */
  exportPackets(req: ExportRequest): Promise<ExportProgress>;
  /** Stop an export: nothing is left at its path. */
  cancelExport(req: { exportId: ExportId }): Promise<void>;

  onSessionOpened: Event<SessionInfo>;
  onSessionClosed: Event<{ sessionId: SessionId }>;
  onIndexProgress: Event<IndexProgress>;
  onShellCommand: Event<ShellCommandEvent>;
  onFilterProgress: Event<FilterProgress>;
  /** A capture changed state, or its counters moved (at most twice a second while running). */
  onCaptureStatus: Event<CaptureStatus>;
  onFlowProgress: Event<FlowProgress>;
  onExportProgress: Event<ExportProgress>;
}

type MethodKeys<T> = { [K in keyof T]: K extends `on${string}` ? never : K }[keyof T];
type EventKeys<T> = { [K in keyof T]: K extends `on${string}` ? K : never }[keyof T];
export type ApiMethod = MethodKeys<TrawlApi>;
export type ApiEvent = EventKeys<TrawlApi>;

/** Every call of the contract, at run time. The checks below fail to compile if one is missing. */
export const API_METHODS = [
  'appInfo',
  'openFile',
  'showOpenDialog',
  'beginUpload',
  'uploadChunk',
  'finishUpload',
  'abortUpload',
  'sessions',
  'indexStatus',
  'cancelIndex',
  'closeSession',
  'rows',
  'viewNumbers',
  'packet',
  'packetFields',
  'checkFilter',
  'applyFilter',
  'fieldCompletions',
  'filterStatus',
  'cancelFilter',
  'dropView',
  'recentFiles',
  'interfaces',
  'checkCapture',
  'startCapture',
  'stopCapture',
  'captureStatus',
  'captures',
  'saveSessionAs',
  'conversations',
  'endpoints',
  'flowStatus',
  'streamOf',
  'followStream',
  'exportPackets',
  'cancelExport',
] as const satisfies readonly ApiMethod[];

export const API_EVENTS = [
  'onSessionOpened',
  'onSessionClosed',
  'onIndexProgress',
  'onShellCommand',
  'onFilterProgress',
  'onCaptureStatus',
  'onFlowProgress',
  'onExportProgress',
] as const satisfies readonly ApiEvent[];

type Missing<All, Listed> = Exclude<All, Listed>;
// If a member of TrawlApi is not listed above, this line fails to compile and names it.
export const API_COMPLETE: [Missing<ApiMethod, (typeof API_METHODS)[number]>, Missing<ApiEvent, (typeof API_EVENTS)[number]>] extends [
  never,
  never,
]
  ? true
  : never = true;

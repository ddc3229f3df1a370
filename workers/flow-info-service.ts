/**
 * What the flow pass found about each packet, handed back to that packet's dissection (FrameMeta.flow):
 * tcp.stream / udp.stream, TCP sequence analysis (a TcpAnalysisStage runs inside the pass), IP
 * reassembly (fragments are reassembled after the pass, from the packets the pass marked as fragments) and
 * TCP desegmentation of HTTP and TLS streams (after IP reassembly, from the data segments of streams on
 * their ports or that a heuristic made HTTP or TLS, read back in order; such a stream's packets are told
 * its protocol, `tcpConversation`). Info is available for the packets the pass has merged so far; nothing
 * waits for the pass to end.
 *
 * Memory: the analysis keeps about 76 bytes per TCP packet; reassembly keeps one small entry per fragment,
 * 8 bytes per packet and a segment list per completed PDU, and no datagram or PDU bytes: what a packet
 * completes is put together again from its fragments or segments when that packet is dissected.
 */
import type { SessionId } from '../core/api';
import type { IpReassemblyInfo, PacketFlowInfo } from '../core/dissect/index';
import { flowPacketOf } from '../core/flow/flow-packet';
import { CONVERSATION_CODES, emptyFlowInfoColumns, flowInfoAt, PduColumnsBuilder, putTcpAnalysis, type FlowInfoColumns, type PduPayloads } from '../core/flow/flow-info-columns';
import type { FlowStage } from '../core/flow/flow-pass';
import type { FlowRecords } from '../core/flow/flow-record';
import type { BatchStreams } from '../core/flow/streams';
import { IpDefragmenter, reassemblyInfos, type DefragStats } from '../core/flow/ip-defrag';
import { TcpAnalysisStage } from '../core/flow/tcp-analysis-stage';
import { TcpPduFinder } from '../core/flow/tcp-pdu';
import { TlsSessionVersions } from '../core/flow/tls-sessions';
import { PduInfoStore } from '../core/flow/tcp-pdu-info';
import { PduStreamProtocols, pduScannerFor, type PduProtocol } from '../core/flow/tcp-pdu-scan';
import { sentByFirst } from '../core/flow/flow-key';
import { positionOf } from '../core/flow/sorted-numbers';
import type { FlowService } from './flow-service';
import { readPackets } from './packet-reader';
import { PduPayloadArena } from './pdu-bytes';
import type { EngineService, ServiceHost } from './service-host';
import type { Session } from './session';

/** Fragments and segments are read back this many packets at a time. */
const FRAGMENT_BATCH = 1024;

const FIN = 0x001;
/** SegmentColumns.protocol's codes. */
const PDU_PROTOCOLS: readonly PduProtocol[] = ['http', 'tls'];

/** The first TCP header of each data (or FIN) segment of a stream desegmented for HTTP or TLS, as the pass saw it. */
class SegmentColumns {
  count = 0;
  number = new Uint32Array(1024);
  stream = new Int32Array(1024);
  seq = new Uint32Array(1024);
  ack = new Uint32Array(1024);
  flags = new Uint16Array(1024);
  payloadLength = new Int32Array(1024);
  payloadOffset = new Uint32Array(1024);
  capturedLength = new Uint32Array(1024);
  /** 1 when the header's source is its stream key's first endpoint (flow-key.ts): which side sent it. */
  srcFirst = new Uint8Array(1024);
  /** The protocol its ports name (PDU_PROTOCOLS' index). */
  protocol = new Uint8Array(1024);

  push(r: FlowRecords, k: number, h: number, stream: number, protocol: PduProtocol): void {
    if (this.count === this.number.length) this.grow();
    const i = this.count++;
    const tcp = r.tcp;
    this.number[i] = r.firstNumber + k;
    this.stream[i] = stream;
    this.seq[i] = tcp.seq[k];
    this.ack[i] = tcp.ack[k];
    this.flags[i] = tcp.flags[k];
    this.payloadLength[i] = tcp.payloadLength[k];
    this.payloadOffset[i] = tcp.payloadOffset[k];
    this.capturedLength[i] = tcp.capturedLength[k];
    this.srcFirst[i] = sentByFirst(r, h) ? 1 : 0;
    this.protocol[i] = PDU_PROTOCOLS.indexOf(protocol);
  }

  /** The slot of packet `number`, or −1 (slots are in packet order). */
  slotOf(number: number): number {
    return positionOf(this.number, number, this.count);
  }

  private grow(): void {
    const cap = this.number.length * 2;
    const g = <T extends Uint32Array | Int32Array | Uint16Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a as never);
      return b;
    };
    this.number = g(this.number);
    this.stream = g(this.stream);
    this.seq = g(this.seq);
    this.ack = g(this.ack);
    this.flags = g(this.flags);
    this.payloadLength = g(this.payloadLength);
    this.payloadOffset = g(this.payloadOffset);
    this.capturedLength = g(this.capturedLength);
    this.srcFirst = g(this.srcFirst);
    this.protocol = g(this.protocol);
  }
}

/**
 * Notes, while the pass runs, which packets carry IP fragments, and the TCP header of each data (or FIN)
 * segment in a stream desegmented for HTTP or TLS, by its ports or by a heuristic its payload passed
 * (PduStreamProtocols; desegmentation then reads back only their payloads, without
 * dissecting them again); calls `ended` when the pass ends.
 */
class PassMarks implements FlowStage {
  numbers: number[] = [];
  segments = new SegmentColumns();
  /** Which protocol each stream is desegmented for, and which streams a heuristic gave one (and from where). */
  readonly protocols = new PduStreamProtocols();
  /** The version of each stream's TLS session, from its Server Hello. */
  readonly tlsVersions = new TlsSessionVersions();

  constructor(private readonly ended: () => void) {}

  add(r: FlowRecords, streams: BatchStreams): void {
    const tcp = r.tcp;
    for (let k = 0; k < r.count; k++) {
      if (r.fragment[k] === 1) this.numbers.push(r.firstNumber + k);
      if (tcp.tlsServerVersion[k] !== 0) this.tlsVersions.note(streams.tcp[k], tcp.tlsServerVersion[k]);
      const h = tcp.header[k];
      if (h < 0 || streams.tcp[k] < 0 || (tcp.payloadLength[k] <= 0 && (tcp.flags[k] & FIN) === 0)) continue;
      const protocol = this.protocols.protocolOf(r.firstNumber + k, streams.tcp[k], r.srcPort[h], r.dstPort[h], tcp.payloadStart[k]);
      if (protocol !== undefined) this.segments.push(r, k, h, streams.tcp[k], protocol);
    }
  }

  finish(): void {
    this.ended();
  }
}

class SessionFlowInfo {
  readonly tcp = new TcpAnalysisStage();
  readonly fragments: PassMarks;
  /** Per fragment packet: which datagram it belongs to (the completing packet's entry lists the fragments, without bytes). */
  readonly ip = new Map<number, IpReassemblyInfo>();
  /** Per packet of a multi-segment PDU: where it was reassembled, where its PDU starts; the completing packet's segment list. */
  readonly pdu = new PduInfoStore();
  defragStats: DefragStats | undefined;
  reassembled: Promise<void> | undefined;
  stopped = false;

  constructor(ended: (s: SessionFlowInfo) => void) {
    this.fragments = new PassMarks(() => ended(this));
  }
}

export class FlowInfoService implements EngineService {
  private readonly sessions = new Map<SessionId, SessionFlowInfo>();

  constructor(
    private readonly host: ServiceHost,
    private readonly flows: Pick<FlowService, 'streamsSoFar' | 'passEnded'>,
  ) {}

  /** The FlowService's stage factory: a fresh analysis for each pass over a session. */
  readonly stagesFor = (sessionId: SessionId): FlowStage[] => {
    const old = this.sessions.get(sessionId);
    if (old) old.stopped = true;
    const s = new SessionFlowInfo((ended) => this.reassembleLater(sessionId, ended));
    this.sessions.set(sessionId, s);
    return [s.tcp, s.fragments];
  };

  /** Resolves when the session's flow pass and the reassembly after it are over (the CLI's second pass). */
  async ready(sessionId: SessionId): Promise<void> {
    await this.flows.passEnded(sessionId);
    await this.sessions.get(sessionId)?.reassembled;
  }

  /**
   * Flow info of packets (1-based numbers), in order; undefined where the pass has not reached a packet
   * yet or found nothing. `withDatagrams`: put together the datagram of each packet that completes one
   * (reads its fragments) so its dissection goes on into it.
   */
  async infoOf(sessionId: SessionId, numbers: ArrayLike<number>, withDatagrams: boolean): Promise<(PacketFlowInfo | undefined)[]> {
    const out: (PacketFlowInfo | undefined)[] = new Array(numbers.length).fill(undefined);
    const c = await this.columnsOf(sessionId, numbers, withDatagrams);
    if (c === undefined) return out;
    // The PDUs are put together here as a worker puts them together (workers/pdu-bytes.ts), each in its own
    // buffer: a packet's detail keeps its bytes.
    const session = this.host.session(sessionId);
    const pdus = await PduPayloadArena.read(session.fh, session.readPath, c);
    for (let k = 0; k < numbers.length; k++) out[k] = flowInfoAt(c, k, pdus?.fresh);
    return out;
  }

  /**
   * The same as `infoOf`, packed for a worker (core/flow/flow-info-columns.ts): a page of the list or a
   * filter job carries it as a few typed arrays, and the worker puts the PDUs together itself. Undefined
   * when the pass has not started.
   */
  /**
   * `pdus`: what each packet gets of TCP desegmentation: the completing packets' PDU bytes too (default, with
   * datagrams), the PDU info alone, or nothing (a field predicate that reads none of it).
   */
  async columnsOf(sessionId: SessionId, numbers: ArrayLike<number>, withDatagrams: boolean, pdus: 'bytes' | 'info' | 'none' = withDatagrams ? 'bytes' : 'info'): Promise<FlowInfoColumns | undefined> {
    const s = this.sessions.get(sessionId);
    const streams = this.flows.streamsSoFar(sessionId);
    if (s === undefined || streams === undefined || streams.packets === 0) return undefined;
    const c = emptyFlowInfoColumns(numbers.length);
    /** Segments of the completing packets: the worker that dissects them reads their payloads (workers/pdu-bytes.ts). */
    const segments: number[] = [];
    const scratch = s.tcp.scratch;
    const pduColumns = new PduColumnsBuilder(numbers.length);
    for (let k = 0; k < numbers.length; k++) {
      const n = numbers[k];
      if (!(n >= 1 && n <= streams.packets)) continue;
      c.tcpStream[k] = streams.tcp[n - 1];
      c.udpStream[k] = streams.udp[n - 1];
      const conversation = conversationOf(s, streams.tcp[n - 1], n);
      if (conversation !== undefined) c.tcpConversation[k] = CONVERSATION_CODES.indexOf(conversation);
      c.tlsVersion[k] = s.fragments.tlsVersions.of(streams.tcp[n - 1]);
      if (s.fragments.protocols.httpSeen(streams.tcp[n - 1])) c.httpSeen[k] = 1;
      if (s.tcp.infoInto(n, scratch)) putTcpAnalysis(c, k, scratch);
      const ip = s.ip.get(n);
      if (ip !== undefined) c.ip[k] = ip.datagram !== undefined && withDatagrams ? await this.withDatagram(sessionId, ip) : withoutDatagram(ip);
      if (pdus === 'none') continue;
      const reassembledIn = s.pdu.reassembledInOf(n);
      const startsAt = s.pdu.startsAtOf(n);
      const completed = s.pdu.completedBy(n);
      if (reassembledIn === 0 && startsAt < 0 && completed === undefined) continue;
      pduColumns.put(k, reassembledIn, startsAt, completed);
      if (completed !== undefined && pdus === 'bytes') for (const x of completed.segments) segments.push(x.number);
    }
    const pduInfo = pduColumns.finish();
    if (pduInfo !== undefined) c.pdu = pduInfo;
    if (segments.length > 0) c.payloads = this.payloadsOf(sessionId, s, segments);
    return c;
  }

  /** Where the segments `numbers` (packet numbers, any order, repeats allowed) keep their TCP payloads in the file. */
  private payloadsOf(sessionId: SessionId, s: SessionFlowInfo, numbers: number[]): PduPayloads {
    const index = this.host.session(sessionId).index;
    const c = s.fragments.segments;
    const all = Uint32Array.from(numbers).sort();
    let unique = 0;
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[unique++] = all[i];
    const sorted = all.subarray(0, unique);
    const out: PduPayloads = { numbers: sorted, fileOffsets: new Float64Array(sorted.length), lengths: new Uint32Array(sorted.length) };
    for (let i = 0; i < sorted.length; i++) {
      const slot = c.slotOf(sorted[i]);
      // Every segment of a PDU was noted by the pass; one that was not cannot be read (the PDU then shows its segment list only).
      if (slot < 0) continue;
      out.fileOffsets[i] = index.dataOffset(sorted[i] - 1) + c.payloadOffset[slot];
      out.lengths[i] = c.capturedLength[slot];
    }
    return out;
  }

  /** Reassembly counters of the session's last pass (what the limits dropped), once it ran. */
  defragStats(sessionId: SessionId): DefragStats | undefined {
    return this.sessions.get(sessionId)?.defragStats;
  }

  async forget(sessionId: SessionId): Promise<void> {
    const s = this.sessions.get(sessionId);
    this.sessions.delete(sessionId);
    if (s) s.stopped = true;
  }

  async dispose(): Promise<void> {
    for (const id of [...this.sessions.keys()]) await this.forget(id);
  }

  private reassembleLater(sessionId: SessionId, s: SessionFlowInfo): void {
    if (s.stopped || this.host.disposed) return;
    const session = this.host.session(sessionId);
    const ip = s.fragments.numbers.length === 0 ? Promise.resolve() : this.reassemble(session, s).catch((e: unknown) => {
      // The pass's other results stay usable; the fragments then show as fragments, as before reassembly.
      if (!s.stopped) console.error(`trawl: IP reassembly of ${sessionId} stopped: ${e instanceof Error ? e.message : String(e)}`);
    });
    if (s.fragments.segments.count === 0) {
      s.reassembled = ip;
      return;
    }
    s.reassembled = ip.then(() => this.desegment(session, s)).catch((e: unknown) => {
      // As above: segments then show alone, as before desegmentation.
      if (!s.stopped) console.error(`trawl: TCP desegmentation of ${sessionId} stopped: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  /**
   * Reads the marked data segments' payloads in order and runs each stream's PDU finder over them, with the
   * TCP analysis's flags (a retransmission is not desegmented). The headers are the pass's (SegmentColumns):
   * nothing is dissected again.
   */
  private async desegment(session: Session, s: SessionFlowInfo): Promise<void> {
    const c = s.fragments.segments;
    const finders = new Map<number, { finder: TcpPduFinder; clientFirst: number }>();
    for (let at = 0; at < c.count && !s.stopped; at += FRAGMENT_BATCH) {
      const end = Math.min(c.count, at + FRAGMENT_BATCH);
      const batch = Array.from(c.number.subarray(at, end));
      let i = at;
      const touched = new Set<TcpPduFinder>();
      await eachPacket(session, batch, (number, bytes) => {
        const slot = i++;
        const stream = c.stream[slot];
        let entry = finders.get(stream);
        if (entry === undefined) finders.set(stream, (entry = { finder: new TcpPduFinder(pduScannerFor(PDU_PROTOCOLS[c.protocol[slot]])), clientFirst: c.srcFirst[slot] }));
        const from = c.payloadOffset[slot];
        const payload = bytes.subarray(from, from + c.capturedLength[slot]);
        const side = c.srcFirst[slot] === entry.clientFirst ? 0 : 1;
        const segment = { packet: number, seq: c.seq[slot], ack: c.ack[slot], flags: c.flags[slot], length: c.payloadLength[slot], payload, analysis: s.tcp.flagsOf(number) };
        touched.add(entry.finder);
        for (const pdu of entry.finder.push(side, segment)) s.pdu.record(pdu);
      });
      // The finders read this batch's bytes in place: what they still hold is copied out, the rest let go.
      for (const finder of touched) finder.settle();
    }
    if (s.stopped) return;
    for (const { finder } of finders.values()) for (const open of finder.unfinished()) s.pdu.recordUnfinished(open.pieces);
  }

  /** Reads every fragment packet in order and records which datagram each belongs to. */
  private async reassemble(session: Session, s: SessionFlowInfo): Promise<void> {
    const defrag = new IpDefragmenter();
    const numbers = s.fragments.numbers;
    for (let at = 0; at < numbers.length && !s.stopped; at += FRAGMENT_BATCH) {
      const batch = numbers.slice(at, at + FRAGMENT_BATCH);
      await eachPacket(session, batch, (number, bytes) => {
        for (const d of defrag.addPacket(flowPacketOfIndexed(session, number, bytes), bytes)) {
          const completing = lastFragment(d.fragments.map((f) => f.number));
          for (const [n, info] of reassemblyInfos(d, completing)) s.ip.set(n, withoutBytes(info));
        }
      });
    }
    s.defragStats = defrag.stats();
  }

  /** The completing packet's info with its datagram put together again from its fragments. */
  private async withDatagram(sessionId: SessionId, info: IpReassemblyInfo): Promise<IpReassemblyInfo> {
    const session = this.host.session(sessionId);
    const frags = [...new Set(info.datagram?.fragments.map((f) => f.number) ?? [])].sort((a, b) => a - b);
    const defrag = new IpDefragmenter();
    let found: IpReassemblyInfo | undefined;
    await eachPacket(session, frags, (number, bytes) => {
      for (const d of defrag.addPacket(flowPacketOfIndexed(session, number, bytes), bytes)) {
        if (d.id === info.id && d.version === info.version && lastFragment(d.fragments.map((f) => f.number)) === info.reassembledIn) {
          found = { ...info, datagram: d };
        }
      }
    });
    return found ?? withoutDatagram(info);
  }
}

/** The protocol a heuristic gave TCP stream `stream` at packet `number` or before (PacketFlowInfo.tcpConversation). */
function conversationOf(s: SessionFlowInfo, stream: number, number: number): PacketFlowInfo['tcpConversation'] {
  const protocols = s.fragments.protocols;
  const protocol = stream >= 0 ? protocols.heuristicOf(stream) : undefined;
  return protocol !== undefined && number >= protocols.fromPacket(stream) ? protocol : undefined;
}

/** Calls `visit` for each packet (1-based numbers, ascending) with a copy of its bytes. */
async function eachPacket(session: Session, numbers: readonly number[], visit: (number: number, bytes: Uint8Array) => void): Promise<void> {
  const indices = numbers.map((n) => n - 1);
  const got = await readPackets(session.fh, session.readPath, session.index, indices);
  for (let k = 0; k < numbers.length; k++) visit(numbers[k], got.bytes.subarray(got.offsets[k], got.offsets[k] + got.caplens[k]));
}

function flowPacketOfIndexed(session: Session, number: number, bytes: Uint8Array) {
  const i = number - 1;
  const index = session.index;
  return flowPacketOf(bytes, { number, sec: index.tsSec(i), nsec: index.tsNsec(i), origlen: index.origlen(i), linkType: index.interfaceOf(i)?.linkType ?? 0xffff });
}

/** The packet that completes a datagram: its last fragment to arrive. */
function lastFragment(numbers: readonly number[]): number {
  return Math.max(...numbers);
}

/** Kept without the datagram's bytes (they are read again when the completing packet is dissected). */
function withoutBytes(info: IpReassemblyInfo): IpReassemblyInfo {
  return info.datagram === undefined ? info : { ...info, datagram: { ...info.datagram, bytes: new Uint8Array(0) } };
}

/** For a path that does not dissect into the datagram: the fragment fields only. */
function withoutDatagram(info: IpReassemblyInfo): IpReassemblyInfo {
  return info.datagram === undefined || info.datagram.bytes.length > 0 ? info : { ...info, datagram: undefined };
}

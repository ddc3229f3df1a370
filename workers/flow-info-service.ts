/**
 * What the flow pass found about each packet, handed back to that packet's dissection (FrameMeta.flow):
 * tcp.stream / udp.stream, TCP sequence analysis (a TcpAnalysisStage runs inside the pass), IP
 * reassembly (fragments are reassembled after the pass, from the packets the pass marked as fragments) and
 * TCP desegmentation of HTTP and TLS streams (after IP reassembly, from the data segments of streams on
 * their ports, read back in order). Info is available for the packets the pass has merged so far; nothing
 * waits for the pass to end.
 *
 * Memory: the analysis keeps about 76 bytes per TCP packet; reassembly keeps one small entry per fragment
 * and per segment of a multi-segment PDU, and no datagram or PDU bytes: what a packet completes is put
 * together again from its fragments or segments when that packet is dissected.
 */
import type { SessionId } from '../core/api';
import type { TcpPduInfo } from '../core/dissect/flow-info-tcp-pdu';
import type { IpReassemblyInfo, PacketFlowInfo } from '../core/dissect/index';
import { flowPacketOf } from '../core/flow/flow-packet';
import { emptyFlowInfoColumns, putTcpAnalysis, type FlowInfoColumns } from '../core/flow/flow-info-columns';
import type { FlowStage } from '../core/flow/flow-pass';
import type { FlowRecords } from '../core/flow/flow-record';
import type { BatchStreams } from '../core/flow/streams';
import { IpDefragmenter, reassemblyInfos, type DefragStats } from '../core/flow/ip-defrag';
import { TcpAnalysisStage } from '../core/flow/tcp-analysis-stage';
import { TcpPduFinder } from '../core/flow/tcp-pdu';
import { assemblePdu, recordPdu, recordUnfinished } from '../core/flow/tcp-pdu-info';
import { pduProtocolOf, pduScannerFor } from '../core/flow/tcp-pdu-scan';
import type { FlowService } from './flow-service';
import { readPackets } from './packet-reader';
import type { EngineService, ServiceHost } from './service-host';
import type { Session } from './session';

/** Fragments and segments are read back this many packets at a time. */
const FRAGMENT_BATCH = 1024;

const FIN = 0x001;

/**
 * Notes, while the pass runs, which packets carry IP fragments and which carry data (or a FIN) in a TCP
 * stream on an HTTP or TLS port; calls `ended` when the pass ends.
 */
class PassMarks implements FlowStage {
  numbers: number[] = [];
  segments: number[] = [];

  constructor(private readonly ended: () => void) {}

  add(r: FlowRecords, streams: BatchStreams): void {
    const tcp = r.tcp;
    for (let k = 0; k < r.count; k++) {
      if (r.fragment[k] === 1) this.numbers.push(r.firstNumber + k);
      const h = tcp.header[k];
      if (h < 0 || streams.tcp[k] < 0 || (tcp.payloadLength[k] <= 0 && (tcp.flags[k] & FIN) === 0)) continue;
      if (pduProtocolOf(r.srcPort[h], r.dstPort[h]) !== undefined) this.segments.push(r.firstNumber + k);
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
  /** Per segment of a multi-segment PDU: where it was reassembled (the completing packet's entry lists the segments). */
  readonly pdu = new Map<number, TcpPduInfo>();
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
    const s = this.sessions.get(sessionId);
    const streams = this.flows.streamsSoFar(sessionId);
    const out: (PacketFlowInfo | undefined)[] = new Array(numbers.length).fill(undefined);
    if (s === undefined || streams === undefined) return out;
    for (let k = 0; k < numbers.length; k++) {
      const n = numbers[k];
      if (!(n >= 1 && n <= streams.packets)) continue;
      const info: PacketFlowInfo = {};
      if (streams.tcp[n - 1] >= 0) info.tcpStream = streams.tcp[n - 1];
      if (streams.udp[n - 1] >= 0) info.udpStream = streams.udp[n - 1];
      const tcp = s.tcp.infoOf(n);
      if (tcp !== undefined) info.tcp = tcp;
      const ip = s.ip.get(n);
      if (ip !== undefined) info.ip = ip.datagram !== undefined && withDatagrams ? await this.withDatagram(sessionId, ip) : withoutDatagram(ip);
      const pdu = s.pdu.get(n);
      if (pdu !== undefined) info.tcpPdu = pdu.pdu !== undefined && withDatagrams ? await this.withPduBytes(sessionId, pdu) : pdu;
      out[k] = info;
    }
    return out;
  }

  /**
   * The same as `infoOf`, packed for a worker (core/flow/flow-info-columns.ts): a page of the list or a
   * filter job carries it as a few typed arrays. Undefined when the pass has nothing for any of them.
   */
  async columnsOf(sessionId: SessionId, numbers: ArrayLike<number>, withDatagrams: boolean): Promise<FlowInfoColumns | undefined> {
    const s = this.sessions.get(sessionId);
    const streams = this.flows.streamsSoFar(sessionId);
    if (s === undefined || streams === undefined || streams.packets === 0) return undefined;
    const c = emptyFlowInfoColumns(numbers.length);
    for (let k = 0; k < numbers.length; k++) {
      const n = numbers[k];
      if (!(n >= 1 && n <= streams.packets)) continue;
      c.tcpStream[k] = streams.tcp[n - 1];
      c.udpStream[k] = streams.udp[n - 1];
      const tcp = s.tcp.infoOf(n);
      if (tcp !== undefined) putTcpAnalysis(c, k, tcp);
      const ip = s.ip.get(n);
      if (ip !== undefined) c.ip[k] = ip.datagram !== undefined && withDatagrams ? await this.withDatagram(sessionId, ip) : withoutDatagram(ip);
      const pdu = s.pdu.get(n);
      if (pdu !== undefined) c.pdu[k] = pdu.pdu !== undefined && withDatagrams ? await this.withPduBytes(sessionId, pdu) : pdu;
    }
    return c;
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
    if (s.fragments.segments.length === 0) {
      s.reassembled = ip;
      return;
    }
    const streams = this.flows.streamsSoFar(sessionId);
    s.reassembled = ip.then(() => this.desegment(session, s, streams?.tcp)).catch((e: unknown) => {
      // As above: segments then show alone, as before desegmentation.
      if (!s.stopped) console.error(`trawl: TCP desegmentation of ${sessionId} stopped: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  /**
   * Reads the marked data segments in order and runs each stream's PDU finder over them, with the TCP
   * analysis's flags (a retransmission is not desegmented).
   */
  private async desegment(session: Session, s: SessionFlowInfo, streams: Int32Array | undefined): Promise<void> {
    if (streams === undefined) return;
    const finders = new Map<number, { finder: TcpPduFinder; client: string }>();
    const numbers = s.fragments.segments;
    for (let at = 0; at < numbers.length && !s.stopped; at += FRAGMENT_BATCH) {
      const batch = numbers.slice(at, at + FRAGMENT_BATCH);
      await eachPacket(session, batch, (number, bytes) => {
        const packet = flowPacketOfIndexed(session, number, bytes);
        const tcp = packet.tcp.find((h) => !h.inError);
        const stream = streams[number - 1];
        const protocol = tcp === undefined ? undefined : pduProtocolOf(tcp.srcPort, tcp.dstPort);
        if (tcp === undefined || stream < 0 || protocol === undefined) return;
        const ip = packet.ips.filter((x) => !x.inError && x.payloadOffset <= tcp.headerOffset).pop();
        const from = `${ip?.src.join('.') ?? ''}:${tcp.srcPort}`;
        let entry = finders.get(stream);
        if (entry === undefined) finders.set(stream, (entry = { finder: new TcpPduFinder(pduScannerFor(protocol)), client: from }));
        const payload = bytes.subarray(tcp.payloadOffset, tcp.payloadOffset + tcp.capturedLength);
        const analysis = s.tcp.infoOf(number)?.flags ?? 0;
        const side = from === entry.client ? 0 : 1;
        for (const pdu of entry.finder.push(side, { packet: number, seq: tcp.seq, ack: tcp.ack, flags: tcp.flags, length: tcp.payloadLength, payload, analysis })) recordPdu(s.pdu, pdu);
      });
    }
    if (s.stopped) return;
    for (const { finder } of finders.values()) for (const open of finder.unfinished()) recordUnfinished(s.pdu, open.pieces);
  }

  /** The completing packet's info with the PDU's bytes read again from its segments. */
  private async withPduBytes(sessionId: SessionId, info: TcpPduInfo): Promise<TcpPduInfo> {
    const pdu = info.pdu;
    if (pdu === undefined) return info;
    const session = this.host.session(sessionId);
    const numbers = [...new Set(pdu.segments.map((x) => x.number))].sort((a, b) => a - b);
    const payloads = new Map<number, Uint8Array>();
    await eachPacket(session, numbers, (number, bytes) => {
      const tcp = flowPacketOfIndexed(session, number, bytes).tcp.find((h) => !h.inError);
      if (tcp !== undefined) payloads.set(number, bytes.slice(tcp.payloadOffset, tcp.payloadOffset + tcp.capturedLength));
    });
    const bytes = assemblePdu(pdu, (n) => payloads.get(n));
    return bytes === undefined ? info : { ...info, pdu: { ...pdu, bytes } };
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

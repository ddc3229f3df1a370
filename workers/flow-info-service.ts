/**
 * What the flow pass found about each packet, handed back to that packet's dissection (FrameMeta.flow):
 * tcp.stream / udp.stream, TCP sequence analysis (a TcpAnalysisStage runs inside the pass) and IP
 * reassembly (fragments are reassembled after the pass, from the packets the pass marked as fragments).
 * Info is available for the packets the pass has merged so far; nothing waits for the pass to end.
 *
 * Memory: the analysis keeps about 76 bytes per TCP packet; reassembly keeps one small entry per fragment
 * and no datagram bytes: the datagram a packet completes is put together again from its fragments when
 * that packet is dissected.
 */
import type { SessionId } from '../core/api';
import type { IpReassemblyInfo, PacketFlowInfo } from '../core/dissect/index';
import { flowPacketOf } from '../core/flow/flow-packet';
import { emptyFlowInfoColumns, putTcpAnalysis, type FlowInfoColumns } from '../core/flow/flow-info-columns';
import type { FlowStage } from '../core/flow/flow-pass';
import type { FlowRecords } from '../core/flow/flow-record';
import { IpDefragmenter, reassemblyInfos, type DefragStats } from '../core/flow/ip-defrag';
import { TcpAnalysisStage } from '../core/flow/tcp-analysis-stage';
import type { FlowService } from './flow-service';
import { readPackets } from './packet-reader';
import type { EngineService, ServiceHost } from './service-host';
import type { Session } from './session';

/** Fragments are read back and reassembled this many packets at a time. */
const FRAGMENT_BATCH = 1024;

/** Notes which packets carry IP fragments while the pass runs; calls `ended` when the pass ends. */
class FragmentMarks implements FlowStage {
  numbers: number[] = [];

  constructor(private readonly ended: () => void) {}

  add(r: FlowRecords): void {
    for (let k = 0; k < r.count; k++) if (r.fragment[k] === 1) this.numbers.push(r.firstNumber + k);
  }

  finish(): void {
    this.ended();
  }
}

class SessionFlowInfo {
  readonly tcp = new TcpAnalysisStage();
  readonly fragments: FragmentMarks;
  /** Per fragment packet: which datagram it belongs to (the completing packet's entry lists the fragments, without bytes). */
  readonly ip = new Map<number, IpReassemblyInfo>();
  defragStats: DefragStats | undefined;
  reassembled: Promise<void> | undefined;
  stopped = false;

  constructor(ended: (s: SessionFlowInfo) => void) {
    this.fragments = new FragmentMarks(() => ended(this));
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
    if (s.stopped || this.host.disposed || s.fragments.numbers.length === 0) return;
    s.reassembled = this.reassemble(this.host.session(sessionId), s).catch((e: unknown) => {
      // The pass's other results stay usable; the fragments then show as fragments, as before reassembly.
      if (!s.stopped) console.error(`trawl: IP reassembly of ${sessionId} stopped: ${e instanceof Error ? e.message : String(e)}`);
    });
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

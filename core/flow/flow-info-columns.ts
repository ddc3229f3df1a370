/**
 * Packets' flow info (PacketFlowInfo) packed into typed arrays, so a page of the list or a filter job ships
 * it to a worker as a few memory blocks instead of one object per packet, and the worker builds each
 * packet's object only while dissecting it. IP reassembly info stays as objects, by index: only the packets
 * of reassembled datagrams have any.
 */
import type { TcpPduInfo, TcpPduSegmentRef } from '../dissect/flow-info-tcp-pdu';
import type { IpReassemblyInfo, PacketFlowInfo, TcpAnalysisInfo } from '../dissect/index';

/** Numbers per packet in `tcp`: the TcpAnalysisInfo fields in this order; NaN in the first = none. */
const TCP_STRIDE = 17;

export interface FlowInfoColumns {
  count: number;
  /** −1: none. */
  tcpStream: Int32Array;
  udpStream: Int32Array;
  /** PacketFlowInfo.tcpConversation per packet: 0 none, else CONVERSATION_CODES' index. */
  tcpConversation: Uint8Array;
  /** PacketFlowInfo.tlsVersion per packet, 0 none. */
  tlsVersion: Uint16Array;
  /** PacketFlowInfo.httpSeen per packet (1 true). */
  httpSeen: Uint8Array;
  tcp: Float64Array;
  /** Index in the batch → reassembly info. */
  ip: Record<number, IpReassemblyInfo>;
  /** TCP PDU info (desegmentation), where any packet of the batch has some. */
  pdu?: PduColumns;
  /**
   * Where the segments of the batch's completing packets keep their TCP payloads in the capture file, so the
   * worker that dissects them puts each PDU together itself (workers/pdu-bytes.ts) instead of the engine's
   * main thread; absent when no PDU's bytes are wanted.
   */
  payloads?: PduPayloads;
}

/** TcpPduInfo of each packet of a batch, packed. */
export interface PduColumns {
  /** The packet that completes the PDU this packet is an earlier segment of; 0: none. */
  reassembledIn: Uint32Array;
  /** Where that PDU (or one never completed) starts in this packet's TCP payload; −1: none. */
  startsAt: Int32Array;
  /** Reassembled length of the PDU this packet completes; −1: none. */
  length: Int32Array;
  /** Where this packet's bytes of that PDU end in its payload (TcpPduInfo.pdu.end); −1: not known. */
  end: Int32Array;
  /** That PDU's segments are `segments[SEGMENT_STRIDE·segStart[k] … SEGMENT_STRIDE·segStart[k + 1])`. */
  segStart: Uint32Array;
  /** Per segment: packet number, offset in the PDU, length, offset in the packet's TCP payload (TcpPduSegmentRef). */
  segments: Uint32Array;
}

const SEGMENT_STRIDE = 4;

/** Packs TcpPduInfo into PduColumns row by row (rows without any stay empty). */
export class PduColumnsBuilder {
  private readonly reassembledIn: Uint32Array;
  private readonly startsAt: Int32Array;
  private readonly length: Int32Array;
  private readonly end: Int32Array;
  private readonly segStart: Uint32Array;
  private readonly segments: number[] = [];
  private any = false;
  private filled = 0;

  constructor(private readonly count: number) {
    this.reassembledIn = new Uint32Array(count);
    this.startsAt = new Int32Array(count).fill(-1);
    this.length = new Int32Array(count).fill(-1);
    this.end = new Int32Array(count).fill(-1);
    this.segStart = new Uint32Array(count + 1);
  }

  /**
   * Packet k's info (rows in ascending k): the packet completing the PDU it is an earlier segment of (0:
   * none), where that PDU starts in its payload (−1: none), and the PDU it completes.
   */
  put(k: number, reassembledIn: number, startsAt: number, pdu: TcpPduInfo['pdu']): void {
    this.fillTo(k);
    this.any = true;
    this.reassembledIn[k] = reassembledIn;
    this.startsAt[k] = startsAt;
    if (pdu !== undefined) {
      this.length[k] = pdu.length;
      this.end[k] = pdu.end ?? -1;
      for (const x of pdu.segments) this.segments.push(x.number, x.offset, x.length, x.from);
    }
    this.segStart[k + 1] = this.segments.length / SEGMENT_STRIDE;
    this.filled = k + 1;
  }

  /** The columns, or undefined when no row got any info. */
  finish(): PduColumns | undefined {
    if (!this.any) return undefined;
    this.fillTo(this.count);
    return { reassembledIn: this.reassembledIn, startsAt: this.startsAt, length: this.length, end: this.end, segStart: this.segStart, segments: Uint32Array.from(this.segments) };
  }

  private fillTo(k: number): void {
    const at = this.segStart[this.filled];
    for (let r = this.filled; r < k; r++) this.segStart[r + 1] = at;
    this.filled = Math.max(this.filled, k);
  }
}

/** Packet k's PDU info, without bytes (undefined: none). */
export function pduInfoAt(p: PduColumns, k: number): TcpPduInfo | undefined {
  const reassembledIn = p.reassembledIn[k];
  const startsAt = p.startsAt[k];
  const length = p.length[k];
  if (reassembledIn === 0 && startsAt < 0 && length < 0) return undefined;
  const info: TcpPduInfo = {};
  if (reassembledIn !== 0) info.reassembledIn = reassembledIn;
  if (startsAt >= 0) info.startsAt = startsAt;
  if (length >= 0) {
    const segments: TcpPduSegmentRef[] = [];
    const s = p.segments;
    for (let i = p.segStart[k] * SEGMENT_STRIDE; i < p.segStart[k + 1] * SEGMENT_STRIDE; i += SEGMENT_STRIDE) {
      segments.push({ number: s[i], offset: s[i + 1], length: s[i + 2], from: s[i + 3] });
    }
    info.pdu = p.end[k] < 0 ? { segments, length } : { segments, length, end: p.end[k] };
  }
  return info;
}

/** Segment i is packet `numbers[i]` (ascending), its captured TCP payload `lengths[i]` bytes at `fileOffsets[i]`. */
export interface PduPayloads {
  numbers: Uint32Array;
  fileOffsets: Float64Array;
  lengths: Uint32Array;
}

export function emptyFlowInfoColumns(count: number): FlowInfoColumns {
  return { count, tcpStream: new Int32Array(count).fill(-1), udpStream: new Int32Array(count).fill(-1), tcpConversation: new Uint8Array(count), tlsVersion: new Uint16Array(count), httpSeen: new Uint8Array(count), tcp: new Float64Array(count * TCP_STRIDE).fill(NaN), ip: {} };
}

/** FlowInfoColumns.tcpConversation's codes. */
export const CONVERSATION_CODES: readonly (PacketFlowInfo['tcpConversation'] | undefined)[] = [undefined, 'http', 'tls'];

/** Stores packet k's TCP analysis. */
export function putTcpAnalysis(c: FlowInfoColumns, k: number, a: TcpAnalysisInfo): void {
  const t = c.tcp;
  let at = k * TCP_STRIDE;
  t[at++] = a.headerOffset;
  t[at++] = a.relSeq;
  t[at++] = a.relAck;
  t[at++] = a.nextSeq;
  t[at++] = a.window;
  t[at++] = a.windowScale;
  t[at++] = a.present ? 1 : 0;
  t[at++] = a.flags;
  t[at++] = a.dupAckNum;
  t[at++] = a.dupAckFrame;
  t[at++] = a.acksFrame;
  t[at++] = a.ackRttNs;
  t[at++] = a.initialRttNs;
  t[at++] = a.bytesInFlight;
  t[at++] = a.pushBytesSent;
  t[at++] = a.rtoNs;
  t[at] = a.rtoFrame;
}

function tcpAnalysisAt(c: FlowInfoColumns, k: number): TcpAnalysisInfo | undefined {
  const t = c.tcp;
  let at = k * TCP_STRIDE;
  if (Number.isNaN(t[at])) return undefined;
  return {
    headerOffset: t[at++],
    relSeq: t[at++],
    relAck: t[at++],
    nextSeq: t[at++],
    window: t[at++],
    windowScale: t[at++],
    present: t[at++] === 1,
    flags: t[at++],
    dupAckNum: t[at++],
    dupAckFrame: t[at++],
    acksFrame: t[at++],
    ackRttNs: t[at++],
    initialRttNs: t[at++],
    bytesInFlight: t[at++],
    pushBytesSent: t[at++],
    rtoNs: t[at++],
    rtoFrame: t[at],
  };
}

/** Puts a completing packet's PDU together (workers/pdu-bytes.ts); undefined when it cannot. */
export type PduBytesOf = (pdu: NonNullable<TcpPduInfo['pdu']>) => Uint8Array | undefined;

/** Packet k's flow info, or undefined when the pass found nothing for it; `pduBytesOf` gives a completing packet its PDU's bytes. */
export function flowInfoAt(c: FlowInfoColumns, k: number, pduBytesOf?: PduBytesOf): PacketFlowInfo | undefined {
  const tcpStream = c.tcpStream[k];
  const udpStream = c.udpStream[k];
  const tcp = tcpAnalysisAt(c, k);
  const ip = c.ip[k];
  const pdu = c.pdu && pduInfoAt(c.pdu, k);
  const conversation = CONVERSATION_CODES[c.tcpConversation[k]];
  if (tcpStream < 0 && udpStream < 0 && tcp === undefined && ip === undefined && pdu === undefined) return undefined;
  const info: PacketFlowInfo = {};
  if (tcpStream >= 0) info.tcpStream = tcpStream;
  if (conversation !== undefined) info.tcpConversation = conversation;
  if (c.tlsVersion[k] !== 0) info.tlsVersion = c.tlsVersion[k];
  if (c.httpSeen[k] === 1) info.httpSeen = true;
  if (udpStream >= 0) info.udpStream = udpStream;
  if (tcp !== undefined) info.tcp = tcp;
  if (ip !== undefined) info.ip = ip;
  if (pdu !== undefined) {
    const bytes = pdu.pdu && pduBytesOf?.(pdu.pdu);
    if (bytes !== undefined && pdu.pdu) pdu.pdu.bytes = bytes;
    info.tcpPdu = pdu;
  }
  return info;
}

/**
 * Packets' flow info (PacketFlowInfo) packed into typed arrays, so a page of the list or a filter job ships
 * it to a worker as a few memory blocks instead of one object per packet, and the worker builds each
 * packet's object only while dissecting it. IP reassembly and TCP PDU info stay as objects, by index: only
 * the packets of reassembled datagrams and multi-segment PDUs have any.
 */
import type { TcpPduInfo } from '../dissect/flow-info-tcp-pdu';
import type { IpReassemblyInfo, PacketFlowInfo, TcpAnalysisInfo } from '../dissect/index';

/** Numbers per packet in `tcp`: the TcpAnalysisInfo fields in this order; NaN in the first = none. */
const TCP_STRIDE = 17;

export interface FlowInfoColumns {
  count: number;
  /** −1: none. */
  tcpStream: Int32Array;
  udpStream: Int32Array;
  tcp: Float64Array;
  /** Index in the batch → reassembly info. */
  ip: Record<number, IpReassemblyInfo>;
  /** Index in the batch → TCP PDU info. */
  pdu: Record<number, TcpPduInfo>;
}

export function emptyFlowInfoColumns(count: number): FlowInfoColumns {
  return { count, tcpStream: new Int32Array(count).fill(-1), udpStream: new Int32Array(count).fill(-1), tcp: new Float64Array(count * TCP_STRIDE).fill(NaN), ip: {}, pdu: {} };
}

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

/** Packet k's flow info, or undefined when the pass found nothing for it. */
export function flowInfoAt(c: FlowInfoColumns, k: number): PacketFlowInfo | undefined {
  const tcpStream = c.tcpStream[k];
  const udpStream = c.udpStream[k];
  const tcp = tcpAnalysisAt(c, k);
  const ip = c.ip[k];
  const pdu = c.pdu[k];
  if (tcpStream < 0 && udpStream < 0 && tcp === undefined && ip === undefined && pdu === undefined) return undefined;
  const info: PacketFlowInfo = {};
  if (tcpStream >= 0) info.tcpStream = tcpStream;
  if (udpStream >= 0) info.udpStream = udpStream;
  if (tcp !== undefined) info.tcp = tcp;
  if (ip !== undefined) info.ip = ip;
  if (pdu !== undefined) info.tcpPdu = pdu;
  return info;
}

/** Packets [a, b) of the columns. */
export function sliceFlowInfoColumns(c: FlowInfoColumns, a: number, b: number): FlowInfoColumns {
  return {
    count: b - a,
    tcpStream: c.tcpStream.slice(a, b),
    udpStream: c.udpStream.slice(a, b),
    tcp: c.tcp.slice(a * TCP_STRIDE, b * TCP_STRIDE),
    ip: sliceByIndex(c.ip, a, b),
    pdu: sliceByIndex(c.pdu, a, b),
  };
}

function sliceByIndex<T>(m: Record<number, T>, a: number, b: number): Record<number, T> {
  const out: Record<number, T> = {};
  for (const key of Object.keys(m)) {
    const k = Number(key);
    if (k >= a && k < b) out[k - a] = m[k];
  }
  return out;
}

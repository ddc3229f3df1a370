/**
 * TCP analysis inside the flow pass: a FlowStage that feeds each packet's first TCP header (outside an ICMP
 * error, whole within the packet) to a TcpAnalyzer with the packet's tcp.stream, and keeps what it finds
 * per packet in typed arrays (about 76 bytes per TCP packet, nothing for others) so the engine can hand
 * each packet's analysis back to its dissection (FrameMeta.flow.tcp) and to display filters.
 */
import type { TcpAnalysisInfo } from '../dissect/flow-info-tcp';
import type { TcpHeaderFact } from '../dissect/flow-observer';
import type { FlowStage } from './flow-pass';
import { HeaderFlag, MAX_SACK_BLOCKS, type FlowRecords } from './flow-record';
import type { BatchStreams } from './streams';
import { emptyInfo, TcpAnalyzer, type TcpSegmentInput } from './tcp-analysis';

/** Growable columns of TcpAnalysisInfo, one slot per analysed packet, slots in packet order. */
class AnalysisColumns {
  size = 0;
  number = new Uint32Array(0);
  headerOffset = new Uint32Array(0);
  relSeq = new Uint32Array(0);
  relAck = new Uint32Array(0);
  nextSeq = new Uint32Array(0);
  window = new Float64Array(0);
  windowScale = new Int8Array(0);
  present = new Uint8Array(0);
  flags = new Uint16Array(0);
  dupAckNum = new Uint32Array(0);
  dupAckFrame = new Uint32Array(0);
  acksFrame = new Uint32Array(0);
  bytesInFlight = new Uint32Array(0);
  pushBytesSent = new Uint32Array(0);
  rtoFrame = new Uint32Array(0);
  ackRttNs = new Float64Array(0);
  initialRttNs = new Float64Array(0);
  rtoNs = new Float64Array(0);

  push(number: number, a: TcpAnalysisInfo): void {
    if (this.size === this.number.length) this.grow(Math.max(1024, this.size * 2));
    const i = this.size++;
    this.number[i] = number;
    this.headerOffset[i] = a.headerOffset;
    this.relSeq[i] = a.relSeq;
    this.relAck[i] = a.relAck;
    this.nextSeq[i] = a.nextSeq;
    this.window[i] = a.window;
    this.windowScale[i] = a.windowScale;
    this.present[i] = a.present ? 1 : 0;
    this.flags[i] = a.flags;
    this.dupAckNum[i] = a.dupAckNum;
    this.dupAckFrame[i] = a.dupAckFrame;
    this.acksFrame[i] = a.acksFrame;
    this.bytesInFlight[i] = a.bytesInFlight;
    this.pushBytesSent[i] = a.pushBytesSent;
    this.rtoFrame[i] = a.rtoFrame;
    this.ackRttNs[i] = a.ackRttNs;
    this.initialRttNs[i] = a.initialRttNs;
    this.rtoNs[i] = a.rtoNs;
  }

  /** Slot i's analysis written into `out`. */
  into(i: number, out: TcpAnalysisInfo): TcpAnalysisInfo {
    out.headerOffset = this.headerOffset[i];
    out.relSeq = this.relSeq[i];
    out.relAck = this.relAck[i];
    out.nextSeq = this.nextSeq[i];
    out.window = this.window[i];
    out.windowScale = this.windowScale[i];
    out.present = this.present[i] === 1;
    out.flags = this.flags[i];
    out.dupAckNum = this.dupAckNum[i];
    out.dupAckFrame = this.dupAckFrame[i];
    out.acksFrame = this.acksFrame[i];
    out.ackRttNs = this.ackRttNs[i];
    out.initialRttNs = this.initialRttNs[i];
    out.bytesInFlight = this.bytesInFlight[i];
    out.pushBytesSent = this.pushBytesSent[i];
    out.rtoNs = this.rtoNs[i];
    out.rtoFrame = this.rtoFrame[i];
    return out;
  }

  private grow(cap: number): void {
    this.number = grown(this.number, cap);
    this.headerOffset = grown(this.headerOffset, cap);
    this.relSeq = grown(this.relSeq, cap);
    this.relAck = grown(this.relAck, cap);
    this.nextSeq = grown(this.nextSeq, cap);
    this.window = grown(this.window, cap);
    this.windowScale = grown(this.windowScale, cap);
    this.present = grown(this.present, cap);
    this.flags = grown(this.flags, cap);
    this.dupAckNum = grown(this.dupAckNum, cap);
    this.dupAckFrame = grown(this.dupAckFrame, cap);
    this.acksFrame = grown(this.acksFrame, cap);
    this.bytesInFlight = grown(this.bytesInFlight, cap);
    this.pushBytesSent = grown(this.pushBytesSent, cap);
    this.rtoFrame = grown(this.rtoFrame, cap);
    this.ackRttNs = grown(this.ackRttNs, cap);
    this.initialRttNs = grown(this.initialRttNs, cap);
    this.rtoNs = grown(this.rtoNs, cap);
  }
}

type Column = Uint32Array | Uint16Array | Uint8Array | Int8Array | Int32Array | Float64Array;

/** A copy of `a` with room for `cap` values. */
function grown<T extends Column>(a: T, cap: number): T {
  const next = new (a.constructor as new (n: number) => T)(cap);
  next.set(a as never);
  return next;
}

/** Bytes of one slot across the columns. */
const BYTES_PER_SLOT = 4 * 11 + 8 * 4 + 1 + 1 + 2;

export class TcpAnalysisStage implements FlowStage {
  private readonly analyzer = new TcpAnalyzer();
  private readonly columns = new AnalysisColumns();
  /** Per packet (index number − 1): its slot, or −1 when it has no analysed TCP header. */
  private slotOf = new Int32Array(1024);
  private packets = 0;
  /** One segment's input, refilled for each (the analyzer keeps none of it). */
  private readonly input: TcpSegmentInput = { number: 0, sec: 0, nsec: 0, stream: 0, src: new Uint8Array(4), dst: new Uint8Array(4), tcp: emptyFact() };
  /** One segment's result, refilled for each and copied into the columns at once. */
  private readonly info = emptyInfo();
  private readonly src4 = new Uint8Array(4);
  private readonly dst4 = new Uint8Array(4);
  private readonly src16 = new Uint8Array(16);
  private readonly dst16 = new Uint8Array(16);

  add(r: FlowRecords, streams: BatchStreams): void {
    if (this.packets + r.count > this.slotOf.length) {
      const next = new Int32Array(Math.max(this.packets + r.count, this.slotOf.length * 2));
      next.set(this.slotOf.subarray(0, this.packets));
      this.slotOf = next;
    }
    const c = r.tcp;
    for (let k = 0; k < r.count; k++) {
      const h = c.header[k];
      const stream = streams.tcp[k];
      const index = this.packets + k;
      if (h < 0 || stream < 0 || (r.flags[h] & HeaderFlag.tcpComplete) === 0) {
        this.slotOf[index] = -1;
        continue;
      }
      const number = r.firstNumber + k;
      const input = this.input;
      input.number = number;
      input.sec = r.sec[k];
      input.nsec = r.nsec[k];
      input.stream = stream;
      const len = r.addrLen[h];
      input.src = len === 4 ? this.src4 : len === 16 ? this.src16 : new Uint8Array(len);
      input.dst = len === 4 ? this.dst4 : len === 16 ? this.dst16 : new Uint8Array(len);
      const at = r.addr[h];
      for (let i = 0; i < len; i++) {
        input.src[i] = r.addrBytes[at + i];
        input.dst[i] = r.addrBytes[at + len + i];
      }
      fillTcpFact(input.tcp, r, k, h);
      const info = this.analyzer.addInto(input, this.info);
      this.slotOf[index] = this.columns.size;
      this.columns.push(number, info);
    }
    this.packets += r.count;
  }

  finish(): void {}

  /** The analysis of packet `number` (1-based), if it has one. */
  infoOf(number: number): TcpAnalysisInfo | undefined {
    const slot = this.slotOfPacket(number);
    return slot < 0 ? undefined : this.columns.into(slot, emptyInfo());
  }

  /** A TcpAnalysisInfo for `infoInto` to fill again and again (a caller that copies the values out at once). */
  readonly scratch: TcpAnalysisInfo = emptyInfo();

  /** The same as `infoOf` without an object per packet: writes the analysis into `out`; false when there is none. */
  infoInto(number: number, out: TcpAnalysisInfo): boolean {
    const slot = this.slotOfPacket(number);
    if (slot < 0) return false;
    this.columns.into(slot, out);
    return true;
  }

  private slotOfPacket(number: number): number {
    const i = number - 1;
    return i < 0 || i >= this.packets ? -1 : this.slotOf[i];
  }

  /** The analysis flags (TCP_A) of packet `number`, 0 when it has no analysis: infoOf's `flags` without its object. */
  flagsOf(number: number): number {
    const slot = this.slotOfPacket(number);
    return slot < 0 ? 0 : this.columns.flags[slot];
  }

  /** Bytes held, for the memory report. */
  get memoryBytes(): number {
    return this.slotOf.byteLength + this.columns.number.length * BYTES_PER_SLOT;
  }
}

/** A TcpHeaderFact to fill. */
function emptyFact(): TcpHeaderFact {
  return {
    srcPort: 0,
    dstPort: 0,
    seq: 0,
    ack: 0,
    flags: 0,
    window: 0,
    headerLength: 0,
    headerOffset: 0,
    payloadOffset: 0,
    payloadLength: 0,
    capturedLength: 0,
    mss: -1,
    windowScale: -1,
    sackPermitted: false,
    sack: [],
    tsval: -1,
    tsecr: -1,
    inError: false,
  };
}

/** SACK edge lists by block count, refilled for each segment (the analyzer copies what it keeps). */
const SACK_EDGES: number[][] = Array.from({ length: MAX_SACK_BLOCKS + 1 }, (_, n) => new Array<number>(2 * n).fill(0));

/** Fills `f` with packet k's first non-error TCP header (header index h) from the batch's columns. */
function fillTcpFact(f: TcpHeaderFact, r: FlowRecords, k: number, h: number): void {
  const c = r.tcp;
  f.srcPort = r.srcPort[h];
  f.dstPort = r.dstPort[h];
  f.seq = c.seq[k];
  f.ack = c.ack[k];
  f.flags = c.flags[k];
  f.window = c.window[k];
  f.headerLength = c.headerLength[k];
  f.headerOffset = c.headerOffset[k];
  f.payloadOffset = c.payloadOffset[k];
  f.payloadLength = c.payloadLength[k];
  f.capturedLength = c.capturedLength[k];
  f.mss = c.mss[k];
  f.windowScale = c.windowScale[k];
  f.sackPermitted = c.sackPermitted[k] === 1;
  const base = k * MAX_SACK_BLOCKS * 2;
  const count = c.sackCount[k];
  const sack = SACK_EDGES[count];
  for (let i = 0; i < 2 * count; i++) sack[i] = c.sack[base + i];
  f.sack = sack;
  f.tsval = c.tsval[k];
  f.tsecr = c.tsecr[k];
}

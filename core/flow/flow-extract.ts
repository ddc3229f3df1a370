/**
 * The parallel half of the flow pass in one step: dissect each packet for its flow facts (observeFlows,
 * which stops after the transport header unless a tunnel follows) and write what the dissectors report
 * straight into a FlowRecords batch's columns — no FlowPacket objects, no address copies besides the batch's
 * own. `encodeFlowPackets(packets.map(flowPacketOf))` gives the same batch up to the order of headers within
 * a packet (flow-extract.test.ts checks that over the corpus). Common shapes (Ethernet/IP/TCP or UDP) skip the
 * chain: flow-fast-path.ts writes the same columns from the bytes (its test compares the two paths).
 */
import { observeFlows } from '../dissect/index';
import type { FlowObserver, IpFragmentFact, IpHeaderFact, LinkHeaderFact, TcpHeaderFact, UdpHeaderFact } from '../dissect/index';
import { serverHelloVersionAt } from '../dissect/protocols/tls';
import { FlowFastPath } from './flow-fast-path';
import { FlowRecordWriter, HeaderKind, type FlowRecords } from './flow-record';
import { PAYLOAD_START, payloadStartOf } from './tcp-pdu-scan';

/** One packet's frame facts (its captured bytes go alongside). */
export interface FlowFrameMeta {
  sec: number;
  nsec: number;
  /** Original (wire) length. */
  origlen: number;
  linkType: number;
}

/** Hears one packet's headers at a time and writes them as packet `k` of the writer's batch. */
class RecordObserver implements FlowObserver {
  k = 0;
  /** The packet carries an IP fragment outside an ICMP error. */
  private hasFragment = false;
  /** The packet's IP headers so far: offset in the frame and header index in the batch. */
  private ipOffsets = new Int32Array(8);
  private ipHeaders = new Int32Array(8);
  private ips = 0;
  /** The first TCP header outside an ICMP error: its options are read after it is reported. */
  private firstTcp: TcpHeaderFact | undefined;
  private firstTcpHeader = -1;
  private udpSeen = false;

  constructor(private readonly w: FlowRecordWriter) {}

  begin(k: number): void {
    this.k = k;
    this.hasFragment = false;
    this.ips = 0;
    this.firstTcp = undefined;
    this.firstTcpHeader = -1;
    this.udpSeen = false;
  }

  /** After the packet's dissection returned: the first TCP header's options are complete now. */
  end(malformed: boolean): void {
    if (this.firstTcp !== undefined) this.w.setTcp(this.k, this.firstTcpHeader, this.firstTcp, true);
    this.w.endPacket(this.k, malformed, this.hasFragment);
  }

  link(h: LinkHeaderFact): void {
    this.w.pushAddressed(HeaderKind.eth, h.inError, h.src, h.dst);
  }

  ip(h: IpHeaderFact): void {
    const header = this.w.pushAddressed(h.version === 4 ? HeaderKind.ipv4 : HeaderKind.ipv6, h.inError, h.src, h.dst);
    if (this.ips === this.ipOffsets.length) {
      this.ipOffsets = grownInt32(this.ipOffsets);
      this.ipHeaders = grownInt32(this.ipHeaders);
    }
    this.ipOffsets[this.ips] = h.headerOffset;
    this.ipHeaders[this.ips++] = header;
  }

  fragment(f: IpFragmentFact): void {
    if (!f.inError) this.hasFragment = true;
  }

  tcp(h: TcpHeaderFact): void {
    const at = this.w.pushTransport(HeaderKind.tcp, h.inError, this.enclosingIp(h.headerOffset), h.srcPort, h.dstPort, h.endpoints);
    if (!h.inError && this.firstTcp === undefined) {
      this.firstTcp = h;
      this.firstTcpHeader = at;
    } else this.w.setTcp(this.k, at, h, false);
  }

  udp(h: UdpHeaderFact): void {
    const at = this.w.pushTransport(HeaderKind.udp, h.inError, this.enclosingIp(h.headerOffset), h.srcPort, h.dstPort, h.endpoints);
    if (!h.inError && !this.udpSeen) {
      this.udpSeen = true;
      this.w.setUdp(this.k, at, h);
    }
  }

  /** The innermost IP header before `offset`: the one that carries the transport header there. */
  private enclosingIp(offset: number): number {
    let best = -1;
    for (let i = 0; i < this.ips; i++) {
      const at = this.ipOffsets[i];
      if (at < offset && (best < 0 || at > this.ipOffsets[best])) best = i;
    }
    return best < 0 ? -1 : this.ipHeaders[best];
  }
}

function grownInt32(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Streaming extraction of packets of consecutive numbers (the first is `firstNumber`), at most `expected` of them. */
export class FlowExtractor {
  private readonly w: FlowRecordWriter;
  private readonly observer: RecordObserver;
  /** Undefined: every packet takes the dissector chain (the fast path's test compares the two). */
  private readonly fast: FlowFastPath | undefined;
  private n = 0;
  private fastTaken = 0;

  constructor(
    firstNumber: number,
    private readonly expected: number,
    options: { fastPath?: boolean } = {},
  ) {
    this.w = new FlowRecordWriter(firstNumber, expected, Math.max(16, expected * 4));
    this.observer = new RecordObserver(this.w);
    this.fast = options.fastPath === false ? undefined : new FlowFastPath(this.w);
  }

  /** The next packet: its captured bytes and frame facts. */
  add(bytes: Uint8Array, meta: FlowFrameMeta): void {
    if (this.n >= this.expected) throw new RangeError(`FlowExtractor sized for ${this.expected} packets got one more`);
    const k = this.n++;
    // The common shapes are read straight from the bytes (flow-fast-path.ts); it declines the rest unwritten.
    if (this.fast !== undefined && this.fast.add(k, bytes, meta.linkType, meta.sec, meta.nsec, meta.origlen)) {
      this.fastTaken++;
    } else {
      this.w.beginPacket(k, meta.sec, meta.nsec, bytes.length, meta.origlen);
      this.observer.begin(k);
      const malformed = observeFlows(meta.linkType, bytes, Math.max(meta.origlen, bytes.length), this.observer);
      this.observer.end(malformed);
    }
    const tcp = this.w.r.tcp;
    if (tcp.header[k] >= 0) {
      const h = tcp.header[k];
      const start = payloadStartOf(bytes, tcp.payloadOffset[k], tcp.capturedLength[k], this.w.r.srcPort[h], this.w.r.dstPort[h]);
      tcp.payloadStart[k] = start;
      if (start === PAYLOAD_START.tls) tcp.tlsServerVersion[k] = serverHelloVersionAt(bytes, tcp.payloadOffset[k], tcp.capturedLength[k]);
    }
  }

  /** How many of the packets added the fast path wrote (the others took the dissector chain). */
  get fastPackets(): number {
    return this.fastTaken;
  }

  /** The batch (count = packets added). */
  finish(): FlowRecords {
    return this.w.finish(this.n);
  }
}

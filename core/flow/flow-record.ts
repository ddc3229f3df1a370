/**
 * A compact, columnar form of a run of FlowPackets: typed arrays only, so a filter worker can ship the
 * flow facts of thousands of packets to the engine's sequential stage in one message (structured clone
 * copies typed arrays as memory blocks; no per-packet objects). The sequential stage (stream numbering,
 * conversations, TCP analysis) reads these columns directly.
 *
 * Layout: per packet (index k of the batch, packet number firstNumber + k) its frame facts; per header
 * (every eth, IPv4/IPv6, TCP and UDP header of every packet, in layer order, `headerStart[k]` ..
 * `headerStart[k+1]`) its kind, addresses, ports and the TCP seq/flags stream numbering needs; and per
 * packet the full scalars of its first non-error TCP header (for TCP analysis) and its first UDP header's
 * payload.
 */
import type { MovedEndpoints, TcpHeaderFact, UdpHeaderFact } from '../dissect/flow-observer';
import type { FlowPacket } from './flow-packet';

/** Header kinds in a batch, and their metadata. */
export const HeaderKind = { eth: 1, ipv4: 2, ipv6: 3, tcp: 4, udp: 5 } as const;
export type HeaderKind = (typeof HeaderKind)[keyof typeof HeaderKind];

/** Per-header flag bits. */
export const HeaderFlag = {
  /** Inside the packet an ICMP/ICMPv6 error quotes: gets a stream number, counts in no conversation. */
  inError: 1,
  /** TCP only: the header's whole length lies within the reported packet, so tshark runs sequence analysis on it. */
  tcpComplete: 2,
  /** TCP/UDP only: no IP header encloses it (no addresses): it gets no stream. */
  noAddress: 4,
} as const;

export const MAX_SACK_BLOCKS = 4;

/** The per-packet TCP scalars of the packet's first TCP header outside an ICMP error (`tcpHeader[k]` ≥ 0). */
export interface TcpColumns {
  /** Index of that header in the batch's header columns, or −1: the packet has none. */
  header: Int32Array;
  seq: Uint32Array;
  ack: Uint32Array;
  flags: Uint16Array;
  window: Uint16Array;
  headerOffset: Uint32Array;
  headerLength: Uint16Array;
  payloadOffset: Uint32Array;
  payloadLength: Int32Array;
  capturedLength: Int32Array;
  /** −1 when the option is absent. */
  mss: Int32Array;
  windowScale: Int16Array;
  sackPermitted: Uint8Array;
  /** SACK blocks in this packet (≤ MAX_SACK_BLOCKS) and their edges, left, right … (MAX_SACK_BLOCKS × 2 per packet). */
  sackCount: Uint8Array;
  sack: Uint32Array;
  /** Timestamp option values, −1 when absent. */
  tsval: Float64Array;
  tsecr: Float64Array;
  /**
   * What the captured payload starts like (tcp-pdu-scan.ts PAYLOAD_START: a TLS record on any port; on
   * HTTP's ports a request line; elsewhere, where no dissector claims a port, Wireshark's HTTP/1.1 line
   * heuristic; 0 none of these): PduStreamProtocols makes a stream TLS or HTTP from its first such segment
   * and notes which streams carried a request. Set by FlowExtractor from the bytes; 0 in batches encoded
   * from FlowPackets.
   */
  payloadStart: Uint8Array;
  /** The version a Server Hello at the payload's start negotiates (tls.ts serverHelloVersionAt), 0 none; FlowExtractor sets it. */
  tlsServerVersion: Uint16Array;
}

/** Payload of the packet's first UDP header outside an ICMP error (`header[k]` ≥ 0). */
export interface UdpColumns {
  header: Int32Array;
  payloadOffset: Uint32Array;
  payloadLength: Int32Array;
  capturedLength: Int32Array;
}

export interface FlowRecords {
  firstNumber: number;
  count: number;
  // Per packet.
  sec: Float64Array;
  nsec: Uint32Array;
  caplen: Uint32Array;
  origlen: Uint32Array;
  malformed: Uint8Array;
  /** 1 when the packet carries an IP fragment outside an ICMP error (the flow engine reassembles those afterwards). */
  fragment: Uint8Array;
  /** Headers of packet k are [headerStart[k], headerStart[k + 1]). Length count + 1. */
  headerStart: Uint32Array;
  // Per header.
  kind: Uint8Array;
  flags: Uint8Array;
  /** Source address at addrBytes[addr, addr + addrLen), destination right after. TCP/UDP: their IP header's. */
  addr: Uint32Array;
  addrLen: Uint8Array;
  srcPort: Uint16Array;
  dstPort: Uint16Array;
  /** TCP raw sequence and acknowledgement numbers and flag bits (0 for other kinds). */
  seq: Uint32Array;
  ack: Uint32Array;
  tcpFlags: Uint16Array;
  addrBytes: Uint8Array;
  tcp: TcpColumns;
  udp: UdpColumns;
}

/**
 * Writes packets into a batch's columns, one packet at a time (`beginPacket`, its headers, `endPacket`),
 * growing the header columns as it needs. Used by `FlowRecordEncoder` (from FlowPackets) and by the flow
 * pass's observer (core/flow/flow-extract.ts), which writes straight from the dissectors' reports.
 */
export class FlowRecordWriter {
  private headers = 0;
  private addrUsed = 0;
  readonly r: FlowRecords;

  constructor(firstNumber: number, n: number, headerCap: number) {
    this.r = emptyRecords(firstNumber, n, headerCap, headerCap * 10);
  }

  beginPacket(k: number, sec: number, nsec: number, caplen: number, origlen: number): void {
    const r = this.r;
    r.sec[k] = sec;
    r.nsec[k] = nsec;
    r.caplen[k] = caplen;
    r.origlen[k] = origlen;
    r.fragment[k] = 0;
    r.headerStart[k] = this.headers;
    r.tcp.header[k] = -1;
    r.tcp.payloadStart[k] = 0;
    r.tcp.tlsServerVersion[k] = 0;
    r.udp.header[k] = -1;
  }

  endPacket(k: number, malformed: boolean, fragment: boolean): void {
    this.r.malformed[k] = malformed ? 1 : 0;
    this.r.fragment[k] = fragment ? 1 : 0;
    this.r.headerStart[k + 1] = this.headers;
  }

  /** An eth or IP header: its addresses are copied into the batch. Returns the header's index. */
  pushAddressed(kind: HeaderKind, inError: boolean, src: Uint8Array, dst: Uint8Array): number {
    const h = this.pushHeader(kind, inError, 0, 0);
    this.writeAddresses(h, src, dst);
    return h;
  }

  /** Copies header h's own addresses into the batch. */
  private writeAddresses(h: number, src: Uint8Array, dst: Uint8Array): void {
    const len = src.length;
    if (this.addrUsed + 2 * len > this.r.addrBytes.length) this.growAddr(2 * len);
    const r = this.r;
    const at = this.addrUsed;
    r.addr[h] = at;
    r.addrLen[h] = len;
    // A loop: for 4 to 16 bytes it beats two `set` calls (bench/flows).
    const out = r.addrBytes;
    for (let i = 0; i < len; i++) {
      out[at + i] = src[i];
      out[at + len + i] = dst[i];
    }
    this.addrUsed = at + 2 * len;
  }

  /**
   * A TCP or UDP header carried by header `ip` (an index `pushAddressed` returned, −1 for none): it shares
   * that header's addresses, unless `moved` names others of the same length (an IPv6 routing header's final
   * destination, a home address option's source), which are then its own. Returns the header's index.
   */
  pushTransport(kind: HeaderKind, inError: boolean, ip: number, sport: number, dport: number, moved?: MovedEndpoints): number {
    const h = this.pushHeader(kind, inError, sport, dport);
    const r = this.r;
    if (ip < 0) {
      r.flags[h] |= HeaderFlag.noAddress;
      r.addr[h] = this.addrUsed;
      r.addrLen[h] = 0;
    } else if (moved !== undefined && moved.src.length === r.addrLen[ip] && moved.dst.length === r.addrLen[ip]) {
      this.writeAddresses(h, moved.src, moved.dst);
    } else {
      r.addr[h] = r.addr[ip];
      r.addrLen[h] = r.addrLen[ip];
    }
    return h;
  }

  /** A TCP header's numbers (after `pushTransport`); `first`: it is the packet's first outside an ICMP error, kept in full. */
  setTcp(k: number, h: number, t: TcpHeaderFact, first: boolean): void {
    const r = this.r;
    r.seq[h] = t.seq >>> 0;
    r.ack[h] = t.ack >>> 0;
    r.tcpFlags[h] = t.flags;
    if (t.payloadLength >= 0 && t.payloadOffset - t.headerOffset >= t.headerLength && t.headerLength >= 20) r.flags[h] |= HeaderFlag.tcpComplete;
    if (first) {
      r.tcp.header[k] = h;
      writeTcp(r.tcp, k, t);
    }
  }

  /** The packet's first UDP header outside an ICMP error. */
  setUdp(k: number, h: number, u: UdpHeaderFact): void {
    const c = this.r.udp;
    c.header[k] = h;
    c.payloadOffset[k] = u.payloadOffset;
    c.payloadLength[k] = u.payloadLength;
    c.capturedLength[k] = u.capturedLength;
  }

  /** The batch of the first `packets` packets written, its header columns cut to what was used. */
  finish(packets = this.r.count): FlowRecords {
    const r = this.r;
    const n = this.headers;
    const all: FlowRecords = {
      ...r,
      kind: r.kind.slice(0, n),
      flags: r.flags.slice(0, n),
      addr: r.addr.slice(0, n),
      addrLen: r.addrLen.slice(0, n),
      srcPort: r.srcPort.slice(0, n),
      dstPort: r.dstPort.slice(0, n),
      seq: r.seq.slice(0, n),
      ack: r.ack.slice(0, n),
      tcpFlags: r.tcpFlags.slice(0, n),
      addrBytes: r.addrBytes.slice(0, this.addrUsed),
    };
    return packets === r.count ? all : truncate(all, packets);
  }

  private pushHeader(kind: HeaderKind, inError: boolean, sport: number, dport: number): number {
    const h = this.headers++;
    if (h >= this.r.kind.length) this.growHeaders();
    const r = this.r;
    r.kind[h] = kind;
    r.flags[h] = inError ? HeaderFlag.inError : 0;
    r.srcPort[h] = sport;
    r.dstPort[h] = dport;
    r.seq[h] = 0;
    r.ack[h] = 0;
    r.tcpFlags[h] = 0;
    return h;
  }

  private growHeaders(): void {
    const r = this.r as { -readonly [K in keyof FlowRecords]: FlowRecords[K] };
    const cap = r.kind.length * 2 + 16;
    r.kind = grown(r.kind, cap);
    r.flags = grown(r.flags, cap);
    r.addr = grown(r.addr, cap);
    r.addrLen = grown(r.addrLen, cap);
    r.srcPort = grown(r.srcPort, cap);
    r.dstPort = grown(r.dstPort, cap);
    r.seq = grown(r.seq, cap);
    r.ack = grown(r.ack, cap);
    r.tcpFlags = grown(r.tcpFlags, cap);
  }

  private growAddr(need: number): void {
    const r = this.r as { addrBytes: Uint8Array };
    r.addrBytes = grown(r.addrBytes, Math.max(r.addrBytes.length * 2, this.addrUsed + need));
  }
}

/** Writes one FlowPacket (links, IP headers, then TCP and UDP headers, each with its enclosing IP header's addresses). */
function writePacket(w: FlowRecordWriter, k: number, p: FlowPacket): void {
  w.beginPacket(k, p.sec, p.nsec, p.caplen, p.origlen);
  for (const l of p.links) w.pushAddressed(HeaderKind.eth, l.inError, l.src, l.dst);
  const ipHeaders = p.ips.map((ip) => w.pushAddressed(ip.version === 4 ? HeaderKind.ipv4 : HeaderKind.ipv6, ip.inError, ip.src, ip.dst));
  let firstTcp = true;
  for (const t of p.tcp) {
    const h = w.pushTransport(HeaderKind.tcp, t.inError, enclosingIp(p, ipHeaders, t.headerOffset), t.srcPort, t.dstPort, t.endpoints);
    const first = firstTcp && !t.inError;
    if (first) firstTcp = false;
    w.setTcp(k, h, t, first);
  }
  let firstUdp = true;
  for (const u of p.udp) {
    const h = w.pushTransport(HeaderKind.udp, u.inError, enclosingIp(p, ipHeaders, u.headerOffset), u.srcPort, u.dstPort, u.endpoints);
    if (firstUdp && !u.inError) {
      firstUdp = false;
      w.setUdp(k, h, u);
    }
  }
  w.endPacket(k, p.malformed, p.fragments.some((f) => !f.inError));
}

function grown<T extends Uint8Array | Uint16Array | Uint32Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

/** The header index of the innermost IP header before `offset` (the one that carries a transport header at `offset`), −1 none. */
function enclosingIp(p: FlowPacket, headers: readonly number[], offset: number): number {
  let best = -1;
  for (let i = 0; i < p.ips.length; i++) {
    const at = p.ips[i].headerOffset;
    if (at < offset && (best < 0 || at > p.ips[best].headerOffset)) best = i;
  }
  return best < 0 ? -1 : headers[best];
}

function writeTcp(c: TcpColumns, k: number, t: TcpHeaderFact): void {
  c.seq[k] = t.seq >>> 0;
  c.ack[k] = t.ack >>> 0;
  c.flags[k] = t.flags;
  c.window[k] = t.window;
  c.headerOffset[k] = t.headerOffset;
  c.headerLength[k] = t.headerLength;
  c.payloadOffset[k] = t.payloadOffset;
  c.payloadLength[k] = t.payloadLength;
  c.capturedLength[k] = t.capturedLength;
  c.mss[k] = t.mss;
  c.windowScale[k] = t.windowScale;
  c.sackPermitted[k] = t.sackPermitted ? 1 : 0;
  const blocks = Math.min(MAX_SACK_BLOCKS, t.sack.length >> 1);
  c.sackCount[k] = blocks;
  for (let i = 0; i < blocks * 2; i++) c.sack[k * MAX_SACK_BLOCKS * 2 + i] = t.sack[i] >>> 0;
  c.tsval[k] = t.tsval;
  c.tsecr[k] = t.tsecr;
}

function emptyRecords(firstNumber: number, n: number, headerCap: number, addrCap: number): FlowRecords {
  return {
    firstNumber,
    count: n,
    sec: new Float64Array(n),
    nsec: new Uint32Array(n),
    caplen: new Uint32Array(n),
    origlen: new Uint32Array(n),
    malformed: new Uint8Array(n),
    fragment: new Uint8Array(n),
    headerStart: new Uint32Array(n + 1),
    kind: new Uint8Array(headerCap),
    flags: new Uint8Array(headerCap),
    addr: new Uint32Array(headerCap),
    addrLen: new Uint8Array(headerCap),
    srcPort: new Uint16Array(headerCap),
    dstPort: new Uint16Array(headerCap),
    seq: new Uint32Array(headerCap),
    ack: new Uint32Array(headerCap),
    tcpFlags: new Uint16Array(headerCap),
    addrBytes: new Uint8Array(addrCap),
    tcp: {
      header: new Int32Array(n),
      seq: new Uint32Array(n),
      ack: new Uint32Array(n),
      flags: new Uint16Array(n),
      window: new Uint16Array(n),
      headerOffset: new Uint32Array(n),
      headerLength: new Uint16Array(n),
      payloadOffset: new Uint32Array(n),
      payloadLength: new Int32Array(n),
      capturedLength: new Int32Array(n),
      mss: new Int32Array(n),
      windowScale: new Int16Array(n),
      sackPermitted: new Uint8Array(n),
      sackCount: new Uint8Array(n),
      sack: new Uint32Array(n * MAX_SACK_BLOCKS * 2),
      tsval: new Float64Array(n),
      tsecr: new Float64Array(n),
      payloadStart: new Uint8Array(n),
      tlsServerVersion: new Uint16Array(n),
    },
    udp: {
      header: new Int32Array(n),
      payloadOffset: new Uint32Array(n),
      payloadLength: new Int32Array(n),
      capturedLength: new Int32Array(n),
    },
  };
}

/**
 * Streaming encoder: `add` FlowPackets of consecutive numbers (the first is `firstNumber`), then `finish`.
 * `expected` sizes the per-packet columns (no more packets than that may be added).
 */
export class FlowRecordEncoder {
  private readonly w: FlowRecordWriter;
  private n = 0;

  constructor(
    firstNumber: number,
    private readonly expected: number,
  ) {
    this.w = new FlowRecordWriter(firstNumber, expected, Math.max(16, expected * 4));
  }

  add(p: FlowPacket): void {
    if (this.n >= this.expected) throw new RangeError(`FlowRecordEncoder sized for ${this.expected} packets got one more`);
    writePacket(this.w, this.n++, p);
  }

  /** The batch (count = packets added). */
  finish(): FlowRecords {
    return this.w.finish(this.n);
  }
}

/** Encode FlowPackets of consecutive numbers. */
export function encodeFlowPackets(packets: readonly FlowPacket[]): FlowRecords {
  const enc = new FlowRecordEncoder(packets[0]?.number ?? 1, packets.length);
  for (const p of packets) enc.add(p);
  return enc.finish();
}

/** The first n packets of a batch (a cancelled scan returns what it did). */
function truncate(r: FlowRecords, n: number): FlowRecords {
  const hs = r.headerStart[n];
  const cut = <T extends { slice(a: number, b: number): T }>(a: T, m = n): T => a.slice(0, m);
  const sackCut = n * MAX_SACK_BLOCKS * 2;
  return {
    ...r,
    count: n,
    sec: cut(r.sec),
    nsec: cut(r.nsec),
    caplen: cut(r.caplen),
    origlen: cut(r.origlen),
    malformed: cut(r.malformed),
    fragment: cut(r.fragment),
    headerStart: cut(r.headerStart, n + 1),
    kind: cut(r.kind, hs),
    flags: cut(r.flags, hs),
    addr: cut(r.addr, hs),
    addrLen: cut(r.addrLen, hs),
    srcPort: cut(r.srcPort, hs),
    dstPort: cut(r.dstPort, hs),
    seq: cut(r.seq, hs),
    ack: cut(r.ack, hs),
    tcpFlags: cut(r.tcpFlags, hs),
    tcp: {
      header: cut(r.tcp.header),
      seq: cut(r.tcp.seq),
      ack: cut(r.tcp.ack),
      flags: cut(r.tcp.flags),
      window: cut(r.tcp.window),
      headerOffset: cut(r.tcp.headerOffset),
      headerLength: cut(r.tcp.headerLength),
      payloadOffset: cut(r.tcp.payloadOffset),
      payloadLength: cut(r.tcp.payloadLength),
      capturedLength: cut(r.tcp.capturedLength),
      mss: cut(r.tcp.mss),
      windowScale: cut(r.tcp.windowScale),
      sackPermitted: cut(r.tcp.sackPermitted),
      sackCount: cut(r.tcp.sackCount),
      sack: cut(r.tcp.sack, sackCut),
      tsval: cut(r.tcp.tsval),
      tsecr: cut(r.tcp.tsecr),
      payloadStart: cut(r.tcp.payloadStart),
      tlsServerVersion: cut(r.tcp.tlsServerVersion),
    },
    udp: {
      header: cut(r.udp.header),
      payloadOffset: cut(r.udp.payloadOffset),
      payloadLength: cut(r.udp.payloadLength),
      capturedLength: cut(r.udp.capturedLength),
    },
  };
}

/** The typed arrays of a batch, for postMessage's transfer list. */
export function flowRecordBuffers(r: FlowRecords): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const visit = (o: object) => {
    for (const v of Object.values(o)) {
      if (ArrayBuffer.isView(v)) out.add(v.buffer as ArrayBuffer);
      else if (v && typeof v === 'object') visit(v as object);
    }
  };
  visit(r);
  return [...out];
}

/** A decoded view of one TCP header's scalars (for tests and consumers that want an object for one packet). */
export interface TcpScalars {
  seq: number;
  ack: number;
  flags: number;
  window: number;
  headerOffset: number;
  headerLength: number;
  payloadOffset: number;
  payloadLength: number;
  capturedLength: number;
  mss: number;
  windowScale: number;
  sackPermitted: boolean;
  sack: number[];
  tsval: number;
  tsecr: number;
}

/** Packet k's first non-error TCP header, or undefined. */
export function tcpScalarsAt(r: FlowRecords, k: number): TcpScalars | undefined {
  const c = r.tcp;
  if (c.header[k] < 0) return undefined;
  const base = k * MAX_SACK_BLOCKS * 2;
  return {
    seq: c.seq[k],
    ack: c.ack[k],
    flags: c.flags[k],
    window: c.window[k],
    headerOffset: c.headerOffset[k],
    headerLength: c.headerLength[k],
    payloadOffset: c.payloadOffset[k],
    payloadLength: c.payloadLength[k],
    capturedLength: c.capturedLength[k],
    mss: c.mss[k],
    windowScale: c.windowScale[k],
    sackPermitted: c.sackPermitted[k] === 1,
    sack: Array.from(c.sack.subarray(base, base + c.sackCount[k] * 2)),
    tsval: c.tsval[k],
    tsecr: c.tsecr[k],
  };
}

/**
 * Stream numbering as tshark 4.0 numbers `tcp.stream` and `udp.stream`, fed FlowRecords batches in capture
 * order (see docs/DECISIONS.md for the rules and why):
 *
 * - Every TCP and UDP header with an enclosing IP header gets a stream, including those inside an ICMP
 *   error's quoted packet (tshark looks their conversation up, and creates it, as for any other header).
 *   Streams are keyed by the unordered pair of (IP address, port) of the innermost IP header before the
 *   transport header; numbers count up from 0 in order of first appearance, TCP and UDP separately.
 * - TCP port reuse: a SYN without ACK whose sequence number differs from the base sequence number its
 *   direction of the current stream has starts a new stream for the same key. A direction's base is set
 *   by the first header of that direction tshark runs sequence analysis on (not in an ICMP error, header
 *   complete): the SYN's sequence number, else seq − 1; the other direction's by the first ACK seen, ack − 1.
 * - UDP: one stream per key, never renumbered.
 */
import { HeaderFlag, HeaderKind, type FlowRecords } from './flow-record';
import { PairTable } from './pair-table';

const SYN = 0x002;
const ACK = 0x010;

/** The stream of each header of a batch (−1 for non-TCP/UDP headers), and each packet's first non-error ones. */
export interface BatchStreams {
  /** Per header of the batch. */
  header: Int32Array;
  /** Per packet: stream of the first TCP / UDP header outside an ICMP error (else of the one the error quotes), −1 none. */
  tcp: Int32Array;
  udp: Int32Array;
}

export class StreamNumberer {
  private readonly tcpKeys = new PairTable(true);
  private readonly udpKeys = new PairTable(true);
  /** Per TCP key (PairTable entry): its newest stream. */
  private tcpOfKey = new Int32Array(1024);
  /**
   * Per TCP stream: which directions' base sequence numbers are set (bit 1 << direction) and the bases.
   * Directions are tshark's `fwd`: 0 when the source sorts above the destination, else 1 (flow-key.ts tcpDirection).
   */
  private baseSet = new Uint8Array(1024);
  private base0 = new Uint32Array(1024);
  private base1 = new Uint32Array(1024);
  private tcpCount = 0;

  get tcpStreams(): number {
    return this.tcpCount;
  }

  get udpStreams(): number {
    return this.udpKeys.size;
  }

  /** Number the next batch (batches must come in packet order). */
  add(r: FlowRecords): BatchStreams {
    const headers = r.kind.length;
    const out: BatchStreams = { header: new Int32Array(headers).fill(-1), tcp: new Int32Array(r.count).fill(-1), udp: new Int32Array(r.count).fill(-1) };
    for (let k = 0; k < r.count; k++) {
      const end = r.headerStart[k + 1];
      const quoted = [-1, -1];
      for (let h = r.headerStart[k]; h < end; h++) {
        const kind = r.kind[h];
        if (kind !== HeaderKind.tcp && kind !== HeaderKind.udp) continue;
        const flags = r.flags[h];
        if (flags & HeaderFlag.noAddress) continue;
        const stream = kind === HeaderKind.tcp ? this.tcpHeader(r, h) : this.udpHeader(r, h);
        out.header[h] = stream;
        const slot = kind === HeaderKind.tcp ? 0 : 1;
        if (flags & HeaderFlag.inError) {
          if (quoted[slot] < 0) quoted[slot] = stream;
          continue;
        }
        const per = slot === 0 ? out.tcp : out.udp;
        if (per[k] < 0) per[k] = stream;
      }
      // A packet whose only TCP/UDP header is the one an ICMP error quotes shows that header's stream (tshark).
      if (out.tcp[k] < 0) out.tcp[k] = quoted[0];
      if (out.udp[k] < 0) out.udp[k] = quoted[1];
    }
    return out;
  }

  /** UDP: one stream per key, numbered in order of first appearance: the key's entry. */
  private udpHeader(r: FlowRecords, h: number): number {
    return this.udpKeys.entryOf(r, h);
  }

  private tcpHeader(r: FlowRecords, h: number): number {
    const keys = this.tcpKeys;
    const e = keys.entryOf(r, h);
    const dir = keys.srcFirst ? 1 : 0;
    const bit = 1 << dir;
    const flags = r.tcpFlags[h];
    const seq = r.seq[h];
    let st: number;
    if (keys.created) {
      if (e >= this.tcpOfKey.length) this.tcpOfKey = grown(this.tcpOfKey, e + 1);
      st = this.newStream();
      this.tcpOfKey[e] = st;
    } else {
      st = this.tcpOfKey[e];
      if ((flags & (SYN | ACK)) === SYN && this.baseSet[st] & bit && (dir === 0 ? this.base0[st] : this.base1[st]) !== seq) {
        st = this.newStream();
        this.tcpOfKey[e] = st;
      }
    }
    if ((r.flags[h] & (HeaderFlag.inError | HeaderFlag.tcpComplete)) === HeaderFlag.tcpComplete) {
      if (!(this.baseSet[st] & bit)) this.setBase(st, dir, flags & SYN ? seq : (seq - 1) >>> 0);
      const rev = dir ^ 1;
      if (!(this.baseSet[st] & (1 << rev)) && flags & ACK) this.setBase(st, rev, (r.ack[h] - 1) >>> 0);
    }
    return st;
  }

  private newStream(): number {
    const st = this.tcpCount++;
    if (st >= this.baseSet.length) {
      const cap = this.baseSet.length * 2;
      this.baseSet = grown(this.baseSet, cap);
      this.base0 = grown(this.base0, cap);
      this.base1 = grown(this.base1, cap);
    }
    this.baseSet[st] = 0;
    return st;
  }

  private setBase(st: number, dir: number, value: number): void {
    if (dir === 0) this.base0[st] = value;
    else this.base1[st] = value;
    this.baseSet[st] |= 1 << dir;
  }
}

function grown<T extends Uint8Array | Uint32Array | Int32Array>(a: T, atLeast: number): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(atLeast, a.length * 2));
  b.set(a);
  return b;
}

/** Per-packet tcp.stream / udp.stream of whole batches, in order (the pure path: tests, the in-process engine). */
export function numberStreams(batches: readonly FlowRecords[]): { tcp: Int32Array; udp: Int32Array; headers: Int32Array[] } {
  const n = batches.reduce((s, b) => s + b.count, 0);
  const tcp = new Int32Array(n);
  const udp = new Int32Array(n);
  const headers: Int32Array[] = [];
  const numberer = new StreamNumberer();
  let at = 0;
  for (const b of batches) {
    const s = numberer.add(b);
    tcp.set(s.tcp, at);
    udp.set(s.udp, at);
    headers.push(s.header);
    at += b.count;
  }
  return { tcp, udp, headers };
}

/**
 * Stream numbering as tshark 4.0 numbers `tcp.stream` and `udp.stream`, fed FlowRecords batches in capture
 * order (see docs/decisions-flows.md for the rules and why):
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
import { flowKey, tcpDirection } from './flow-key';
import { HeaderFlag, HeaderKind, type FlowRecords } from './flow-record';

const SYN = 0x002;
const ACK = 0x010;

interface TcpState {
  stream: number;
  baseSet: [boolean, boolean];
  base: [number, number];
}

/** The stream of each header of a batch (−1 for non-TCP/UDP headers), and each packet's first non-error ones. */
export interface BatchStreams {
  /** Per header of the batch. */
  header: Int32Array;
  /** Per packet: stream of the first TCP / UDP header outside an ICMP error (else of the one the error quotes), −1 none. */
  tcp: Int32Array;
  udp: Int32Array;
}

export class StreamNumberer {
  private readonly tcpKeys = new Map<string, TcpState>();
  private readonly udpKeys = new Map<string, number>();
  private tcpCount = 0;
  private udpCount = 0;

  get tcpStreams(): number {
    return this.tcpCount;
  }

  get udpStreams(): number {
    return this.udpCount;
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

  private udpHeader(r: FlowRecords, h: number): number {
    const key = flowKey(r, h, true);
    let s = this.udpKeys.get(key);
    if (s === undefined) {
      s = this.udpCount++;
      this.udpKeys.set(key, s);
    }
    return s;
  }

  private tcpHeader(r: FlowRecords, h: number): number {
    const key = flowKey(r, h, true);
    const flags = r.tcpFlags[h];
    const seq = r.seq[h];
    const dir = tcpDirection(r, h);
    let st = this.tcpKeys.get(key);
    if (!st || ((flags & (SYN | ACK)) === SYN && st.baseSet[dir] && st.base[dir] !== seq)) {
      st = { stream: this.tcpCount++, baseSet: [false, false], base: [0, 0] };
      this.tcpKeys.set(key, st);
    }
    if ((r.flags[h] & (HeaderFlag.inError | HeaderFlag.tcpComplete)) === HeaderFlag.tcpComplete) {
      if (!st.baseSet[dir]) {
        st.base[dir] = flags & SYN ? seq : (seq - 1) >>> 0;
        st.baseSet[dir] = true;
      }
      const rev = dir ^ 1;
      if (!st.baseSet[rev] && flags & ACK) {
        st.base[rev] = (r.ack[h] - 1) >>> 0;
        st.baseSet[rev] = true;
      }
    }
    return st.stream;
  }
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

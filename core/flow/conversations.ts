/**
 * Conversation tables as tshark's `-z conv,eth|ip|ipv6|tcp|udp` counts them, built in the sequential stage
 * from FlowRecords batches and their stream numbers:
 *
 * - every header outside an ICMP error counts its packet once in its table (a tunnelled packet counts in
 *   the outer and the inner IP conversation), with the frame's original length as its bytes;
 * - eth/ipv4/ipv6 conversations are unordered address pairs, tcp/udp conversations are streams;
 * - A is the sender of the conversation's first packet; times are relative to the capture's first packet.
 *
 * Each packet's memberships (conversation, direction) are kept, so a table of any subset of packets (a
 * filter view) is a second pass over just those packets.
 */
import type { Conversation, ConversationKind } from '../api';
import { formatEther, formatIpv4, formatIpv6 } from '../dissect/format';
import { sentByFirst } from './flow-key';
import { HeaderFlag, HeaderKind, type FlowRecords } from './flow-record';
import { PairTable } from './pair-table';
import type { BatchStreams } from './streams';

export const CONVERSATION_KINDS: readonly ConversationKind[] = ['eth', 'ipv4', 'ipv6', 'tcp', 'udp'];

const KIND_CODE: Record<ConversationKind, number> = { eth: 0, ipv4: 1, ipv6: 2, tcp: 3, udp: 4 };
const CODE_KIND: readonly ConversationKind[] = ['eth', 'ipv4', 'ipv6', 'tcp', 'udp'];

function kindOfHeader(kind: number): number {
  switch (kind) {
    case HeaderKind.eth:
      return 0;
    case HeaderKind.ipv4:
      return 1;
    case HeaderKind.ipv6:
      return 2;
    case HeaderKind.tcp:
      return 3;
    case HeaderKind.udp:
      return 4;
    default:
      return -1;
  }
}

/** One conversation's identity: the endpoints in the order of its first packet's direction (A sent it). */
interface ConvIdentity {
  id: number;
  addressA: string;
  addressB: string;
  portA: number;
  portB: number;
  /** A is the key's first endpoint (flow-key order). */
  aIsFirst: boolean;
}

/** Per-conversation counters, indexed by conversation index of a kind, in typed arrays grown as conversations appear. */
class Counters {
  packetsAB = new Float64Array(64);
  bytesAB = new Float64Array(64);
  packetsBA = new Float64Array(64);
  bytesBA = new Float64Array(64);
  start = new Float64Array(64);
  stop = new Float64Array(64);
  /** 1 once the conversation counted a packet. */
  private seen = new Uint8Array(64);
  /** 1 when the first counted packet went B→A of the identity (a subset whose first packet went the other way). */
  swapped = new Uint8Array(64);
  /** Conversations in order of their first counted packet. */
  order: number[] = [];

  count(c: number, firstToSecond: boolean, bytes: number, t: number): void {
    if (c >= this.seen.length) this.grow(c + 1);
    if (this.seen[c] === 0) {
      this.seen[c] = 1;
      this.start[c] = t;
      this.stop[c] = t;
      this.swapped[c] = firstToSecond ? 0 : 1;
      this.order.push(c);
    } else if (t > this.stop[c]) this.stop[c] = t;
    else if (t < this.start[c]) this.start[c] = t;
    // firstToSecond is relative to the identity's A; `swapped` flips it for this subset.
    if (firstToSecond !== (this.swapped[c] === 1)) {
      this.packetsAB[c]++;
      this.bytesAB[c] += bytes;
    } else {
      this.packetsBA[c]++;
      this.bytesBA[c] += bytes;
    }
  }

  private grow(atLeast: number): void {
    const cap = Math.max(atLeast, 2 * this.seen.length);
    this.packetsAB = grow(this.packetsAB, cap);
    this.bytesAB = grow(this.bytesAB, cap);
    this.packetsBA = grow(this.packetsBA, cap);
    this.bytesBA = grow(this.bytesBA, cap);
    this.start = grow(this.start, cap);
    this.stop = grow(this.stop, cap);
    this.seen = grow(this.seen, cap);
    this.swapped = grow(this.swapped, cap);
  }
}

export interface ConversationTable {
  kind: ConversationKind;
  /** Conversations in order of first appearance (tshark's order before it sorts by frames). */
  rows: Conversation[];
}

/** Packet sets for a subset table: 1-based packet numbers, ascending. */
export interface PacketSubset {
  readonly count: number;
  numberAt(i: number): number;
}

export class ConversationBuilder {
  /** eth/ipv4/ipv6: conversations by address pair (the table's entry is the conversation's index). */
  private readonly pairs = [new PairTable(false), new PairTable(false), new PairTable(false)];
  /** tcp/udp: conversations by stream number (index + 1, 0 = none yet). */
  private byStream = [new Int32Array(1024), new Int32Array(1024)];
  private readonly identities: ConvIdentity[][] = CODE_KIND.map(() => []);
  private readonly all = CODE_KIND.map(() => new Counters());
  // Per packet (index number − 1).
  private relTime = new Float64Array(1024);
  private origlen = new Uint32Array(1024);
  private memberStart = new Uint32Array(1025);
  /** (conversation index << 4) | (kind code << 1) | (packet went from the identity's A to B ? 1 : 0). */
  private members = new Uint32Array(4096);
  private memberCount = 0;
  private packets = 0;
  private firstSec = 0;
  private firstNsec = 0;

  get packetCount(): number {
    return this.packets;
  }

  /** Add the next batch (in packet order) with its stream numbers. */
  add(r: FlowRecords, streams: BatchStreams): void {
    this.reserve(this.packets + r.count, r.kind.length);
    for (let k = 0; k < r.count; k++) {
      const i = this.packets++;
      if (i === 0) {
        this.firstSec = r.sec[k];
        this.firstNsec = r.nsec[k];
      }
      const t = relSeconds(r.sec[k] - this.firstSec, r.nsec[k] - this.firstNsec);
      this.relTime[i] = t;
      this.origlen[i] = r.origlen[k];
      const end = r.headerStart[k + 1];
      for (let h = r.headerStart[k]; h < end; h++) {
        if (r.flags[h] & (HeaderFlag.inError | HeaderFlag.noAddress)) continue;
        const code = kindOfHeader(r.kind[h]);
        if (code < 0) continue;
        if (code >= 3 && streams.header[h] < 0) continue;
        const cd = this.conversationOf(r, h, code, streams.header[h]);
        const c = cd >>> 1;
        const fromA = (cd & 1) === 1;
        this.all[code].count(c, fromA, r.origlen[k], t);
        this.members[this.memberCount++] = (c << 4) | (code << 1) | (fromA ? 1 : 0);
      }
      this.memberStart[i + 1] = this.memberCount;
    }
  }

  /** The table of a kind over every packet added so far. */
  table(kind: ConversationKind): ConversationTable {
    const code = KIND_CODE[kind];
    return { kind, rows: this.rows(code, this.all[code]) };
  }

  /** The table of a kind over a subset of the packets added (a filter view). */
  tableOf(kind: ConversationKind, subset: PacketSubset): ConversationTable {
    const code = KIND_CODE[kind];
    const counters = new Counters();
    for (let j = 0; j < subset.count; j++) {
      const i = subset.numberAt(j) - 1;
      if (i < 0 || i >= this.packets) continue;
      for (let m = this.memberStart[i]; m < this.memberStart[i + 1]; m++) {
        const e = this.members[m];
        if (((e >>> 1) & 7) !== code) continue;
        counters.count(e >>> 4, (e & 1) === 1, this.origlen[i], this.relTime[i]);
      }
    }
    return { kind, rows: this.rows(code, counters) };
  }

  private rows(code: number, c: Counters): Conversation[] {
    const kind = CODE_KIND[code];
    const ids = this.identities[code];
    return c.order.map((i) => {
      const id = ids[i];
      const swap = c.swapped[i] === 1;
      const row: Conversation = {
        kind,
        id: id.id,
        addressA: swap ? id.addressB : id.addressA,
        addressB: swap ? id.addressA : id.addressB,
        packetsAtoB: c.packetsAB[i],
        bytesAtoB: c.bytesAB[i],
        packetsBtoA: c.packetsBA[i],
        bytesBtoA: c.bytesBA[i],
        relStart: c.start[i],
        duration: c.stop[i] - c.start[i],
      };
      if (code >= 3) {
        row.portA = swap ? id.portB : id.portA;
        row.portB = swap ? id.portA : id.portB;
      }
      return row;
    });
  }

  /** The conversation of header h (creating it), and whether the header's source is its A. */
  private conversationOf(r: FlowRecords, h: number, code: number, stream: number): number {
    let c: number;
    let aIsFirst: boolean;
    if (code >= 3) {
      const slot = code - 3;
      if (stream >= this.byStream[slot].length) this.byStream[slot] = growInt32(this.byStream[slot], stream + 1);
      const known = this.byStream[slot][stream];
      const first = sentByFirst(r, h);
      if (known > 0) return this.direction(code, known - 1, first);
      c = this.identities[code].length;
      this.byStream[slot][stream] = c + 1;
      aIsFirst = first;
    } else {
      const pairs = this.pairs[code];
      c = pairs.entryOf(r, h);
      if (!pairs.created) return this.direction(code, c, pairs.srcFirst);
      aIsFirst = pairs.srcFirst;
    }
    const at = r.addr[h];
    const len = r.addrLen[h];
    this.identities[code].push({
      id: code >= 3 ? stream : c,
      addressA: formatAddress(r.addrBytes, at, len),
      addressB: formatAddress(r.addrBytes, at + len, len),
      portA: r.srcPort[h],
      portB: r.dstPort[h],
      aIsFirst,
    });
    return this.direction(code, c, aIsFirst);
  }

  /** Conversation c with the direction bit: (c << 1) | (the header went from A to B ? 1 : 0). */
  private direction(code: number, c: number, srcFirst: boolean): number {
    return (c << 1) | (srcFirst === this.identities[code][c].aIsFirst ? 1 : 0);
  }

  private reserve(packets: number, headers: number): void {
    if (packets > this.relTime.length) {
      const cap = Math.max(packets, this.relTime.length * 2);
      this.relTime = grow(this.relTime, cap);
      this.origlen = grow(this.origlen, cap);
      this.memberStart = grow(this.memberStart, cap + 1);
    }
    if (this.memberCount + headers > this.members.length) this.members = grow(this.members, Math.max(this.memberCount + headers, this.members.length * 2));
  }
}

function growInt32(a: Int32Array, atLeast: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(atLeast, a.length * 2));
  b.set(a);
  return b;
}

function grow<T extends Float64Array | Uint32Array | Uint8Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

/** Seconds as Wireshark's nstime_to_sec of a normalised difference (whole seconds + nanoseconds / 1e9). */
export function relSeconds(dSec: number, dNsec: number): number {
  if (dNsec < 0) {
    dSec -= 1;
    dNsec += 1e9;
  }
  return dSec + dNsec / 1e9;
}

/** An address as tshark prints it without name resolution. */
export function formatAddress(b: Uint8Array, at: number, len: number): string {
  if (len === 4) return formatIpv4(b, at);
  if (len === 16) return formatIpv6(b, at);
  if (len === 6) return formatEther(b, at);
  return Array.from(b.subarray(at, at + len), (x) => x.toString(16).padStart(2, '0')).join(':');
}

/**
 * IPv4 and IPv6 defragmentation, as Wireshark 4.0 does it (epan/reassemble.c fragment_add_check, called
 * by packet-ip.c and packet-ipv6.c), with hard limits so that a hostile capture cannot exhaust memory.
 * Pure and sequential: feed fragments in capture order; a datagram comes out when its last missing
 * piece arrives. See docs/DECISIONS.md for the choices below.
 *
 * Wireshark's rules, kept here:
 * - key: source, destination and identification, plus the protocol for IPv4 (and the VLAN, which the
 *   caller passes); a fragment is held only when all of its data was captured;
 * - the first fragment without "more fragments" sets the datagram's length; another tail that disagrees
 *   flags `multipleTails`;
 * - the datagram is complete when the data from offset 0 is contiguous up to that length; it is put
 *   together in offset order (ties in arrival order), each fragment adding only the bytes past what
 *   is already there (the first data wins); overlapping bytes that differ flag `overlapConflict`, data
 *   past the length flags `tooLong`;
 * - a complete datagram leaves the table: a later fragment with the same key starts a new one.
 *
 * Added here (Wireshark has none of these): a timeout, a cap on the datagram length, on the datagrams in
 * progress, on the bytes held (in all and per datagram) and on fragments per datagram.
 */
import { BadRequestError } from '../errors';
import type { IpFragmentFact } from '../dissect/flow-observer';
import type { IpFragmentRef, IpReassemblyInfo, ReassembledIpDatagram } from '../dissect/flow-info-ip';
import type { FlowPacket } from './flow-packet';

export interface DefragLimits {
  /** Datagrams in progress at once; a new one past it drops the oldest. */
  maxDatagrams: number;
  /** Fragment bytes held over all datagrams in progress; past it the oldest datagrams are dropped. */
  maxBytes: number;
  /** Fragment bytes one datagram may hold (duplicates and overlaps count); a fragment past it is refused. */
  maxBytesPerDatagram: number;
  /** Fragments one datagram may hold; one past it is refused. */
  maxFragmentsPerDatagram: number;
  /** Largest datagram (data after the IP header): a fragment that ends past it is refused. */
  maxDatagramLength: number;
  /** Seconds from a datagram's first fragment after which it is dropped unfinished; 0 = never. */
  timeoutSec: number;
}

export const DEFAULT_DEFRAG_LIMITS: Readonly<DefragLimits> = Object.freeze({
  maxDatagrams: 4096,
  maxBytes: 32 * 1024 * 1024,
  maxBytesPerDatagram: 4 * 65535,
  maxFragmentsPerDatagram: 2048,
  maxDatagramLength: 65535,
  timeoutSec: 60,
});

/** What identifies one datagram's fragments. */
export interface DatagramKey {
  version: 4 | 6;
  /** 4 or 16 bytes. */
  src: Uint8Array;
  dst: Uint8Array;
  /** IPv4 identification or IPv6 fragment identification. */
  id: number;
  /** IPv4 protocol (part of the key for IPv4 only). */
  protocol: number;
  /** VLAN id the packet came on (Wireshark 4.0 keys IPv4 fragments by it), 0 when none. */
  vlan?: number;
}

/** One fragment to add: its packet, the key, the header facts and its captured data. */
export interface FragmentInput {
  number: number;
  /** Packet time in seconds (fractions allowed). */
  time: number;
  key: DatagramKey;
  fragment: IpFragmentFact;
  /** The fragment's data as captured (`fragment.capturedLength` bytes); copied when held. */
  data: Uint8Array;
}

/** Why a fragment was not held. */
export type RefusedReason = 'not-captured' | 'in-error' | 'too-long' | 'too-many-fragments' | 'datagram-too-big';

export type AddResult =
  | { kind: 'held' }
  | { kind: 'complete'; datagram: ReassembledIpDatagram }
  | { kind: 'refused'; reason: RefusedReason };

export interface DefragStats {
  /** Datagrams in progress now, and the fragment bytes they hold. */
  pending: number;
  bytesHeld: number;
  completed: number;
  /** Datagrams dropped unfinished: timed out, or pushed out by the limits on datagrams and bytes. */
  expired: number;
  evicted: number;
  /** Fragments not held, by reason. */
  refused: Record<RefusedReason, number>;
}

interface Held {
  number: number;
  offset: number;
  length: number;
  data: Uint8Array;
  multipleTails: boolean;
}

interface Pending {
  version: 4 | 6;
  id: number;
  protocol: number;
  started: number;
  /** Sorted by offset; equal offsets in arrival order. */
  frags: Held[];
  /** The datagram length once a tail has been seen, else -1. */
  datalen: number;
  bytes: number;
}

export class IpDefragmenter {
  readonly limits: Readonly<DefragLimits>;
  /** In insertion order, which is start order: the oldest datagram is first. */
  private readonly pending = new Map<string, Pending>();
  private bytesHeld = 0;
  private readonly counts = { completed: 0, expired: 0, evicted: 0 };
  private readonly refusedCounts: Record<RefusedReason, number> = {
    'not-captured': 0,
    'in-error': 0,
    'too-long': 0,
    'too-many-fragments': 0,
    'datagram-too-big': 0,
  };

  constructor(limits: Partial<DefragLimits> = {}) {
    const l = { ...DEFAULT_DEFRAG_LIMITS, ...limits };
    for (const [name, v] of Object.entries(l)) {
      if (!Number.isFinite(v) || v < 0 || (name !== 'timeoutSec' && v < 1)) {
        throw new BadRequestError(`Defragmentation limit ${name} must be a positive number (got ${String(v)})`);
      }
    }
    this.limits = Object.freeze(l);
  }

  /** Adds one fragment; returns the datagram when this fragment completes it. */
  add(input: FragmentInput): AddResult {
    const { fragment: f, number } = input;
    const l = this.limits;
    this.expire(input.time);
    if (f.inError) return this.refuse('in-error');
    // Wireshark holds a fragment only when all of its data was captured.
    if (f.capturedLength < f.dataLength || input.data.length < f.dataLength) return this.refuse('not-captured');
    if (f.offset + f.dataLength > l.maxDatagramLength) return this.refuse('too-long');

    const key = keyString(input.key);
    let p = this.pending.get(key);
    if (p !== undefined && p.frags.length >= l.maxFragmentsPerDatagram) return this.refuse('too-many-fragments');
    if (p !== undefined && p.bytes + f.dataLength > l.maxBytesPerDatagram) return this.refuse('datagram-too-big');
    if (p === undefined) {
      while (this.pending.size >= l.maxDatagrams) this.dropOldest();
      p = { version: input.key.version, id: input.key.id, protocol: f.protocol, started: input.time, frags: [], datalen: -1, bytes: 0 };
      this.pending.set(key, p);
    }
    // Make room by dropping the oldest other datagrams (never the one this fragment belongs to).
    while (this.bytesHeld + f.dataLength > l.maxBytes && this.dropOldest(key)) {
      // dropOldest did the work
    }
    if (this.bytesHeld + f.dataLength > l.maxBytes) {
      if (p.frags.length === 0) this.pending.delete(key);
      return this.refuse('datagram-too-big');
    }

    const held: Held = { number, offset: f.offset, length: f.dataLength, data: input.data.slice(0, f.dataLength), multipleTails: false };
    if (!f.more) {
      const end = f.offset + f.dataLength;
      if (p.datalen < 0) p.datalen = end;
      else if (p.datalen !== end) held.multipleTails = true;
    }
    insertSorted(p.frags, held);
    p.bytes += held.length;
    this.bytesHeld += held.length;
    // The completing fragment's protocol is the one the datagram is dissected with (IPv6's next header).
    p.protocol = f.protocol;

    if (p.datalen < 0 || contiguousEnd(p.frags) < p.datalen) return { kind: 'held' };
    this.pending.delete(key);
    this.bytesHeld -= p.bytes;
    this.counts.completed++;
    return { kind: 'complete', datagram: assemble(p) };
  }

  /**
   * Adds every fragment header of one packet outside an ICMP error, keyed by the IP header it follows
   * (`bytes` are the packet's captured bytes, `time` its timestamp in seconds). Returns the datagrams it
   * completes.
   */
  addPacket(packet: FlowPacket, bytes: Uint8Array, vlan = 0): ReassembledIpDatagram[] {
    const done: ReassembledIpDatagram[] = [];
    for (const f of packet.fragments) {
      if (f.inError) continue;
      const key = datagramKeyOf(packet, f, vlan);
      if (key === undefined) continue;
      const data = bytes.subarray(f.dataOffset, f.dataOffset + f.capturedLength);
      const r = this.add({ number: packet.number, time: packet.sec + packet.nsec / 1e9, key, fragment: f, data });
      if (r.kind === 'complete') done.push(r.datagram);
    }
    return done;
  }

  stats(): DefragStats {
    return { pending: this.pending.size, bytesHeld: this.bytesHeld, ...this.counts, refused: { ...this.refusedCounts } };
  }

  private refuse(reason: RefusedReason): AddResult {
    this.refusedCounts[reason]++;
    return { kind: 'refused', reason };
  }

  /** Drops datagrams whose first fragment is older than the timeout (the map is in start order). */
  private expire(now: number): void {
    const t = this.limits.timeoutSec;
    if (t <= 0) return;
    for (const [key, p] of this.pending) {
      if (now - p.started <= t) break;
      this.pending.delete(key);
      this.bytesHeld -= p.bytes;
      this.counts.expired++;
    }
  }

  /** Drops the oldest datagram in progress other than `keep`; false when there is none. */
  private dropOldest(keep?: string): boolean {
    for (const [key, p] of this.pending) {
      if (key === keep) continue;
      this.pending.delete(key);
      this.bytesHeld -= p.bytes;
      this.counts.evicted++;
      return true;
    }
    return false;
  }
}

/**
 * The key of a fragment header of a FlowPacket: the addresses of the IP header it belongs to (the last
 * one of its version before its data), its identification and, for IPv4, its protocol.
 */
export function datagramKeyOf(packet: FlowPacket, f: IpFragmentFact, vlan = 0): DatagramKey | undefined {
  for (let i = packet.ips.length - 1; i >= 0; i--) {
    const h = packet.ips[i];
    if (h.version === f.version && h.headerOffset < f.dataOffset) {
      return { version: f.version, src: h.src, dst: h.dst, id: f.id, protocol: f.version === 4 ? f.protocol : -1, vlan };
    }
  }
  return undefined;
}

/**
 * What each packet of a datagram completed in packet `reassembledIn` hands to its dissection
 * (FrameMeta.flow.ip): the earlier fragments the packet to look in, the completing one the datagram.
 */
export function reassemblyInfos(datagram: ReassembledIpDatagram, reassembledIn: number): Map<number, IpReassemblyInfo> {
  const out = new Map<number, IpReassemblyInfo>();
  const { version, id } = datagram;
  for (const f of datagram.fragments) out.set(f.number, { reassembledIn, version, id });
  out.set(reassembledIn, { reassembledIn, version, id, datagram });
  return out;
}

function keyString(k: DatagramKey): string {
  return `${k.version}|${k.version === 4 ? k.protocol : ''}|${k.id}|${k.vlan ?? 0}|${hexOf(k.src)}|${hexOf(k.dst)}`;
}

function hexOf(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i].toString(16).padStart(2, '0');
  return s;
}

/** Inserts after every fragment of a lower or equal offset (Wireshark's LINK_FRAG). */
function insertSorted(frags: Held[], h: Held): void {
  let i = frags.length;
  while (i > 0 && frags[i - 1].offset > h.offset) i--;
  frags.splice(i, 0, h);
}

/** How far the data from offset 0 runs without a gap. */
function contiguousEnd(frags: readonly Held[]): number {
  let max = 0;
  for (const f of frags) if (f.offset <= max && f.offset + f.length > max) max = f.offset + f.length;
  return max;
}

/** Puts the datagram together: each fragment adds the bytes past those already there. */
function assemble(p: Pending): ReassembledIpDatagram {
  const data = new Uint8Array(p.datalen);
  const fragments: IpFragmentRef[] = [];
  let pos = 0;
  for (const f of p.frags) {
    const ref: IpFragmentRef = { number: f.number, offset: f.offset, length: f.length, overlap: false, overlapConflict: false, multipleTails: f.multipleTails, tooLong: false };
    fragments.push(ref);
    if (f.length === 0) continue;
    if (f.offset >= p.datalen) {
      ref.tooLong = true;
      continue;
    }
    let len = f.length;
    if (f.offset + len > p.datalen) {
      ref.tooLong = true;
      len = p.datalen - f.offset;
    }
    const overlap = pos - f.offset;
    if (overlap > 0) {
      ref.overlap = true;
      const n = Math.min(f.length, overlap);
      for (let i = 0; i < n; i++) {
        if (data[f.offset + i] !== f.data[i]) {
          ref.overlapConflict = true;
          break;
        }
      }
    }
    if (f.offset + len > pos) {
      data.set(f.data.subarray(Math.max(overlap, 0), len), pos);
      pos = f.offset + len;
    }
  }
  return { version: p.version, id: p.id, protocol: p.protocol, bytes: data, fragments };
}

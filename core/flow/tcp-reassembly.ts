/**
 * TCP reassembly per direction, as Wireshark's Follow TCP Stream does it (packet-tcp.c's follow tap in
 * 4.0): segments go in capture order; what extends a direction's stream comes out at once, a segment
 * that starts beyond the stream's end is held until the bytes before it arrive, or until the other side
 * acknowledges past it, which proves the missing bytes were sent and then shows them as a gap of their
 * size. Pure, no I/O.
 *
 * The rules, which decide what a user sees (docs/DECISIONS.md):
 * - Sequence numbers compare modulo 2^32 (RFC 1982 style: a is before b when (a − b) as int32 < 0), so a
 *   stream may wrap around.
 * - Retransmissions and overlaps: the first copy of a byte wins; a later segment adds only its bytes past
 *   the stream's end (tshark's follow output, byte for byte).
 * - Sequence numbers are relative, with Wireshark's bases (the SYN's sequence number, else the first
 *   segment's minus one, else the other side's first acknowledgment minus one): the follow tap's two
 *   quirks depend on them (a direction restarts while it has written nothing and sits at relative 0; an
 *   acknowledgment number without the ACK flag stays absolute).
 * - A segment's length is the header's (what the IP header says), its bytes what was captured: a
 *   segment cut by the snap length moves the stream's end by its full length but gives only its bytes.
 * - Held segments are bounded (`maxHeldBytes`, `maxHeldSegments` per direction): past either bound an
 *   out-of-order segment is dropped and counted (`droppedSegments`, `droppedBytes`), so its bytes show
 *   up later inside a gap rather than exhausting memory. Segments still held at the end of the capture
 *   (never acknowledged, never filled in) are not shown, as tshark does not show them: `heldBytes` says
 *   how many.
 */
import { noteSeqBases } from './tcp-seq';

/** One TCP segment as it appears in the capture. */
export interface TcpSegment {
  /** 1-based packet number. */
  packet: number;
  /** Absolute (raw) sequence and acknowledgment numbers. */
  seq: number;
  ack: number;
  /** The 12 flag bits (FIN 0x001, SYN 0x002, RST 0x004, ACK 0x010 …). */
  flags: number;
  /** The segment's length per its headers (without SYN/FIN). */
  length: number;
  /** The captured payload bytes (at most `length`). Copied when held, so the caller may reuse the buffer. */
  payload: Uint8Array;
}

/** 0: the side that sent the first segment (client); 1: the other side (server). */
export type TcpSide = 0 | 1;

/** Stream bytes in order, or a gap: bytes the other side acknowledged but the capture never had. */
export interface TcpPiece {
  side: TcpSide;
  /** The packet that carried the bytes; for a gap, the packet whose acknowledgment proved it. */
  packet: number;
  bytes: Uint8Array;
  /** Missing bytes (0 for data). */
  gap: number;
}

/** What one direction has seen. */
export interface TcpDirectionState {
  synSeen: boolean;
  finSeen: boolean;
  rstSeen: boolean;
  /** The next relative sequence number expected (the stream's end so far). */
  nextSeq: number;
  /** Data bytes delivered in order (gaps not counted). */
  deliveredBytes: number;
  /** Bytes reported missing in gaps. */
  gapBytes: number;
  /** Out-of-order segments held now, and their bytes. */
  heldSegments: number;
  heldBytes: number;
  /** Out-of-order segments dropped because the held bounds were reached, and their bytes. */
  droppedSegments: number;
  droppedBytes: number;
}

export interface TcpReassemblyLimits {
  /** Bytes of out-of-order segments held per direction (default 16 MiB). */
  maxHeldBytes: number;
  /** Out-of-order segments held per direction (default 10,000: each arrival scans the held list). */
  maxHeldSegments: number;
}

export const DEFAULT_REASSEMBLY_LIMITS: TcpReassemblyLimits = { maxHeldBytes: 16 * 1024 * 1024, maxHeldSegments: 10_000 };

const FIN = 0x001;
const SYN = 0x002;
const RST = 0x004;
const ACK = 0x010;

/** a − b as a signed 32-bit difference: < 0 when a comes before b modulo 2^32. */
function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

const u32 = (n: number): number => n >>> 0;

interface Held {
  packet: number;
  seq: number;
  data: Uint8Array;
}

class Direction {
  base = 0;
  baseSet = false;
  /** Next relative sequence number (tshark's follow_info->seq). */
  seq = 0;
  /** What the direct in-order path wrote (tshark's bytes_written: held segments do not count). */
  written = 0;
  held: Held[] = [];
  heldBytes = 0;
  delivered = 0;
  gapBytes = 0;
  dropped = 0;
  droppedBytes = 0;
  syn = false;
  fin = false;
  rst = false;
}

export class TcpReassembler {
  private readonly dirs: [Direction, Direction] = [new Direction(), new Direction()];
  private readonly limits: TcpReassemblyLimits;

  constructor(limits: Partial<TcpReassemblyLimits> = {}) {
    this.limits = { ...DEFAULT_REASSEMBLY_LIMITS, ...limits };
  }

  /** Adds one segment sent by `side`; returns what became in order, on either side (an ACK can release the other side's gap). */
  push(side: TcpSide, seg: TcpSegment): TcpPiece[] {
    const out: TcpPiece[] = [];
    const d = this.dirs[side];
    const other = this.dirs[side === 0 ? 1 : 0];
    noteSeqBases(d, other, seg);
    if (seg.flags & SYN) d.syn = true;
    if (seg.flags & FIN) d.fin = true;
    if (seg.flags & RST) d.rst = true;
    const relAck = seg.flags & ACK ? u32(seg.ack - other.base) : u32(seg.ack);
    let sequence = u32(seg.seq - d.base);
    if (seg.flags & SYN) sequence = u32(sequence + 1);
    let length = u32(seg.length);

    // This segment's acknowledgment may prove that bytes the other side holds back for were sent.
    while (other.held.length > 0 && this.release(other, side === 0 ? 1 : 0, relAck, seg.packet, true, out));

    if (d.written === 0 && d.seq === 0) d.seq = sequence;
    let offset = 0;
    let dataLength = seg.payload.length;
    if (seqDiff(sequence, d.seq) < 0) {
      // Starts before the stream's end: a retransmission, perhaps with new bytes at its end.
      const end = u32(sequence + length);
      if (seqDiff(end, d.seq) > 0) {
        offset = u32(d.seq - sequence);
        dataLength = dataLength <= offset ? 0 : dataLength - offset;
        sequence = d.seq;
        length = u32(end - d.seq);
      }
    }
    if (dataLength === 0 || seqDiff(sequence, d.seq) < 0) return out;

    if (sequence === d.seq) {
      const bytes = seg.payload.subarray(offset, offset + dataLength);
      d.seq = u32(d.seq + length);
      d.written += dataLength;
      d.delivered += dataLength;
      out.push({ side, packet: seg.packet, bytes, gap: 0 });
      while (this.release(d, side, 0, seg.packet, false, out));
    } else if (d.held.length >= this.limits.maxHeldSegments || d.heldBytes + dataLength > this.limits.maxHeldBytes) {
      d.dropped++;
      d.droppedBytes += dataLength;
    } else {
      d.held.push({ packet: seg.packet, seq: sequence, data: seg.payload.slice(offset, offset + dataLength) });
      d.heldBytes += dataLength;
    }
    return out;
  }

  /** The state of one direction. */
  state(side: TcpSide): TcpDirectionState {
    const d = this.dirs[side];
    return {
      synSeen: d.syn,
      finSeen: d.fin,
      rstSeen: d.rst,
      nextSeq: d.seq,
      deliveredBytes: d.delivered,
      gapBytes: d.gapBytes,
      heldSegments: d.held.length,
      heldBytes: d.heldBytes,
      droppedSegments: d.dropped,
      droppedBytes: d.droppedBytes,
    };
  }

  /**
   * Moves one held segment of `d` into the stream if it now fits (or its new part, if it overlaps the
   * end), or, with `useAck`, reports the bytes before the lowest held segment as a gap when `ack` is past
   * it. True when something changed (call again).
   */
  private release(d: Direction, side: TcpSide, ack: number, packet: number, useAck: boolean, out: TcpPiece[]): boolean {
    if (d.held.length === 0) return false;
    let lowest = d.held[0].seq;
    for (let i = 0; i < d.held.length; i++) {
      const h = d.held[i];
      if (seqDiff(lowest, h.seq) > 0) lowest = h.seq;
      if (seqDiff(h.seq, d.seq) < 0) {
        const end = u32(h.seq + h.data.length);
        if (seqDiff(end, d.seq) > 0) {
          const from = u32(d.seq - h.seq);
          if (h.data.length > from) {
            out.push({ side, packet: h.packet, bytes: h.data.subarray(from), gap: 0 });
            d.delivered += h.data.length - from;
          }
          d.seq = u32(d.seq + h.data.length - from);
        }
        this.drop(d, i);
        return true;
      }
      if (h.seq === d.seq) {
        if (h.data.length > 0) {
          out.push({ side, packet: h.packet, bytes: h.data, gap: 0 });
          d.delivered += h.data.length;
        }
        d.seq = u32(d.seq + h.data.length);
        this.drop(d, i);
        return true;
      }
    }
    if (useAck && seqDiff(ack, lowest) > 0) {
      const missing = seqDiff(lowest, d.seq);
      out.push({ side, packet, bytes: new Uint8Array(0), gap: missing });
      d.gapBytes += missing;
      d.seq = lowest;
      return true;
    }
    return false;
  }

  private drop(d: Direction, i: number): void {
    d.heldBytes -= d.held[i].data.length;
    d.held.splice(i, 1);
  }
}

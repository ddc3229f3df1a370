/**
 * Upper-layer PDUs that span TCP segments, found as Wireshark 4.0's TCP desegmenter finds them
 * (packet-tcp.c `desegment_tcp` with its multi-segment PDUs, "msp", and epan/reassemble.c), so that a
 * packet can show "[TCP segment of a reassembled PDU]" or dissect the whole PDU as tshark does. Pure: feed
 * one stream's segments in capture order (both directions); each PDU that needed more than one segment
 * comes out with the packet that completed it and the (packet, payload offset, length) pieces it was made
 * of. Only the bytes of PDUs still open are held: in the payloads given (no copy) until `settle`.
 *
 * Wireshark's rules, kept here (docs/DECISIONS.md, "TCP PDUs"):
 * - Sequence numbers are relative, with Wireshark's bases (tcp-seq.ts); msps are found by them, so a
 *   retransmission falls into the msp its bytes belong to.
 * - A segment that starts an msp again (same sequence number, not past its end) is a retransmission of its
 *   first segment and is left alone; a segment inside an msp adds its bytes up to the msp's end (all of
 *   them when the dissector asked for "one more segment"); the msp completes when its bytes from the start
 *   are contiguous up to its end, and then the dissector sees the whole run: it may ask for more (the msp
 *   grows), or finish, and what follows the msp's end in that segment is scanned as a new run.
 * - A segment not in any msp is scanned alone; what the dissector could not finish starts a new msp, unless
 *   it would hold more than 1 MiB at once (Wireshark's limit).
 * - "Until FIN" (an HTTP response without a length) completes on the direction's FIN segment.
 * - A segment whose payload was not captured whole is not desegmented (Wireshark's can_desegment).
 * Not modelled: Wireshark's out-of-order reassembly preference (off by default) and desegmentation of
 * protocols other than the scanner's.
 */
import { TCP_A } from '../dissect/flow-info-tcp';
import { ONE_MORE_SEGMENT, UNTIL_FIN, type PduScanner } from './tcp-pdu-scan';
import type { TcpSegment, TcpSide } from './tcp-reassembly';
import { noteSeqBases } from './tcp-seq';

/** One TCP segment as the capture has it (tcp-reassembly.ts's), with its analysis flags. */
export interface PduSegment extends TcpSegment {
  /**
   * The TCP analysis flags of the segment (core/dissect/flow-info-tcp.ts TCP_A, 0 when not analysed): a
   * plain or spurious retransmission is not desegmented, as in Wireshark.
   */
  analysis?: number;
}

/** A stretch of one packet's TCP payload that belongs to a PDU. */
export interface PduPiece {
  packet: number;
  /** Offset in that packet's TCP payload. */
  offset: number;
  length: number;
  /** Offset of these bytes in the reassembled PDU. */
  at: number;
}

/** A PDU reassembled from more than one segment. */
export interface TcpPdu {
  side: TcpSide;
  /** The packet whose segment completed it (tshark's tcp.reassembled_in for the others). */
  completedIn: number;
  /** By offset in the PDU, ties in arrival order (tshark's tcp.segment list); copies added after completion last. */
  pieces: PduPiece[];
  /** Reassembled length (tcp.reassembled.length). */
  length: number;
}

export interface TcpPduLimits {
  /** Bytes one msp may grow to while open; past it the msp is abandoned (default 16 MiB). */
  maxPduBytes: number;
}

export const DEFAULT_PDU_LIMITS: Readonly<TcpPduLimits> = Object.freeze({ maxPduBytes: 16 * 1024 * 1024 });

/** Wireshark does not start an msp that would hold more than this at once (packet-tcp.c). */
const MAX_MSP_START = 1024 * 1024;
/** Where "until FIN" puts an msp's end until the FIN comes (Wireshark's nxtseq + 0x40000000). */
const UNTIL_FIN_SPAN = 0x40000000;

/**
 * Analysis flags whose segments Wireshark leaves out of desegmentation (checked against tshark): a plain or
 * spurious retransmission, whose bytes were seen. A fast retransmission is desegmented: it often brings
 * bytes the capture lost.
 */
const NOT_DESEGMENTED = TCP_A.RETRANSMISSION | TCP_A.SPURIOUS_RETRANSMISSION;

const FIN = 0x001;
const SYN = 0x002;

interface Fragment {
  piece: PduPiece;
  bytes: Uint8Array;
}

interface Msp {
  /** Relative sequence number of its first byte, and of the byte after its end. */
  seq: number;
  nxtpdu: number;
  /** The next segment goes in whole (the dissector asked for one more segment). */
  entireSegment: boolean;
  fragments: Fragment[];
  held: number;
  /** Set when complete; later segments inside it are still listed. */
  completedIn: number;
  pdu?: TcpPdu;
}

class Direction {
  base = 0;
  baseSet = false;
  untilFin = false;
  /** Open and completed msps, by `seq` ascending. */
  msps: Msp[] = [];
}

const u32 = (n: number): number => n >>> 0;

/** Finds the PDUs of one TCP stream (both directions) for one upper protocol. */
export class TcpPduFinder {
  private readonly dirs: [Direction, Direction] = [new Direction(), new Direction()];
  private readonly limits: TcpPduLimits;
  private readonly done: TcpPdu[] = [];
  /** Fragments added since the last `settle`, whose bytes are still the caller's payloads. */
  private readonly borrowed: { fragment: Fragment; msp: Msp }[] = [];
  /** msps given up because they grew past `maxPduBytes`. */
  abandoned = 0;

  constructor(
    private readonly scanner: PduScanner,
    limits: Partial<TcpPduLimits> = {},
  ) {
    this.limits = { ...DEFAULT_PDU_LIMITS, ...limits };
  }

  /**
   * Adds one segment sent by `side`; returns the PDUs it completed. Its payload is read in place until the
   * next `settle`: the caller must not change it before then.
   */
  push(side: TcpSide, seg: PduSegment): TcpPdu[] {
    const d = this.dirs[side];
    const other = this.dirs[side === 0 ? 1 : 0];
    noteSeqBases(d, other, seg);
    const before = this.done.length;
    let seq = u32(seg.seq - d.base);
    if (seg.flags & SYN) seq = u32(seq + 1);
    const fin = (seg.flags & FIN) !== 0;
    const skip = ((seg.analysis ?? 0) & NOT_DESEGMENTED) !== 0;
    if (seg.length > 0 && seg.payload.length >= seg.length && !skip) this.desegment(side, d, seg, seq, fin);
    if (fin && d.untilFin) this.finishAtFin(side, d, seg, seq);
    return this.done.slice(before);
  }

  /**
   * Copies the bytes still held (of msps not complete yet) out of the payloads they were pushed in, so the
   * caller may reuse or drop those buffers; until then the finder reads them in place.
   */
  settle(): void {
    for (const { fragment, msp } of this.borrowed) if (msp.pdu === undefined) fragment.bytes = fragment.bytes.slice();
    this.borrowed.length = 0;
  }

  /** Every PDU completed so far, in completion order. */
  pdus(): readonly TcpPdu[] {
    return this.done;
  }

  /**
   * The pieces of each PDU still open (at the end of the capture: never completed). Wireshark shows their
   * segments as "[TCP segment of a reassembled PDU]" without a frame to point to.
   */
  unfinished(): { side: TcpSide; pieces: PduPiece[] }[] {
    const out: { side: TcpSide; pieces: PduPiece[] }[] = [];
    this.dirs.forEach((d, side) => {
      for (const m of d.msps) if (m.completedIn === 0) out.push({ side: side as TcpSide, pieces: m.fragments.map((f) => f.piece) });
    });
    return out;
  }

  private desegment(side: TcpSide, d: Direction, seg: PduSegment, firstSeq: number, fin: boolean): void {
    let offset = 0;
    let seq = firstSeq;
    const nxtseq = firstSeq + seg.length;
    while (offset < seg.length) {
      const at = firstAtOrAfter(d.msps, seq);
      const start = d.msps[at]?.seq === seq ? d.msps[at] : undefined;
      // A copy of an msp's first segment: Wireshark shows it as retransmitted data and goes no further.
      if (start !== undefined && nxtseq <= start.nxtpdu) return;
      const msp = this.containing(d, seq);
      let follows = 0;
      if (msp !== undefined) {
        let len: number;
        if (msp.entireSegment) {
          len = nxtseq - seq;
          msp.entireSegment = false;
          msp.nxtpdu = nxtseq;
        } else {
          len = Math.min(nxtseq, msp.nxtpdu) - seq;
        }
        if (msp.nxtpdu < nxtseq) follows = msp.nxtpdu - seq;
        const wasComplete = msp.completedIn !== 0;
        this.addFragment(msp, seg.packet, offset, seq - msp.seq, seg.payload.subarray(offset, offset + len));
        if (msp.held > this.limits.maxPduBytes) {
          this.abandon(d, msp);
          return;
        }
        if (wasComplete || !this.complete(msp)) {
          if (follows === 0) return;
        } else {
          const data = assemble(msp);
          const want = this.scanner.scan(data, { side, fin });
          const oldLen = data.length - len;
          if (want.length !== 0 && want.offset <= oldLen) {
            // The dissector needs more for this same PDU: the msp grows and nothing else starts here.
            if (want.length === ONE_MORE_SEGMENT) {
              msp.nxtpdu = Math.max(seq + (seg.length - offset), msp.nxtpdu) + 1;
              msp.entireSegment = true;
            } else if (want.length === UNTIL_FIN) {
              d.untilFin = true;
              msp.nxtpdu = nxtseq + UNTIL_FIN_SPAN;
            } else if (seq + len >= msp.nxtpdu) {
              msp.nxtpdu = seq + len + want.length;
            } else {
              msp.nxtpdu += want.length;
            }
            return;
          }
          this.completeMsp(side, msp, seg.packet);
          if (want.length !== 0) {
            // A new PDU starts in this segment after the one completed.
            const from = seg.length - (data.length - want.offset);
            this.startMsp(d, seg, from, firstSeq + from, nxtseq, want.length);
            return;
          }
          if (follows === 0) return;
        }
        offset += follows;
        seq += follows;
        continue;
      }
      const want = this.scanner.scan(seg.payload.subarray(offset), { side, fin });
      if (want.length !== 0) this.startMsp(d, seg, offset + want.offset, seq + want.offset, nxtseq, want.length);
      return;
    }
  }

  /** The msp whose bytes include relative sequence number `seq` (Wireshark looks up the last one starting at or before seq − 1). */
  private containing(d: Direction, seq: number): Msp | undefined {
    const found: Msp | undefined = d.msps[firstAtOrAfter(d.msps, seq) - 1];
    return found !== undefined && found.seq <= seq && found.nxtpdu > seq ? found : undefined;
  }

  private startMsp(d: Direction, seg: PduSegment, from: number, seq: number, nxtseq: number, want: number): void {
    if (nxtseq - seq > MAX_MSP_START) return;
    let nxtpdu: number;
    let entireSegment = false;
    if (want === ONE_MORE_SEGMENT) {
      nxtpdu = nxtseq + 1;
      entireSegment = true;
    } else if (want === UNTIL_FIN) {
      d.untilFin = true;
      nxtpdu = nxtseq + UNTIL_FIN_SPAN;
    } else {
      nxtpdu = nxtseq + want;
    }
    const msp: Msp = { seq, nxtpdu, entireSegment, fragments: [], held: 0, completedIn: 0 };
    // Wireshark's tree keeps one msp per start: a new one at the same place replaces the old.
    const i = firstAtOrAfter(d.msps, seq);
    if (i === d.msps.length) d.msps.push(msp);
    else if (d.msps[i].seq === seq) d.msps[i] = msp;
    else d.msps.splice(i, 0, msp);
    this.addFragment(msp, seg.packet, from, 0, seg.payload.subarray(from, seg.length));
  }

  private addFragment(msp: Msp, packet: number, offset: number, at: number, bytes: Uint8Array): void {
    const piece: PduPiece = { packet, offset, length: bytes.length, at };
    if (msp.pdu !== undefined) {
      // Already reassembled: the copy is listed with the PDU (tshark's tcp.segment) but its bytes are not needed.
      msp.pdu.pieces.push(piece);
      return;
    }
    const fragment = { piece, bytes };
    msp.fragments.push(fragment);
    this.borrowed.push({ fragment, msp });
    msp.held += bytes.length;
  }

  /** Whether the msp's bytes run without a hole from its start to its end. */
  private complete(msp: Msp): boolean {
    const need = msp.nxtpdu - msp.seq;
    const f = msp.fragments;
    let inOrder = true;
    for (let i = 1; i < f.length && inOrder; i++) inOrder = f[i - 1].piece.at <= f[i].piece.at;
    // Segments mostly come in order: sorted only when they did not.
    const sorted = inOrder ? f : [...f].sort((a, b) => a.piece.at - b.piece.at);
    let end = 0;
    for (const f of sorted) {
      if (f.piece.at > end) return false;
      end = Math.max(end, f.piece.at + f.piece.length);
    }
    return end >= need;
  }

  private completeMsp(side: TcpSide, msp: Msp, packet: number): void {
    const length = reassembledLength(msp);
    const pieces = msp.fragments.map((f) => f.piece).sort((a, b) => a.at - b.at);
    const pdu: TcpPdu = { side, completedIn: packet, pieces, length };
    msp.completedIn = packet;
    msp.pdu = pdu;
    msp.fragments = [];
    msp.held = 0;
    this.done.push(pdu);
  }

  private abandon(d: Direction, msp: Msp): void {
    d.msps.splice(d.msps.indexOf(msp), 1);
    this.abandoned++;
  }

  /** A FIN while a response runs until FIN: its bytes end the open msp, which completes if nothing is missing. */
  private finishAtFin(side: TcpSide, d: Direction, seg: PduSegment, seq: number): void {
    d.untilFin = false;
    const msp: Msp | undefined = d.msps[firstAtOrAfter(d.msps, seq) - 1];
    if (msp === undefined || msp.completedIn !== 0) return;
    const end = seq + seg.length;
    msp.nxtpdu = end;
    // The FIN's bytes end the PDU; an empty FIN is listed too (tshark shows it as a 0-byte segment).
    if (!msp.fragments.some((f) => f.piece.packet === seg.packet)) {
      this.addFragment(msp, seg.packet, 0, seq - msp.seq, seg.payload.subarray(0, seg.length));
    }
    if (this.complete(msp)) {
      this.scanner.scan(assemble(msp), { side, fin: true });
      this.completeMsp(side, msp, seg.packet);
    }
  }
}

/**
 * The index of the first msp starting at or after `seq` (msps are kept by `seq` ascending; a long stream has
 * thousands, so they are searched, not scanned), `msps.length` when none does.
 */
function firstAtOrAfter(msps: readonly Msp[], seq: number): number {
  let lo = 0;
  let hi = msps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (msps[mid].seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One buffer for every msp's bytes while its scanner reads them (scanners keep nothing of them, and the
 * finders run one at a time): a new one per msp cost most of desegmentation's time in allocation and GC.
 */
let assembly = new Uint8Array(64 * 1024);

/** The msp's bytes in order, the first copy of each byte winning (reassemble.c's defragment); valid until the next call. */
function assemble(msp: Msp): Uint8Array {
  const length = reassembledLength(msp);
  if (assembly.length < length) assembly = new Uint8Array(Math.max(length, 2 * assembly.length));
  const out = assembly.subarray(0, length);
  const sorted = [...msp.fragments].sort((a, b) => a.piece.at - b.piece.at);
  let filled = 0;
  for (const f of sorted) {
    const end = f.piece.at + f.bytes.length;
    if (end <= filled) continue;
    // A hole (the msp is only assembled when it has none, but the bytes must never be a previous msp's).
    if (f.piece.at > filled) out.fill(0, filled, f.piece.at);
    const skip = Math.max(0, filled - f.piece.at);
    out.set(f.bytes.subarray(skip, Math.min(f.bytes.length, out.length - f.piece.at)), f.piece.at + skip);
    filled = end;
  }
  return out;
}

function reassembledLength(msp: Msp): number {
  let end = 0;
  for (const f of msp.fragments) end = Math.max(end, f.piece.at + f.piece.length);
  return end;
}

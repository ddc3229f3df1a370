/**
 * From the PDUs core/flow/tcp-pdu.ts finds to what each packet's dissection is told (TcpPduInfo), and back
 * from a completing packet's segment list to the PDU's bytes, read again from its segments' payloads (no
 * PDU bytes are kept between dissections, as for IP datagrams).
 */
import type { TcpPduInfo } from '../dissect/flow-info-tcp-pdu';
import type { PduPiece, TcpPdu } from './tcp-pdu';

/**
 * What desegmentation found, per packet, kept for the whole capture: two numbers per packet in typed arrays
 * (where its PDU completes, where that PDU starts in its payload) and a segment list per completing packet,
 * instead of an object per segment.
 */
export class PduInfoStore {
  /** Per packet (index number − 1): the completing packet, 0 = none. */
  private reassembledIn = new Uint32Array(0);
  /** Per packet: where its PDU starts in its TCP payload, −1 = none. */
  private startsAt = new Int32Array(0);
  private readonly completing = new Map<number, NonNullable<TcpPduInfo['pdu']>>();

  /** Packet `number`'s info, or undefined when it has none. */
  get(number: number): TcpPduInfo | undefined {
    const reassembledIn = this.reassembledInOf(number);
    const startsAt = this.startsAtOf(number);
    const pdu = this.completedBy(number);
    if (reassembledIn === 0 && startsAt < 0 && pdu === undefined) return undefined;
    const info: TcpPduInfo = {};
    if (pdu !== undefined) info.pdu = pdu;
    if (reassembledIn !== 0) info.reassembledIn = reassembledIn;
    if (startsAt >= 0) info.startsAt = startsAt;
    return info;
  }

  /** The packet that completes the PDU packet `number` is an earlier segment of; 0: none. */
  reassembledInOf(number: number): number {
    return number >= 1 && number <= this.reassembledIn.length ? this.reassembledIn[number - 1] : 0;
  }

  /** Where that PDU (or one never completed) starts in packet `number`'s TCP payload; −1: none. */
  startsAtOf(number: number): number {
    return number >= 1 && number <= this.startsAt.length ? this.startsAt[number - 1] : -1;
  }

  /** The PDU packet `number` completes, if any. */
  completedBy(number: number): TcpPduInfo['pdu'] {
    return this.completing.get(number);
  }

  /**
   * Records one PDU: its completing packet gets the segment list, the others `reassembledIn`. A packet that
   * ends one PDU and starts the next gets both.
   */
  record(pdu: TcpPdu): void {
    const segments = pdu.pieces.map((p) => ({ number: p.packet, offset: p.at, length: p.length, from: p.offset }));
    let end = -1;
    for (const p of pdu.pieces) if (p.packet === pdu.completedIn) end = Math.max(end, p.offset + p.length);
    this.completing.set(pdu.completedIn, end < 0 ? { segments, length: pdu.length } : { segments, length: pdu.length, end });
    for (const p of pdu.pieces) {
      if (p.packet === pdu.completedIn) continue;
      this.reserve(p.packet);
      const i = p.packet - 1;
      // The first PDU a segment belongs to is the one tshark names (a retransmitted copy listed later does not move it).
      if (this.reassembledIn[i] !== 0) continue;
      this.reassembledIn[i] = pdu.completedIn;
      this.startsAt[i] = p.offset;
    }
  }

  /** Records the pieces of a PDU that never completed: each is a segment without a frame to point to. */
  recordUnfinished(pieces: readonly PduPiece[]): void {
    for (const p of pieces) {
      this.reserve(p.packet);
      if (this.startsAt[p.packet - 1] < 0) this.startsAt[p.packet - 1] = p.offset;
    }
  }

  private reserve(number: number): void {
    if (number <= this.reassembledIn.length) return;
    const cap = Math.max(number, 2 * this.reassembledIn.length, 1024);
    const r = new Uint32Array(cap);
    r.set(this.reassembledIn);
    const s = new Int32Array(cap).fill(-1);
    s.set(this.startsAt);
    this.reassembledIn = r;
    this.startsAt = s;
  }
}

/**
 * The PDU's bytes from its segments' TCP payloads (`payloadOf(n)`: packet n's captured payload), the first
 * copy of each byte winning, written to the start of `into` (a new buffer by default; one reused must be at
 * least the PDU's length); undefined when a segment's payload cannot be had (the file changed under us).
 */
export function assemblePdu(pdu: NonNullable<TcpPduInfo['pdu']>, payloadOf: (number: number) => Uint8Array | undefined, into?: Uint8Array): Uint8Array | undefined {
  const out = into === undefined ? new Uint8Array(pdu.length) : into.subarray(0, pdu.length);
  let filled = 0;
  for (const s of pdu.segments) {
    const payload = payloadOf(s.number);
    if (payload === undefined || payload.length < s.from + s.length) return undefined;
    const end = s.offset + s.length;
    if (end <= filled) continue;
    if (s.offset > filled && into !== undefined) out.fill(0, filled, s.offset);
    const skip = Math.max(0, filled - s.offset);
    out.set(payload.subarray(s.from + skip, s.from + Math.min(s.length, pdu.length - s.offset)), s.offset + skip);
    filled = end;
  }
  return filled >= pdu.length ? out : undefined;
}

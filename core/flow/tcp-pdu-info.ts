/**
 * From the PDUs core/flow/tcp-pdu.ts finds to what each packet's dissection is told (TcpPduInfo), and back
 * from a completing packet's segment list to the PDU's bytes, read again from its segments' payloads (no
 * PDU bytes are kept between dissections, as for IP datagrams).
 */
import type { TcpPduInfo } from '../dissect/flow-info-tcp-pdu';
import type { PduPiece, TcpPdu } from './tcp-pdu';

/**
 * Records one PDU in `infos` (packet number → info): its completing packet gets the segment list, the others
 * `reassembledIn`. A packet that ends one PDU and starts the next gets both.
 */
export function recordPdu(infos: Map<number, TcpPduInfo>, pdu: TcpPdu): void {
  const segments = pdu.pieces.map((p) => ({ number: p.packet, offset: p.at, length: p.length, from: p.offset }));
  const last = infos.get(pdu.completedIn);
  infos.set(pdu.completedIn, { ...last, pdu: { segments, length: pdu.length } });
  for (const p of pdu.pieces) {
    if (p.packet === pdu.completedIn) continue;
    const info = infos.get(p.packet);
    // The first PDU a segment belongs to is the one tshark names (a retransmitted copy listed later does not move it).
    if (info?.reassembledIn === undefined) infos.set(p.packet, { ...info, reassembledIn: pdu.completedIn, startsAt: p.offset });
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

/** Records the pieces of a PDU that never completed: each is a segment without a frame to point to. */
export function recordUnfinished(infos: Map<number, TcpPduInfo>, pieces: readonly PduPiece[]): void {
  for (const p of pieces) {
    const info = infos.get(p.packet);
    if (info?.startsAt === undefined) infos.set(p.packet, { ...info, startsAt: p.offset });
  }
}

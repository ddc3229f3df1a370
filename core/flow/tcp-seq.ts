/**
 * TCP sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4), as Wireshark's LT_SEQ / GT_SEQ family: `a` is
 * before `b` when the signed 32-bit difference `a - b` is negative, so comparisons survive wrap-around.
 */

/** `a + b` modulo 2^32, as an unsigned number. */
export function seqAdd(a: number, b: number): number {
  return (a + b) >>> 0;
}

/** `a - b` modulo 2^32, as an unsigned number (a relative sequence number). */
export function seqSub(a: number, b: number): number {
  return (a - b) >>> 0;
}

export function seqLt(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

export function seqLe(a: number, b: number): boolean {
  return ((a - b) | 0) <= 0;
}

export function seqGt(a: number, b: number): boolean {
  return ((b - a) | 0) < 0;
}

/** A direction's relative-sequence base, unset until its first segment (or the other side's first ACK). */
export interface SeqBase {
  base: number;
  baseSet: boolean;
}

/**
 * Wireshark's relative-sequence bases (tcp_analyze_sequence_number), set once per direction: the sender's
 * from its SYN's sequence number (else seq − 1), the other side's from the first ACK (ack − 1).
 */
export function noteSeqBases(sender: SeqBase, other: SeqBase, seg: { seq: number; ack: number; flags: number }): void {
  if (!sender.baseSet) {
    sender.base = seg.flags & 0x002 ? seg.seq >>> 0 : (seg.seq - 1) >>> 0;
    sender.baseSet = true;
  }
  if (!other.baseSet && seg.flags & 0x010) {
    other.base = (seg.ack - 1) >>> 0;
    other.baseSet = true;
  }
}

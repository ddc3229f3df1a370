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

/** The Internet checksum (RFC 1071) and the TCP/UDP/ICMPv6 pseudo-header sums. */

/** One's-complement sum of `bytes[from, to)` as 16-bit big-endian words, added to `acc` (not folded). */
export function sum16(bytes: Uint8Array, from: number, to: number, acc = 0): number {
  let s = acc;
  let i = from;
  for (; i + 1 < to; i += 2) s += (bytes[i] << 8) | bytes[i + 1];
  if (i < to) s += bytes[i] << 8;
  return s;
}

/** Folds a sum to 16 bits and complements it. */
export function finish(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

export function checksum(bytes: Uint8Array, from: number, to: number): number {
  return finish(sum16(bytes, from, to));
}

/** Sum of the IPv4 or IPv6 pseudo header: addresses, upper-layer length and protocol number. */
export function pseudoHeaderSum(src: Uint8Array, dst: Uint8Array, protocol: number, length: number): number {
  let s = sum16(src, 0, src.length);
  s = sum16(dst, 0, dst.length, s);
  return s + protocol + (length >>> 16) + (length & 0xffff);
}

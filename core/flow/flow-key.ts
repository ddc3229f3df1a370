/**
 * Flow keys: one string per unordered pair of endpoints (address and port), the same whichever side sent
 * the packet, so both directions of a conversation land in one Map entry (a symmetric hash). Built from a
 * header of a FlowRecords batch (core/flow/flow-record.ts).
 */
import type { FlowRecords } from './flow-record';

/**
 * Wireshark's cmp_address on two addresses of the same type: byte order of the address, then (for a tie)
 * nothing else. Negative when the source sorts first.
 */
export function compareSrcDst(r: FlowRecords, h: number): number {
  const at = r.addr[h];
  const len = r.addrLen[h];
  const b = r.addrBytes;
  for (let i = 0; i < len; i++) {
    const d = b[at + i] - b[at + len + i];
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The side of a TCP conversation this header travels on, as tshark's get_tcp_conversation_data picks
 * `fwd`: 0 when the source address sorts above the destination (or, equal addresses, the source port is
 * above the destination port), else 1.
 */
export function tcpDirection(r: FlowRecords, h: number): 0 | 1 {
  const c = compareSrcDst(r, h);
  if (c !== 0) return c > 0 ? 0 : 1;
  return r.srcPort[h] > r.dstPort[h] ? 0 : 1;
}

/** The source endpoint sorts first (address bytes, then port): it goes first in the key. */
function srcFirst(r: FlowRecords, h: number): boolean {
  const c = compareSrcDst(r, h);
  if (c !== 0) return c < 0;
  return r.srcPort[h] <= r.dstPort[h];
}

function addrChars(r: FlowRecords, at: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(r.addrBytes[at + i]);
  return s;
}

/**
 * The key of a header's endpoint pair: the two endpoints in sorted order, each as its address bytes (one
 * char per byte; the length tells IPv4, IPv6 and MAC apart) and, with ports, its port.
 */
export function flowKey(r: FlowRecords, h: number, withPorts: boolean): string {
  const at = r.addr[h];
  const len = r.addrLen[h];
  const src = addrChars(r, at, len);
  const dst = addrChars(r, at + len, len);
  if (!withPorts) return srcFirst(r, h) ? `${src}|${dst}` : `${dst}|${src}`;
  const sp = String.fromCharCode(r.srcPort[h]);
  const dp = String.fromCharCode(r.dstPort[h]);
  return srcFirst(r, h) ? `${src}${sp}|${dst}${dp}` : `${dst}${dp}|${src}${sp}`;
}

/** Does the header's source come first in its key (so the key's first endpoint sent it)? */
export function sentByFirst(r: FlowRecords, h: number): boolean {
  return srcFirst(r, h);
}

/**
 * Loads and comparisons relative to the headers of the current encapsulation: gencode.c's
 * gen_load_a, gen_loadx_iphdrlen, gen_cmp / gen_mcmp / gen_ncmp and gen_bcmp. Every lowering module
 * reads packet data through these, so a variable offset (radiotap/PPI/Prism/AVS or 802.11 header
 * length, Geneve inner headers) is handled in one place: `ldx M[slot]` and an indexed load.
 */
import {
  BPF_ABS, BPF_ADD, BPF_ALU, BPF_AND, BPF_B, BPF_H, BPF_IND, BPF_K, BPF_LD, BPF_LDX, BPF_LSH, BPF_MEM,
  BPF_MISC, BPF_MSH, BPF_TAX, BPF_W, BPF_X,
} from '../../bpf/opcodes';
import type { BranchOp, Stmt } from '../ir';
import type { Span } from '../span';
import type { AbsOffset, Encap, LowerSession } from './context';
import { and, not, test, type Frag } from './frag';

/**
 * What an offset is relative to (libpcap 1.10's enum e_offrel):
 * - 'packet': the start of the packet;
 * - 'linkhdr' / 'prevlinkhdr': the current / previous (outer) link-layer header;
 * - 'llc': the link-layer payload (where an 802.2 LLC header would start);
 * - 'prevmpls': the last MPLS label seen (link payload + offNl − 4);
 * - 'linktype': the link-layer type field;
 * - 'linkpl' / 'linkpl-nosnap': the network-layer header (link payload + offNl / offNlNoSnap);
 * - 'tran-ipv4' / 'tran-ipv6': the transport header after an IPv4 header (its length from IHL) or a
 *   fixed 40-byte IPv6 header.
 */
export type OffsetRel = 'packet' | 'linkhdr' | 'prevlinkhdr' | 'llc' | 'prevmpls' | 'linktype'
  | 'linkpl' | 'linkpl-nosnap' | 'tran-ipv4' | 'tran-ipv6';

export type LoadSize = 1 | 2 | 4;

/** gen_cmp's jumps, plus `jlt`/`jle` (gen_cmp_lt / gen_cmp_le: jge / jgt with the sense reversed). */
export type CmpOp = BranchOp | 'jlt' | 'jle';

const sizeCode = (size: number): number => {
  switch (size) {
    case 4: return BPF_W;
    case 2: return BPF_H;
    case 1: return BPF_B;
    default: throw new Error(`internal: load size ${size}`);
  }
};

/** gen_abs_offset_varpart: `ldx M[reg]` when the offset has a run-time part, else nothing. */
export function offsetVarPart(s: LowerSession, off: AbsOffset, span?: Span): Stmt[] {
  return off.reg === null ? [] : [{ code: BPF_LDX | BPF_MEM, k: s.slotOf(off.reg, span) }];
}

/** gen_load_absoffsetrel: load `size` bytes at `off + offset`. */
export function loadAbsOffset(s: LowerSession, off: AbsOffset, offset: number, size: LoadSize, span?: Span): Stmt[] {
  const k = (off.constant + offset) >>> 0;
  const x = offsetVarPart(s, off, span);
  if (x.length === 0) return [{ code: BPF_LD | BPF_ABS | sizeCode(size), k }];
  return [...x, { code: BPF_LD | BPF_IND | sizeCode(size), k }];
}

/**
 * gen_loadx_iphdrlen: X = the IPv4 header length (`ldxb 4*([nl]&0xf)`), plus the run-time part of
 * the link payload's offset when there is one (then computed through A, which it clobbers).
 */
export function loadXIpHdrLen(s: LowerSession, e: Encap, span?: Span): Stmt[] {
  const k = (e.offLinkPl.constant + e.offNl) >>> 0;
  const x = offsetVarPart(s, e.offLinkPl, span);
  if (x.length === 0) return [{ code: BPF_LDX | BPF_MSH | BPF_B, k }];
  return [
    ...x,
    { code: BPF_LD | BPF_IND | BPF_B, k },
    { code: BPF_ALU | BPF_AND | BPF_K, k: 0xf },
    { code: BPF_ALU | BPF_LSH | BPF_K, k: 2 },
    { code: BPF_ALU | BPF_ADD | BPF_X, k: 0 },
    { code: BPF_MISC | BPF_TAX, k: 0 },
  ];
}

/** The offset a link header field lives at, or an internal error for a link without the field. */
function linkTypeOffset(e: Encap): AbsOffset {
  if (e.offLinkType === null) {
    throw new Error(`internal: link type ${e.linkType} has no link-layer type field`);
  }
  return e.offLinkType;
}

/** gen_load_a: the value at `offset` relative to `rel`, left in A (X may be clobbered). */
export function loadA(s: LowerSession, e: Encap, rel: OffsetRel, offset: number, size: LoadSize, span?: Span): Stmt[] {
  switch (rel) {
    case 'packet':
      return [{ code: BPF_LD | BPF_ABS | sizeCode(size), k: offset >>> 0 }];
    case 'linkhdr':
      return loadAbsOffset(s, e.offLinkHdr, offset, size, span);
    case 'prevlinkhdr':
      if (e.offPrevLinkHdr === null) throw new Error('internal: no previous link-layer header');
      return loadAbsOffset(s, e.offPrevLinkHdr, offset, size, span);
    case 'llc':
      return loadAbsOffset(s, e.offLinkPl, offset, size, span);
    case 'prevmpls':
      return loadAbsOffset(s, e.offLinkPl, e.offNl - 4 + offset, size, span);
    case 'linkpl':
      return loadAbsOffset(s, e.offLinkPl, e.offNl + offset, size, span);
    case 'linkpl-nosnap':
      return loadAbsOffset(s, e.offLinkPl, e.offNlNoSnap + offset, size, span);
    case 'linktype':
      return loadAbsOffset(s, linkTypeOffset(e), offset, size, span);
    case 'tran-ipv4':
      return [
        ...loadXIpHdrLen(s, e, span),
        { code: BPF_LD | BPF_IND | sizeCode(size), k: (e.offLinkPl.constant + e.offNl + offset) >>> 0 },
      ];
    case 'tran-ipv6':
      return loadAbsOffset(s, e.offLinkPl, e.offNl + 40 + offset, size, span);
  }
}

/**
 * gen_ncmp / gen_cmp / gen_mcmp: load, `and #mask` when a mask other than 0xffffffff is given, and
 * branch on `op` against `value`. `jlt`/`jle` are `jge`/`jgt` with the sense reversed.
 */
export function cmp(
  s: LowerSession, e: Encap, rel: OffsetRel, offset: number, size: LoadSize,
  op: CmpOp, value: number, mask?: number, span?: Span,
): Frag {
  const stmts = loadA(s, e, rel, offset, size, span);
  if (mask !== undefined && mask >>> 0 !== 0xffffffff) stmts.push({ code: BPF_ALU | BPF_AND | BPF_K, k: mask >>> 0 });
  switch (op) {
    case 'jlt': return not(test(s.cfg, stmts, 'jge', value, span));
    case 'jle': return not(test(s.cfg, stmts, 'jgt', value, span));
    default: return test(s.cfg, stmts, op, value, span);
  }
}

/** gen_bcmp: the bytes at `offset` equal `bytes`, compared a word at a time from the end, then a half, then a byte. */
export function bcmp(s: LowerSession, e: Encap, rel: OffsetRel, offset: number, bytes: Uint8Array, span?: Span): Frag {
  let b: Frag | null = null;
  const push = (tmp: Frag): void => {
    b = b === null ? tmp : and(b, tmp);
  };
  let size = bytes.length;
  while (size >= 4) {
    const p = size - 4;
    const v = ((bytes[p]! << 24) | (bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!) >>> 0;
    push(cmp(s, e, rel, offset + p, 4, 'jeq', v, undefined, span));
    size -= 4;
  }
  while (size >= 2) {
    const p = size - 2;
    push(cmp(s, e, rel, offset + p, 2, 'jeq', (bytes[p]! << 8) | bytes[p + 1]!, undefined, span));
    size -= 2;
  }
  if (size > 0) push(cmp(s, e, rel, offset, 1, 'jeq', bytes[0]!, undefined, span));
  if (b === null) throw new Error('internal: bcmp of no bytes');
  return b;
}

/** gen_snap: an 802.2 LLC/SNAP header (AA AA 03, `orgCode`, `ptype`) at the link payload. */
export function snap(s: LowerSession, e: Encap, orgCode: number, ptype: number, span?: Span): Frag {
  const bytes = new Uint8Array([
    0xaa, 0xaa, 0x03, (orgCode >>> 16) & 0xff, (orgCode >>> 8) & 0xff, orgCode & 0xff, (ptype >>> 8) & 0xff, ptype & 0xff,
  ]);
  return bcmp(s, e, 'llc', 0, bytes, span);
}

/** gen_mac_multicast: the group bit of the MAC address at `offset` in the link header. */
export function macMulticast(s: LowerSession, e: Encap, offset: number, span?: Span): Frag {
  return test(s.cfg, loadA(s, e, 'linkhdr', offset, 1, span), 'jset', 1, span);
}

/**
 * The comparison primitives the special link types are lowered with, shaped like gencode.c's
 * gen_ncmp / gen_mcmp / gen_bcmp so the lowering reads side by side with libpcap:
 *
 * - `ncmp`: load a field, optionally AND a mask, compare with jeq/jgt/jge; `reverse` negates jgt/jge
 *   only (libpcap ignores it for jeq — which is why `sls != 8` means `sls == 8` there, and here);
 * - `bcmp` (load.ts's): compare a byte string, last word first, as libpcap orders the tests;
 * - `jset`: `field & bits != 0`.
 *
 * Loads go through lower/load.ts (`loadA`), which resolves variable offsets (radiotap/PPI/Prism/AVS,
 * 802.11 and pflog header lengths) through the session's scratch slots.
 */
import { BPF_ALU, BPF_AND, BPF_K } from '../../../bpf/opcodes';
import { FilterError } from '../../../errors';
import type { RelOp } from '../../ast';
import type { BranchOp, Stmt } from '../../ir';
import type { Span } from '../../span';
import type { Encap, LowerSession } from '../context';
import { not, or, test, type Frag } from '../frag';
import { bcmp, loadA, type OffsetRel } from '../load';

export type { OffsetRel };
export { bcmp };
export type LoadSize = 1 | 2 | 4;

/** LINKTYPE_ values of the link types lowered under lower/links/ by this family of files. */
export const LINKTYPE = {
  ARCNET_BSD: 7,
  IEEE802_11: 105,
  PFLOG: 117,
  PRISM_HEADER: 119,
  SUNATM: 123,
  IEEE802_11_RADIO: 127,
  ARCNET_LINUX: 129,
  MTP2_WITH_PHDR: 139,
  MTP2: 140,
  IEEE802_11_RADIO_AVS: 163,
  PPI: 192,
  ERF: 197,
  EN10MB: 1,
} as const;

export { NO_LINK_OFFSETS } from '../context';

/** `A = field; [A &= mask]; if (A jtype value)`, negated for jgt/jge when `reverse` (gen_ncmp). */
export function ncmp(
  s: LowerSession, e: Encap, rel: OffsetRel, offset: number, size: LoadSize,
  mask: number, jtype: Exclude<BranchOp, 'jset'>, reverse: boolean, value: number, span?: Span,
): Frag {
  const stmts: Stmt[] = loadA(s, e, rel, offset, size);
  if (mask >>> 0 !== 0xffffffff) stmts.push({ code: BPF_ALU | BPF_AND | BPF_K, k: mask >>> 0 });
  const f = test(s.cfg, stmts, jtype, value >>> 0, span);
  return reverse && jtype !== 'jeq' ? not(f) : f;
}

/** gen_mcmp: `(field & mask) == value`. */
export const mcmp = (s: LowerSession, e: Encap, rel: OffsetRel, offset: number, size: LoadSize,
  value: number, mask: number, span?: Span): Frag => ncmp(s, e, rel, offset, size, mask, 'jeq', false, value, span);

/** gen_cmp: `field == value`. */
export const cmpEq = (s: LowerSession, e: Encap, rel: OffsetRel, offset: number, size: LoadSize,
  value: number, span?: Span): Frag => ncmp(s, e, rel, offset, size, 0xffffffff, 'jeq', false, value, span);

/** `field & bits` is non-zero (a `jset` block). */
export function jset(s: LowerSession, e: Encap, rel: OffsetRel, offset: number, size: LoadSize,
  bits: number, span?: Span): Frag {
  return test(s.cfg, loadA(s, e, rel, offset, size), 'jset', bits, span);
}

/**
 * grammar.y's relop / irelop for field tests (`vpi > 5`, `sio <= 3`): `>`, `>=`, `=` map to
 * jgt/jge/jeq; `<=`, `<`, `!=` to the same jumps reversed. libpcap reverses only jgt/jge, so `!=`
 * compiles as `=` — kept, since Trawl must select exactly the packets libpcap selects.
 */
export function relJump(op: RelOp): { jtype: Exclude<BranchOp, 'jset'>; reverse: boolean } {
  switch (op) {
    case '>': return { jtype: 'jgt', reverse: false };
    case '>=': return { jtype: 'jge', reverse: false };
    case '=': return { jtype: 'jeq', reverse: false };
    case '<=': return { jtype: 'jgt', reverse: true };
    case '<': return { jtype: 'jge', reverse: true };
    case '!=': return { jtype: 'jeq', reverse: true };
  }
}

/**
 * A field test with one value and a relation, or a parenthesised list of values (an `or` of `=`
 * tests, left to right, as grammar.y's atmlistvalue / mtp3listvalue build it).
 */
export function fieldValues(
  values: readonly number[], op: RelOp, span: Span,
  one: (jtype: Exclude<BranchOp, 'jset'>, reverse: boolean, value: number) => Frag,
): Frag {
  if (values.length === 0) throw new FilterError('empty-value-list', 'Give at least one value to compare with.', span);
  if (values.length === 1) {
    const { jtype, reverse } = relJump(op);
    return one(jtype, reverse, values[0]!);
  }
  let b = one('jeq', false, values[0]!);
  for (const v of values.slice(1)) b = or(b, one('jeq', false, v));
  return b;
}

/** A FilterError for a keyword used on a link type that does not have the field (libpcap's wording). */
export function unsupportedOnLink(message: string, span: Span): FilterError {
  return new FilterError('unsupported-on-link-type', message, span);
}

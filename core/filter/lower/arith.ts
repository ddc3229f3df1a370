/**
 * Packet-data expressions: gencode.c's gen_loadi, gen_loadlen, gen_load (`proto[index:size]`,
 * relative to the link header, the network header or the transport header), gen_neg, gen_arth and
 * gen_relation; plus gen_less / gen_greater and gen_byteop.
 *
 * As in libpcap every operand is computed into a scratch word (so any nesting works with the two
 * BPF registers); the protocol checks a load needs (`tcp[0]` needs IPv4 carrying TCP, not a later
 * fragment) are and-ed in front of the comparison, so a packet of another protocol never reaches a
 * load that could run past its end. Constant folding is left to the optimiser, as libpcap does.
 */
import {
  BPF_ADD, BPF_ALU, BPF_AND, BPF_B, BPF_DIV, BPF_H, BPF_IMM, BPF_IND, BPF_K, BPF_LD, BPF_LDX, BPF_LEN, BPF_LSH, BPF_MEM,
  BPF_MISC, BPF_MOD, BPF_MUL, BPF_NEG, BPF_OR, BPF_RSH, BPF_ST, BPF_SUB, BPF_TAX, BPF_W, BPF_X, BPF_XOR,
} from '../../bpf/opcodes';
import type { Arith, ArithOp, KeywordPrimitive, ProtoQualifier, RelOp } from '../ast';
import type { Stmt } from '../ir';
import type { Span } from '../span';
import type { AbsOffset, Encap, LowerSession } from './context';
import { and, not, test, type Frag } from './frag';
import { linkTypeTest } from './link-type-test';
import { ETHERTYPE } from './links/llc-sap';
import { cmp, loadXIpHdrLen, offsetVarPart } from './load';
import { ipNotLaterFragment } from './port';
import { protoAbbrev } from './proto';

type RelationNode = { readonly kind: 'relation'; readonly op: RelOp; readonly left: Arith; readonly right: Arith; readonly span: Span };
type LessGreaterNode = Extract<KeywordPrimitive, { kind: 'less' | 'greater' }>;
type ByteNode = Extract<KeywordPrimitive, { kind: 'byte' }>;

/** A value computed into scratch word `reg` by `stmts`, valid only where `guard` holds. */
interface Val {
  readonly stmts: Stmt[];
  readonly reg: number;
  readonly guard: Frag | null;
}

const ALU_OP: Readonly<Record<ArithOp, number>> = {
  '+': BPF_ADD, '-': BPF_SUB, '*': BPF_MUL, '/': BPF_DIV, '%': BPF_MOD, '&': BPF_AND, '|': BPF_OR, '^': BPF_XOR,
  '<<': BPF_LSH, '>>': BPF_RSH,
};
const SIZE_CODE = { 1: BPF_B, 2: BPF_H, 4: BPF_W } as const;

const st = (reg: number): Stmt => ({ code: BPF_ST, k: reg });
const ldMem = (reg: number): Stmt => ({ code: BPF_LD | BPF_MEM, k: reg });
const ldxMem = (reg: number): Stmt => ({ code: BPF_LDX | BPF_MEM, k: reg });
const tax: Stmt = { code: BPF_MISC | BPF_TAX, k: 0 };
const addX: Stmt = { code: BPF_ALU | BPF_ADD | BPF_X, k: 0 };

const andGuards = (a: Frag | null, b: Frag | null): Frag | null => (a === null ? b : b === null ? a : and(a, b));

/** Network-layer pnames whose loads are relative to the network header (and need that protocol). */
const NETWORK_PNAMES = new Set<ProtoQualifier>(['ip', 'arp', 'rarp', 'atalk', 'decnet', 'sca', 'lat', 'moprc', 'mopdl', 'ip6']);
/** Transport pnames: relative to the transport header after IPv4 (libpcap has no IPv6 variant). */
const TRANSPORT_PNAMES = new Set<ProtoQualifier>(['sctp', 'tcp', 'udp', 'icmp', 'igmp', 'igrp', 'pim', 'vrrp', 'carp']);

/** X = index (+ the run-time part of `off`, when it has one). */
function indexToX(s: LowerSession, off: AbsOffset, idx: number, span: Span): Stmt[] {
  const varPart = offsetVarPart(s, off, span);
  return varPart.length === 0 ? [ldxMem(idx)] : [...varPart, ldMem(idx), addX, tax];
}

function lowerLoad(s: LowerSession, e: Encap, a: Extract<Arith, { kind: 'load' }>): Val {
  const idx = lowerArith(s, e, a.index);
  const p = a.proto.value;
  const ldInd = (k: number): Stmt => ({ code: BPF_LD | BPF_IND | SIZE_CODE[a.size], k: k >>> 0 });
  let body: Stmt[];
  let guard = idx.guard;
  if (p === 'radio') {
    body = [ldxMem(idx.reg), ldInd(0)];
  } else if (p === 'link') {
    body = [...indexToX(s, e.offLinkHdr, idx.reg, a.span), ldInd(e.offLinkHdr.constant)];
  } else if (NETWORK_PNAMES.has(p)) {
    body = [...indexToX(s, e.offLinkPl, idx.reg, a.span), ldInd(e.offLinkPl.constant + e.offNl)];
    guard = andGuards(guard, protoAbbrev(s, e, p, a.span));
  } else if (TRANSPORT_PNAMES.has(p)) {
    body = [...loadXIpHdrLen(s, e, a.span), ldMem(idx.reg), addX, tax, ldInd(e.offLinkPl.constant + e.offNl)];
    const check = and(protoAbbrev(s, e, p, a.span), ipNotLaterFragment(s, e, a.span));
    guard = and(protoAbbrev(s, e, 'ip', a.span), andGuards(guard, check) ?? check);
  } else if (p === 'icmp6') {
    body = [...indexToX(s, e.offLinkPl, idx.reg, a.span), ldInd(e.offLinkPl.constant + e.offNl + 40)];
    const ip6 = linkTypeTest(s, e, ETHERTYPE.IPV6, a.span);
    guard = and(andGuards(guard, ip6) ?? ip6, cmp(s, e, 'linkpl', 6, 1, 'jeq', 58, undefined, a.span));
  } else {
    throw new Error(`internal: the checker let through ${p}[…]`);
  }
  return { stmts: [...idx.stmts, ...body, st(idx.reg)], reg: idx.reg, guard };
}

function lowerArith(s: LowerSession, e: Encap, a: Arith): Val {
  switch (a.kind) {
    case 'const': {
      const reg = s.allocScratch(a.span);
      return { stmts: [{ code: BPF_LD | BPF_IMM, k: a.value >>> 0 }, st(reg)], reg, guard: null };
    }
    case 'len': {
      const reg = s.allocScratch(a.span);
      return { stmts: [{ code: BPF_LD | BPF_W | BPF_LEN, k: 0 }, st(reg)], reg, guard: null };
    }
    case 'load':
      return lowerLoad(s, e, a);
    case 'negate': {
      const v = lowerArith(s, e, a.operand);
      return { stmts: [...v.stmts, ldMem(v.reg), { code: BPF_ALU | BPF_NEG, k: 0 }, st(v.reg)], reg: v.reg, guard: v.guard };
    }
    case 'binary': {
      const l = lowerArith(s, e, a.left);
      const r = lowerArith(s, e, a.right);
      const stmts = [...l.stmts, ...r.stmts, ldxMem(r.reg), ldMem(l.reg), { code: BPF_ALU | BPF_X | ALU_OP[a.op], k: 0 }];
      s.freeScratch(l.reg);
      s.freeScratch(r.reg);
      const reg = s.allocScratch(a.span);
      // libpcap 1.10's gen_arth keeps only the left operand's protocol checks (in `ip[2] - tcp[0]`
      // the tcp check is dropped); kept, so verdicts match.
      return { stmts: [...stmts, st(reg)], reg, guard: l.guard };
    }
  }
}

/** gen_relation: compute both sides, compare A (left) with X (right). */
export function lowerRelation(s: LowerSession, e: Encap, node: RelationNode): Frag {
  const l = lowerArith(s, e, node.left);
  const r = lowerArith(s, e, node.right);
  const stmts = [...l.stmts, ...r.stmts, ldxMem(r.reg), ldMem(l.reg)];
  s.freeScratch(l.reg);
  s.freeScratch(r.reg);
  const sub: Stmt = { code: BPF_ALU | BPF_SUB | BPF_X, k: 0 };
  let b: Frag;
  switch (node.op) {
    case '=': b = test(s.cfg, [...stmts, sub], 'jeq', 0, node.span); break;
    case '!=': b = not(test(s.cfg, [...stmts, sub], 'jeq', 0, node.span)); break;
    case '>': b = test(s.cfg, stmts, 'jgt', 0, node.span, true); break;
    case '>=': b = test(s.cfg, stmts, 'jge', 0, node.span, true); break;
    case '<': b = not(test(s.cfg, stmts, 'jge', 0, node.span, true)); break;
    case '<=': b = not(test(s.cfg, stmts, 'jgt', 0, node.span, true)); break;
  }
  const guard = andGuards(l.guard, r.guard);
  return guard === null ? b : and(guard, b);
}

/** gen_less (`len <= n`) and gen_greater (`len >= n`). */
export function lowerLessGreater(s: LowerSession, _e: Encap, node: LessGreaterNode): Frag {
  const len: Stmt[] = [{ code: BPF_LD | BPF_W | BPF_LEN, k: 0 }];
  return node.kind === 'less' ? not(test(s.cfg, len, 'jgt', node.value, node.span)) : test(s.cfg, len, 'jge', node.value, node.span);
}

/**
 * gen_byteop: `byte N op M` on the byte at offset N of the link header. For `&` and `|` libpcap
 * 1.10 emits the operation without loading the byte (it tests whatever A holds); that is kept, so
 * verdicts match libpcap's packet for packet.
 */
export function lowerByte(s: LowerSession, e: Encap, node: ByteNode): Frag {
  switch (node.op) {
    case '=': return cmp(s, e, 'linkhdr', node.offset, 1, 'jeq', node.value, undefined, node.span);
    case '<': return cmp(s, e, 'linkhdr', node.offset, 1, 'jlt', node.value, undefined, node.span);
    case '>': return cmp(s, e, 'linkhdr', node.offset, 1, 'jgt', node.value, undefined, node.span);
    case '|':
    case '&': {
      const op = node.op === '|' ? BPF_OR : BPF_AND;
      return not(test(s.cfg, [{ code: BPF_ALU | op | BPF_K, k: node.value >>> 0 }], 'jeq', 0, node.span));
    }
  }
}

/**
 * Classic BPF instructions as a tagged union, one variant per instruction kind (after golang/net
 * bpf): `assemble` turns one into its `struct sock_filter`, `decode` turns any raw record back into
 * one. The set of kinds is exactly the set of opcodes Linux accepts (chk_code_allowed in
 * net/core/filter.c); every other code decodes to `{kind: 'unknown'}`, so decoding never fails.
 *
 * Decoding is by the whole 16-bit code, as the kernel and libpcap match it: `0x08` (ld with size h
 * and mode imm) is not `ld #k`, it is unknown. Fields an instruction ignores (jt/jf of a non-jump,
 * k of `tax`) are dropped by `decode` and assembled as 0.
 */
import {
  BPF_A, BPF_ABS, BPF_ADD, BPF_ALU, BPF_AND, BPF_B, BPF_DIV, BPF_H, BPF_IMM, BPF_IND, BPF_JA, BPF_JEQ,
  BPF_JGE, BPF_JGT, BPF_JMP, BPF_JSET, BPF_K, BPF_LD, BPF_LDX, BPF_LEN, BPF_LSH, BPF_MEM, BPF_MISC,
  BPF_MOD, BPF_MSH, BPF_MUL, BPF_NEG, BPF_OR, BPF_RET, BPF_RSH, BPF_ST, BPF_STX, BPF_SUB, BPF_TAX,
  BPF_TXA, BPF_W, BPF_X, BPF_XOR, type RawInsn,
} from './opcodes';

/** Bytes read by a packet load: ld (word), ldh (half), ldb (byte). */
export type LoadSize = 4 | 2 | 1;
export type AluOp = 'add' | 'sub' | 'mul' | 'div' | 'mod' | 'and' | 'or' | 'xor' | 'lsh' | 'rsh';
export type JumpCond = 'jeq' | 'jgt' | 'jge' | 'jset';

export type Insn =
  /** A = P[off:size] */
  | { readonly kind: 'ld-abs'; readonly size: LoadSize; readonly off: number }
  /** A = P[X + off:size] */
  | { readonly kind: 'ld-ind'; readonly size: LoadSize; readonly off: number }
  /** A = M[slot] */
  | { readonly kind: 'ld-mem'; readonly slot: number }
  /** A = val */
  | { readonly kind: 'ld-imm'; readonly val: number }
  /** A = wire length */
  | { readonly kind: 'ld-len' }
  /** X = val */
  | { readonly kind: 'ldx-imm'; readonly val: number }
  /** X = M[slot] */
  | { readonly kind: 'ldx-mem'; readonly slot: number }
  /** X = wire length (Linux; libpcap 1.10 prints it as `unimp 0x81`) */
  | { readonly kind: 'ldx-len' }
  /** X = 4 * (P[off] & 0xf): the IPv4 header length */
  | { readonly kind: 'ldx-msh'; readonly off: number }
  /** M[slot] = A */
  | { readonly kind: 'st'; readonly slot: number }
  /** M[slot] = X */
  | { readonly kind: 'stx'; readonly slot: number }
  /** A = A op val */
  | { readonly kind: 'alu-k'; readonly op: AluOp; readonly val: number }
  /** A = A op X */
  | { readonly kind: 'alu-x'; readonly op: AluOp }
  /** A = -A */
  | { readonly kind: 'neg' }
  /** pc += 1 + skip */
  | { readonly kind: 'ja'; readonly skip: number }
  /** pc += 1 + (A cond val ? skipTrue : skipFalse) */
  | { readonly kind: 'jcond-k'; readonly cond: JumpCond; readonly val: number; readonly skipTrue: number; readonly skipFalse: number }
  /** pc += 1 + (A cond X ? skipTrue : skipFalse) */
  | { readonly kind: 'jcond-x'; readonly cond: JumpCond; readonly skipTrue: number; readonly skipFalse: number }
  /** accept `val` bytes (0 = drop) */
  | { readonly kind: 'ret-k'; readonly val: number }
  /** accept A bytes */
  | { readonly kind: 'ret-a' }
  /** X = A */
  | { readonly kind: 'tax' }
  /** A = X */
  | { readonly kind: 'txa' }
  /** A code no kernel accepts; kept whole so it can be printed and reassembled. */
  | { readonly kind: 'unknown'; readonly raw: RawInsn };

export type InsnKind = Insn['kind'];

const SIZE_BITS: Record<LoadSize, number> = { 4: BPF_W, 2: BPF_H, 1: BPF_B };
export const ALU_OPS: Record<AluOp, number> = {
  add: BPF_ADD, sub: BPF_SUB, mul: BPF_MUL, div: BPF_DIV, mod: BPF_MOD,
  and: BPF_AND, or: BPF_OR, xor: BPF_XOR, lsh: BPF_LSH, rsh: BPF_RSH,
};
export const JUMP_CONDS: Record<JumpCond, number> = { jeq: BPF_JEQ, jgt: BPF_JGT, jge: BPF_JGE, jset: BPF_JSET };

const raw = (code: number, k = 0, jt = 0, jf = 0): RawInsn => ({ code, jt, jf, k: k >>> 0 });

export function assemble(insn: Insn): RawInsn {
  switch (insn.kind) {
    case 'ld-abs': return raw(BPF_LD | SIZE_BITS[insn.size] | BPF_ABS, insn.off);
    case 'ld-ind': return raw(BPF_LD | SIZE_BITS[insn.size] | BPF_IND, insn.off);
    case 'ld-mem': return raw(BPF_LD | BPF_MEM, insn.slot);
    case 'ld-imm': return raw(BPF_LD | BPF_IMM, insn.val);
    case 'ld-len': return raw(BPF_LD | BPF_W | BPF_LEN);
    case 'ldx-imm': return raw(BPF_LDX | BPF_IMM, insn.val);
    case 'ldx-mem': return raw(BPF_LDX | BPF_MEM, insn.slot);
    case 'ldx-len': return raw(BPF_LDX | BPF_W | BPF_LEN);
    case 'ldx-msh': return raw(BPF_LDX | BPF_B | BPF_MSH, insn.off);
    case 'st': return raw(BPF_ST, insn.slot);
    case 'stx': return raw(BPF_STX, insn.slot);
    case 'alu-k': return raw(BPF_ALU | ALU_OPS[insn.op] | BPF_K, insn.val);
    case 'alu-x': return raw(BPF_ALU | ALU_OPS[insn.op] | BPF_X);
    case 'neg': return raw(BPF_ALU | BPF_NEG);
    case 'ja': return raw(BPF_JMP | BPF_JA, insn.skip);
    case 'jcond-k': return raw(BPF_JMP | JUMP_CONDS[insn.cond] | BPF_K, insn.val, insn.skipTrue, insn.skipFalse);
    case 'jcond-x': return raw(BPF_JMP | JUMP_CONDS[insn.cond] | BPF_X, 0, insn.skipTrue, insn.skipFalse);
    case 'ret-k': return raw(BPF_RET | BPF_K, insn.val);
    case 'ret-a': return raw(BPF_RET | BPF_A);
    case 'tax': return raw(BPF_MISC | BPF_TAX);
    case 'txa': return raw(BPF_MISC | BPF_TXA);
    case 'unknown': return { ...insn.raw };
  }
}

/** Decoders by exact code: the kernel's allowed-opcode table, built once from `assemble`'s encodings. */
const DECODERS = new Map<number, (r: RawInsn) => Insn>();
for (const size of [4, 2, 1] as const) {
  DECODERS.set(BPF_LD | SIZE_BITS[size] | BPF_ABS, (r) => ({ kind: 'ld-abs', size, off: r.k }));
  DECODERS.set(BPF_LD | SIZE_BITS[size] | BPF_IND, (r) => ({ kind: 'ld-ind', size, off: r.k }));
}
DECODERS.set(BPF_LD | BPF_MEM, (r) => ({ kind: 'ld-mem', slot: r.k }));
DECODERS.set(BPF_LD | BPF_IMM, (r) => ({ kind: 'ld-imm', val: r.k }));
DECODERS.set(BPF_LD | BPF_W | BPF_LEN, () => ({ kind: 'ld-len' }));
DECODERS.set(BPF_LDX | BPF_IMM, (r) => ({ kind: 'ldx-imm', val: r.k }));
DECODERS.set(BPF_LDX | BPF_MEM, (r) => ({ kind: 'ldx-mem', slot: r.k }));
DECODERS.set(BPF_LDX | BPF_W | BPF_LEN, () => ({ kind: 'ldx-len' }));
DECODERS.set(BPF_LDX | BPF_B | BPF_MSH, (r) => ({ kind: 'ldx-msh', off: r.k }));
DECODERS.set(BPF_ST, (r) => ({ kind: 'st', slot: r.k }));
DECODERS.set(BPF_STX, (r) => ({ kind: 'stx', slot: r.k }));
for (const [op, bits] of Object.entries(ALU_OPS) as [AluOp, number][]) {
  DECODERS.set(BPF_ALU | bits | BPF_K, (r) => ({ kind: 'alu-k', op, val: r.k }));
  DECODERS.set(BPF_ALU | bits | BPF_X, () => ({ kind: 'alu-x', op }));
}
DECODERS.set(BPF_ALU | BPF_NEG, () => ({ kind: 'neg' }));
DECODERS.set(BPF_JMP | BPF_JA, (r) => ({ kind: 'ja', skip: r.k }));
for (const [cond, bits] of Object.entries(JUMP_CONDS) as [JumpCond, number][]) {
  DECODERS.set(BPF_JMP | bits | BPF_K, (r) => ({ kind: 'jcond-k', cond, val: r.k, skipTrue: r.jt, skipFalse: r.jf }));
  DECODERS.set(BPF_JMP | bits | BPF_X, (r) => ({ kind: 'jcond-x', cond, skipTrue: r.jt, skipFalse: r.jf }));
}
DECODERS.set(BPF_RET | BPF_K, (r) => ({ kind: 'ret-k', val: r.k }));
DECODERS.set(BPF_RET | BPF_A, () => ({ kind: 'ret-a' }));
DECODERS.set(BPF_MISC | BPF_TAX, () => ({ kind: 'tax' }));
DECODERS.set(BPF_MISC | BPF_TXA, () => ({ kind: 'txa' }));

/** Whether Linux accepts this opcode at all (chk_code_allowed). */
export const isKnownCode = (code: number): boolean => DECODERS.has(code);

export function decode(r: RawInsn): Insn {
  const d = DECODERS.get(r.code);
  return d === undefined ? { kind: 'unknown', raw: { code: r.code, jt: r.jt, jf: r.jf, k: r.k } } : d(r);
}

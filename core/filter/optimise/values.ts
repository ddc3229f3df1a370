/**
 * Value numbering shared by the passes (libpcap optimize.c's val/vmap, over the whole graph).
 *
 * A value number (VN) names a function of the packet: a constant, a load at an offset, an ALU
 * result of other values, or "what atom a held on entry to block b" when its predecessors disagree.
 * The packet never changes, so one VN means one value wherever it is held; a fact learned about a
 * VN on one edge stays true below it. Atoms are the 16 scratch words, A and X.
 */
import {
  BPF_ABS, BPF_ALU, BPF_DIV, BPF_IMM, BPF_IND, BPF_LD, BPF_LDX, BPF_LEN, BPF_MEM, BPF_MEMWORDS,
  BPF_MISC, BPF_MOD, BPF_MSH, BPF_NEG, BPF_ST, BPF_STX, BPF_TAX, BPF_X, BPF_ADD, BPF_SUB, BPF_OR,
  BPF_XOR, BPF_LSH, BPF_RSH, BPF_MUL, BPF_AND, bpfClass, bpfMiscOp, bpfMode, bpfOp, bpfSize, bpfSrc,
} from '../../bpf/opcodes';
import { aluOp } from '../ir-eval';
import type { Block, Stmt } from '../ir';

export const A_ATOM = BPF_MEMWORDS;
export const X_ATOM = BPF_MEMWORDS + 1;
export const N_ATOMS = BPF_MEMWORDS + 2;

/** VNs of every atom at one program point. */
export type State = Int32Array;

export class ValueTable {
  private readonly keys = new Map<string, number>();
  private readonly consts = new Map<number, number>();
  private readonly sums = new Map<number, { base: number; c: number }>();
  private next = 1;

  vn(key: string): number {
    let v = this.keys.get(key);
    if (v === undefined) {
      v = this.next++;
      this.keys.set(key, v);
    }
    return v;
  }

  constVn(k: number): number {
    const v = this.vn(`#${k >>> 0}`);
    this.consts.set(v, k >>> 0);
    return v;
  }

  constOf(v: number): number | undefined {
    return this.consts.get(v);
  }

  /** The VN of `base + c` (mod 2^32), remembering the decomposition for `sumOf`. */
  sum(base: number, c: number): number {
    const inner = this.sums.get(base);
    if (inner) return this.sum(inner.base, (inner.c + c) >>> 0);
    if ((c >>> 0) === 0) return base;
    const v = this.vn(`alu0:${base}:${this.constVn(c)}`);
    this.sums.set(v, { base, c: c >>> 0 });
    return v;
  }

  /** When v was made as `base + constant`, its parts. */
  sumOf(v: number): { base: number; c: number } | undefined {
    return this.sums.get(v);
  }

  /** The VN of an atom's unknown value on entry to a block. */
  phi(b: Block, atom: number): number {
    return this.vn(`phi:${b.id}:${atom}`);
  }
}

/** The atom a statement writes. */
export function defOf(s: Stmt): number {
  switch (bpfClass(s.code)) {
    case BPF_LD: case BPF_ALU: return A_ATOM;
    case BPF_LDX: return X_ATOM;
    case BPF_ST: case BPF_STX: return s.k;
    default: return bpfMiscOp(s.code) === BPF_TAX ? X_ATOM : A_ATOM;
  }
}

/** The atoms a statement reads. */
export function usesOf(s: Stmt): number[] {
  const cls = bpfClass(s.code);
  switch (cls) {
    case BPF_LD:
      if (bpfMode(s.code) === BPF_IND) return [X_ATOM];
      if (bpfMode(s.code) === BPF_MEM) return [s.k];
      return [];
    case BPF_LDX: return bpfMode(s.code) === BPF_MEM ? [s.k] : [];
    case BPF_ST: return [A_ATOM];
    case BPF_STX: return [X_ATOM];
    case BPF_ALU:
      if (bpfOp(s.code) === BPF_NEG) return [A_ATOM];
      return bpfSrc(s.code) === BPF_X ? [A_ATOM, X_ATOM] : [A_ATOM];
    default: return bpfMiscOp(s.code) === BPF_TAX ? [A_ATOM] : [X_ATOM];
  }
}

/** Whether a statement may end the program (a packet load out of range, a division by zero). */
export function mayFault(s: Stmt): boolean {
  const cls = bpfClass(s.code);
  if (cls === BPF_LD || cls === BPF_LDX) {
    const m = bpfMode(s.code);
    return m === BPF_ABS || m === BPF_IND || m === BPF_MSH;
  }
  if (cls === BPF_ALU) {
    const op = bpfOp(s.code);
    return (op === BPF_DIV || op === BPF_MOD) && (bpfSrc(s.code) === BPF_X || s.k === 0);
  }
  return false;
}

/** Fold `a op b` on VNs: constants, identities and zeros; undefined when it must stay a new value. */
export function foldAlu(t: ValueTable, op: number, a: number, b: number): number | undefined {
  const ca = t.constOf(a);
  const cb = t.constOf(b);
  if (op === BPF_NEG) return ca !== undefined ? t.constVn(aluOp(op, ca, 0)) : undefined;
  if ((op === BPF_DIV || op === BPF_MOD) && cb === 0) return undefined;
  if (ca !== undefined && cb !== undefined) return t.constVn(aluOp(op, ca, cb));
  if (cb === 0 && (op === BPF_ADD || op === BPF_SUB || op === BPF_OR || op === BPF_XOR || op === BPF_LSH || op === BPF_RSH)) return a;
  if (cb === 1 && (op === BPF_MUL || op === BPF_DIV)) return a;
  if (cb === 0xffffffff && op === BPF_AND) return a;
  if ((cb === 0 || ca === 0) && (op === BPF_MUL || op === BPF_AND)) return t.constVn(0);
  if (ca === 0 && (op === BPF_ADD || op === BPF_OR || op === BPF_XOR)) return b;
  if (cb !== undefined && cb >= 32 && (op === BPF_LSH || op === BPF_RSH)) return t.constVn(0);
  return undefined;
}

const COMMUTATIVE = new Set([BPF_ADD, BPF_MUL, BPF_AND, BPF_OR, BPF_XOR]);

/** A new ALU value, with the constant operand second for commutative operations, sums kept apart. */
function aluVn(t: ValueTable, op: number, a: number, b: number): number {
  if (COMMUTATIVE.has(op) && t.constOf(a) !== undefined && t.constOf(b) === undefined) [a, b] = [b, a];
  const cb = t.constOf(b);
  if (cb !== undefined && op === BPF_ADD) return t.sum(a, cb);
  if (cb !== undefined && op === BPF_SUB) return t.sum(a, -cb >>> 0);
  return t.vn(`alu${op}:${a}:${b}`);
}

/** The VN a statement gives its defined atom in `st` (which it updates). */
export function evalStmt(t: ValueTable, s: Stmt, st: State): number {
  const cls = bpfClass(s.code);
  let v: number;
  if (cls === BPF_LD || cls === BPF_LDX) {
    const mode = bpfMode(s.code);
    const size = bpfSize(s.code);
    if (mode === BPF_IMM) v = t.constVn(s.k);
    else if (mode === BPF_LEN) v = t.vn('len');
    else if (mode === BPF_MEM) v = st[s.k]!;
    else if (mode === BPF_ABS) v = t.vn(`abs${size}:${s.k >>> 0}`);
    else if (mode === BPF_MSH) v = t.vn(`msh:${s.k >>> 0}`);
    else {
      const cx = t.constOf(st[X_ATOM]!);
      v = cx !== undefined ? t.vn(`abs${size}:${(cx + s.k) >>> 0}`) : t.vn(`ind${size}:${st[X_ATOM]}:${s.k >>> 0}`);
    }
  } else if (cls === BPF_ST) v = st[A_ATOM]!;
  else if (cls === BPF_STX) v = st[X_ATOM]!;
  else if (cls === BPF_ALU) {
    const op = bpfOp(s.code);
    const a = st[A_ATOM]!;
    const b = op === BPF_NEG ? 0 : bpfSrc(s.code) === BPF_X ? st[X_ATOM]! : t.constVn(s.k);
    v = foldAlu(t, op, a, b) ?? aluVn(t, op, a, b);
  } else if (cls === BPF_MISC) v = bpfMiscOp(s.code) === BPF_TAX ? st[A_ATOM]! : st[X_ATOM]!;
  else throw new Error(`internal: not a statement 0x${s.code.toString(16)}`);
  st[defOf(s)] = v;
  return v;
}

export interface Analysis {
  readonly table: ValueTable;
  /** State on entry to each block (after merging predecessors). */
  readonly entry: Map<Block, State>;
  /** State at each block's exit. */
  readonly exit: Map<Block, State>;
}

/**
 * Forward value numbering over the graph in topological order. An atom whose predecessors agree
 * keeps their VN; otherwise it gets the block's phi VN. At the program entry all atoms are unknown.
 */
export function analyse(order: readonly Block[], preds: Map<Block, Block[]>, table = new ValueTable()): Analysis {
  const entry = new Map<Block, State>();
  const exit = new Map<Block, State>();
  for (const b of order) {
    const ps = preds.get(b) ?? [];
    const st = new Int32Array(N_ATOMS);
    for (let i = 0; i < N_ATOMS; i++) {
      let v = ps.length > 0 ? exit.get(ps[0]!)![i]! : 0;
      for (const p of ps) if (exit.get(p)![i] !== v) v = 0;
      st[i] = v !== 0 ? v : table.phi(b, i);
    }
    entry.set(b, st);
    const out = st.slice();
    for (const s of b.stmts) evalStmt(table, s, out);
    exit.set(b, out);
  }
  return { table, entry, exit };
}

export const isAluX = (s: Stmt): boolean => bpfClass(s.code) === BPF_ALU && bpfSrc(s.code) === BPF_X && bpfOp(s.code) !== BPF_NEG;

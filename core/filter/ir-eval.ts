/**
 * An interpreter of the IR with classic BPF's semantics, for testing that passes preserve meaning:
 * unsigned 32-bit arithmetic; a load past the captured bytes, or division by zero, returns 0 (reject)
 * at once; `len` is the wire length; A, X and the scratch words start at 0; a shift by 32 or more
 * gives 0.
 */
import {
  BPF_ABS, BPF_ADD, BPF_ALU, BPF_AND, BPF_B, BPF_DIV, BPF_H, BPF_IMM, BPF_IND, BPF_LD, BPF_LDX, BPF_LEN,
  BPF_LSH, BPF_MEM, BPF_MEMWORDS, BPF_MISC, BPF_MOD, BPF_MSH, BPF_MUL, BPF_NEG, BPF_OR, BPF_RSH, BPF_ST,
  BPF_STX, BPF_SUB, BPF_TAX, BPF_TXA, BPF_W, BPF_X, BPF_XOR, bpfClass, bpfMiscOp, bpfMode, bpfOp, bpfSize,
  bpfSrc,
} from '../bpf/opcodes';
import type { Block, BranchOp, Stmt } from './ir';

export interface EvalPacket {
  /** The captured bytes. */
  readonly data: Uint8Array;
  /** The length on the wire (`len`); at least data.length. */
  readonly wireLen: number;
}

export class IrEvalError extends Error {
  readonly code = 'IR_EVAL';
  constructor(message: string, readonly blockId: number) {
    super(`block ${blockId}: ${message}`);
    this.name = 'IrEvalError';
  }
}

/** Thrown inside the interpreter to end the run with 0 (a fault is a reject, as in the kernel). */
const FAULT = Symbol('fault');

/** Load `size` bytes (1, 2 or 4) big-endian at `off`, or FAULT when out of bounds. */
export function loadBytes(data: Uint8Array, off: number, size: number): number | typeof FAULT {
  if (off < 0 || off + size > data.length) return FAULT;
  if (size === 1) return data[off]!;
  if (size === 2) return (data[off]! << 8) | data[off + 1]!;
  return ((data[off]! << 24) | (data[off + 1]! << 16) | (data[off + 2]! << 8) | data[off + 3]!) >>> 0;
}

const sizeBytes = (code: number): number => (bpfSize(code) === BPF_W ? 4 : bpfSize(code) === BPF_H ? 2 : 1);

/** Apply an ALU operation on unsigned 32-bit values; undefined for division by zero (caller checks). */
export function aluOp(op: number, a: number, b: number): number {
  switch (op) {
    case BPF_ADD: return (a + b) >>> 0;
    case BPF_SUB: return (a - b) >>> 0;
    case BPF_MUL: return Math.imul(a, b) >>> 0;
    case BPF_DIV: return Math.floor(a / b) >>> 0;
    case BPF_MOD: return (a % b) >>> 0;
    case BPF_AND: return (a & b) >>> 0;
    case BPF_OR: return (a | b) >>> 0;
    case BPF_XOR: return (a ^ b) >>> 0;
    case BPF_LSH: return b >= 32 ? 0 : (a << b) >>> 0;
    case BPF_RSH: return b >= 32 ? 0 : a >>> b;
    case BPF_NEG: return -a >>> 0;
    default: throw new Error(`unknown ALU op 0x${op.toString(16)}`);
  }
}

/** The result of a conditional branch on unsigned values. */
export function branchTaken(op: BranchOp, a: number, b: number): boolean {
  switch (op) {
    case 'jeq': return a === b;
    case 'jgt': return a > b;
    case 'jge': return a >= b;
    case 'jset': return (a & b) !== 0;
  }
}

interface Regs {
  a: number;
  x: number;
  mem: number[];
}

/** Execute one statement; returns false on a fault (the program returns 0). */
function step(s: Stmt, r: Regs, p: EvalPacket, blockId: number): boolean {
  const cls = bpfClass(s.code);
  switch (cls) {
    case BPF_LD:
    case BPF_LDX: {
      const mode = bpfMode(s.code);
      let v: number | typeof FAULT;
      if (mode === BPF_IMM) v = s.k >>> 0;
      else if (mode === BPF_LEN) v = p.wireLen >>> 0;
      else if (mode === BPF_MEM) v = r.mem[s.k]!;
      else if (mode === BPF_ABS && cls === BPF_LD) v = loadBytes(p.data, s.k, sizeBytes(s.code));
      else if (mode === BPF_IND && cls === BPF_LD) v = loadBytes(p.data, (r.x + s.k) >>> 0, sizeBytes(s.code));
      else if (mode === BPF_MSH && cls === BPF_LDX && bpfSize(s.code) === BPF_B) {
        const b = loadBytes(p.data, s.k, 1);
        v = b === FAULT ? FAULT : (b & 0xf) << 2;
      } else throw new IrEvalError(`bad load 0x${s.code.toString(16)}`, blockId);
      if (v === FAULT) return false;
      if (cls === BPF_LD) r.a = v;
      else r.x = v;
      return true;
    }
    case BPF_ST:
    case BPF_STX:
      if (s.k >= BPF_MEMWORDS) throw new IrEvalError(`scratch index ${s.k}`, blockId);
      r.mem[s.k] = cls === BPF_ST ? r.a : r.x;
      return true;
    case BPF_ALU: {
      const op = bpfOp(s.code);
      const b = bpfSrc(s.code) === BPF_X ? r.x : s.k >>> 0;
      if ((op === BPF_DIV || op === BPF_MOD) && b === 0) return false;
      r.a = aluOp(op, r.a, b);
      return true;
    }
    case BPF_MISC: {
      const op = bpfMiscOp(s.code);
      if (op === BPF_TAX) r.x = r.a;
      else if (op === BPF_TXA) r.a = r.x;
      else throw new IrEvalError(`bad misc 0x${s.code.toString(16)}`, blockId);
      return true;
    }
    default:
      throw new IrEvalError(`not a statement: 0x${s.code.toString(16)}`, blockId);
  }
}

/** Run the graph from `entry` on one packet; returns what the program returns (0 = reject). */
export function evalIr(entry: Block, packet: EvalPacket): number {
  const r: Regs = { a: 0, x: 0, mem: new Array<number>(BPF_MEMWORDS).fill(0) };
  let b = entry;
  for (let guard = 0; guard < 1_000_000; guard++) {
    for (const s of b.stmts) if (!step(s, r, packet, b.id)) return 0;
    const e = b.exit;
    if (e.kind === 'ret') return e.useA ? r.a : e.k >>> 0;
    b = branchTaken(e.op, r.a, e.useX ? r.x : e.k >>> 0) ? e.jt : e.jf;
  }
  throw new IrEvalError('no return after 1e6 blocks (a cycle?)', b.id);
}

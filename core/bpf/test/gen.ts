/** Test helper: a seeded PRNG and generators of random classic BPF programs and packets. */
import { assemble, type AluOp, type Insn, type JumpCond } from '../insn';
import type { RawInsn } from '../opcodes';

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): { int(n: number): number; u32(): number; pick<T>(xs: readonly T[]): T; chance(p: number): boolean } {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n) => Math.floor(next() * n),
    u32: () => Math.floor(next() * 4294967296) >>> 0,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
}
export type Rng = ReturnType<typeof prng>;

export const ALU: readonly AluOp[] = ['add', 'sub', 'mul', 'div', 'mod', 'and', 'or', 'xor', 'lsh', 'rsh'];
export const CONDS: readonly JumpCond[] = ['jeq', 'jgt', 'jge', 'jset'];

/** A constant that is often interesting: small, near a boundary, or anything. */
export function someK(r: Rng): number {
  return r.pick([() => r.int(4), () => r.int(80), () => r.pick([0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff]), () => r.u32()])();
}

/**
 * A non-jump, non-return instruction the kernel accepts, touching scratch memory only as `mem`
 * allows: 'none', or any slot (the caller then decides whether the program is valid).
 */
export function straightInsn(r: Rng, mem: boolean): Insn {
  const size = r.pick([4, 2, 1] as const);
  const kinds = ['ld-abs', 'ld-ind', 'ld-imm', 'ld-len', 'ldx-imm', 'ldx-len', 'ldx-msh', 'alu-k', 'alu-x', 'neg', 'tax', 'txa'];
  if (mem) kinds.push('ld-mem', 'ldx-mem', 'st', 'stx', 'st', 'stx');
  const kind = r.pick(kinds);
  const off = r.chance(0.9) ? r.int(70) : someK(r);
  const slot = r.int(4);
  switch (kind) {
    case 'ld-abs': return { kind, size, off };
    case 'ld-ind': return { kind, size, off };
    case 'ld-imm': return { kind, val: someK(r) };
    case 'ldx-imm': return { kind, val: r.chance(0.5) ? r.int(40) : someK(r) };
    case 'ldx-msh': return { kind, off };
    case 'alu-k': {
      const op = r.pick(ALU);
      const val = op === 'lsh' || op === 'rsh' ? r.int(32) : op === 'div' || op === 'mod' ? someK(r) || 1 : someK(r);
      return { kind, op, val };
    }
    case 'alu-x': return { kind, op: r.pick(ALU) };
    case 'ld-mem': case 'ldx-mem': case 'st': case 'stx': return { kind, slot };
    default: return { kind } as Insn;
  }
}

/** A random program the kernel accepts: scratch loads only of slots stored first, in a prefix. */
export function validProgram(r: Rng, maxLen = 40): RawInsn[] {
  const len = 1 + r.int(maxLen);
  const stored = new Set<number>();
  const insns: Insn[] = [];
  let branched = false;
  for (let pc = 0; pc < len - 1; pc++) {
    const room = len - pc - 2; // furthest skip that stays in range
    if (r.chance(0.3) && room >= 0) {
      branched = true;
      const skip = (): number => r.int(Math.min(room, 255) + 1);
      insns.push(r.chance(0.15) ? { kind: 'ja', skip: skip() }
        : r.chance(0.7) ? { kind: 'jcond-k', cond: r.pick(CONDS), val: someK(r), skipTrue: skip(), skipFalse: skip() }
          : { kind: 'jcond-x', cond: r.pick(CONDS), skipTrue: skip(), skipFalse: skip() });
    } else if (r.chance(0.1)) {
      insns.push(r.chance(0.5) ? { kind: 'ret-a' } : { kind: 'ret-k', val: someK(r) });
    } else {
      let insn = straightInsn(r, true);
      // Only a store before the first jump is on every path to what follows.
      if ((insn.kind === 'st' || insn.kind === 'stx') && !branched) stored.add(insn.slot);
      if ((insn.kind === 'ld-mem' || insn.kind === 'ldx-mem') && !stored.has(insn.slot)) insn = { kind: 'tax' };
      insns.push(insn);
    }
  }
  insns.push(r.chance(0.5) ? { kind: 'ret-a' } : { kind: 'ret-k', val: someK(r) });
  return insns.map(assemble);
}

/** A random packet: often empty or short, sometimes IPv4-over-Ethernet-like. */
export function randomPacket(r: Rng): { packet: Uint8Array; wire: number } {
  const len = r.pick([0, 1, 2, 3, 4, 13, 14, 15, 20, 34, 54, 60, 64, 100]) + (r.chance(0.3) ? r.int(40) : 0);
  const packet = new Uint8Array(len);
  for (let i = 0; i < len; i++) packet[i] = r.chance(0.3) ? r.pick([0, 0xff, 0x45, 6, 8, 80]) : r.int(256);
  const wire = r.pick([len, len, len + r.int(1500), 0, 0xffffffff]);
  return { packet, wire };
}

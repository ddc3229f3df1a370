/**
 * Compiles a validated classic BPF program into a JavaScript function (`new Function`), so V8 can
 * optimise it like hand-written code. Semantics are the VM's (see vm.ts), instruction for instruction.
 *
 * Classic BPF jumps only forward, so control flow needs no loop: every jump target t gets a labelled
 * block that starts at the top of the program and ends just before instruction t, and a jump to t is
 * `break Lt`. The blocks nest (the one for the nearest target innermost), so every `break` is lexically
 * inside the block it leaves. A, X and the scratch words used are local variables; constants are
 * inlined; every load checks its bounds against the captured length and returns 0 when it misses.
 */
import { decode, type AluOp, type Insn, type JumpCond } from './insn';
import type { RawInsn } from './opcodes';
import { validate } from './validate';
import type { BpfFilter } from './vm';

const u32 = (k: number): string => String(k >>> 0);

/**
 * Big-endian read of `size` bytes at `base` (a constant offset, or the local `o`), relative to the
 * packet's first byte `b` in `p` (b is 0 unless the filter was compiled with compileJitAt).
 */
function read(size: 1 | 2 | 4, base: number | 'o'): string {
  const b = (i: number): string => (base === 'o' ? `p[b + o${i === 0 ? '' : ` + ${i}`}]` : `p[b + ${base + i}]`);
  if (size === 1) return b(0);
  if (size === 2) return `((${b(0)} << 8) | ${b(1)})`;
  return `(((${b(0)} << 24) | (${b(1)} << 16) | (${b(2)} << 8) | ${b(3)}) >>> 0)`;
}

function aluExpr(op: AluOp, src: string): string {
  switch (op) {
    case 'add': return `A = (A + ${src}) >>> 0;`;
    case 'sub': return `A = (A - ${src}) >>> 0;`;
    case 'mul': return `A = Math.imul(A, ${src}) >>> 0;`;
    case 'div': return `A = Math.floor(A / ${src}) >>> 0;`;
    case 'mod': return `A = A % ${src};`;
    case 'and': return `A = (A & ${src}) >>> 0;`;
    case 'or': return `A = (A | ${src}) >>> 0;`;
    case 'xor': return `A = (A ^ ${src}) >>> 0;`;
    // Constant shift counts are below 32 (validated); X counts of 32 or more give 0, as in libpcap.
    case 'lsh': return src === 'X' ? 'A = X < 32 ? (A << X) >>> 0 : 0;' : `A = (A << ${src}) >>> 0;`;
    case 'rsh': return src === 'X' ? 'A = X < 32 ? A >>> X : 0;' : `A = A >>> ${src};`;
  }
}

function condExpr(cond: JumpCond, src: string): string {
  switch (cond) {
    case 'jeq': return `A === ${src}`;
    case 'jgt': return `A > ${src}`;
    case 'jge': return `A >= ${src}`;
    case 'jset': return `(A & ${src}) !== 0`;
  }
}

/** JS statements for instruction `pc`; `goto(t)` is the statement that continues at instruction t. */
function emit(insn: Insn, pc: number, goto: (t: number) => string): string {
  switch (insn.kind) {
    case 'ld-abs':
      return `if (n < ${insn.off + insn.size}) return 0; A = ${read(insn.size, insn.off)};`;
    case 'ld-ind':
      return `o = X + ${u32(insn.off)}; if (n < o + ${insn.size}) return 0; A = ${read(insn.size, 'o')};`;
    case 'ld-mem': return `A = m${insn.slot};`;
    case 'ld-imm': return `A = ${u32(insn.val)};`;
    case 'ld-len': return 'A = wireLength >>> 0;';
    case 'ldx-imm': return `X = ${u32(insn.val)};`;
    case 'ldx-mem': return `X = m${insn.slot};`;
    case 'ldx-len': return 'X = wireLength >>> 0;';
    case 'ldx-msh': return `if (n <= ${insn.off}) return 0; X = (p[b + ${insn.off}] & 15) << 2;`;
    case 'st': return `m${insn.slot} = A;`;
    case 'stx': return `m${insn.slot} = X;`;
    case 'alu-k': return aluExpr(insn.op, u32(insn.val));
    case 'alu-x':
      return (insn.op === 'div' || insn.op === 'mod' ? 'if (X === 0) return 0; ' : '') + aluExpr(insn.op, 'X');
    case 'neg': return 'A = -A >>> 0;';
    case 'tax': return 'X = A;';
    case 'txa': return 'A = X;';
    case 'ret-k': return `return ${u32(insn.val)};`;
    case 'ret-a': return 'return A;';
    case 'ja': return goto(pc + 1 + insn.skip);
    case 'jcond-k': case 'jcond-x': {
      const cond = condExpr(insn.cond, insn.kind === 'jcond-k' ? u32(insn.val) : 'X');
      const t = pc + 1 + insn.skipTrue;
      const f = pc + 1 + insn.skipFalse;
      if (t === f) return goto(t);
      if (f === pc + 1) return `if (${cond}) ${goto(t)}`;
      if (t === pc + 1) return `if (!(${cond})) ${goto(f)}`;
      return `if (${cond}) ${goto(t)} else ${goto(f)}`;
    }
    case 'unknown':
      throw new Error(`unreachable: opcode 0x${insn.raw.code.toString(16)} passed validation`);
  }
}

/** Jump targets (other than the next instruction) up to which labelled blocks are nested; V8's parser
 * overflows its stack somewhere past 2,000 nested blocks, so longer programs use a dispatch loop. */
const MAX_NESTED_TARGETS = 256;

function jumpTargets(insns: readonly Insn[]): Set<number> {
  const targets = new Set<number>();
  const add = (pc: number, skip: number): void => {
    if (skip !== 0) targets.add(pc + 1 + skip);
  };
  insns.forEach((insn, pc) => {
    if (insn.kind === 'ja') add(pc, insn.skip);
    if (insn.kind === 'jcond-k' || insn.kind === 'jcond-x') {
      add(pc, insn.skipTrue);
      add(pc, insn.skipFalse);
    }
  });
  return targets;
}

/**
 * The body of the generated `function (p, wireLength)` — or, with `at`, of `function (p, b, n,
 * wireLength)` where the packet is the `n` bytes of `p` from index `b`. Exported for dumps and tests.
 */
export function jitSource(prog: readonly RawInsn[], at = false): string {
  validate(prog);
  const insns = prog.map(decode);
  const targets = jumpTargets(insns);
  const nested = targets.size <= MAX_NESTED_TARGETS;
  const out: string[] = ['"use strict";', at ? '' : 'const n = p.length, b = 0;', 'let A = 0, X = 0, o = 0;'];
  const slots = new Set<number>();
  for (const insn of insns) {
    if (insn.kind === 'st' || insn.kind === 'stx' || insn.kind === 'ld-mem' || insn.kind === 'ldx-mem') slots.add(insn.slot);
  }
  for (const s of [...slots].sort((a, b) => a - b)) out.push(`let m${s} = 0;`);
  if (nested) {
    const outward = [...targets].sort((a, b) => b - a);
    if (outward.length > 0) out.push(outward.map((t) => `L${t}: {`).join(' '));
  } else {
    out.push('let pc = 0;', 'for (;;) switch (pc) {', 'case 0:');
  }
  insns.forEach((insn, pc) => {
    const goto = (t: number): string => (t === pc + 1 ? ';' : nested ? `break L${t};` : `{ pc = ${t}; continue; }`);
    if (targets.has(pc)) out.push(nested ? '}' : `case ${pc}:`);
    out.push(`/* ${pc} */ ${emit(insn, pc, goto)}`);
  });
  if (!nested) out.push('}');
  // Every path ends in a return (the last instruction is one), so control never reaches here.
  out.push('return 0;');
  return out.join('\n');
}

/** Validates `prog` (throws BpfValidationError) and returns it compiled to a JavaScript function. */
export function compileJit(prog: readonly RawInsn[]): BpfFilter {
  return new Function('p', 'wireLength', jitSource(prog)) as BpfFilter;
}

/**
 * A filter over a packet that sits inside a larger buffer: bytes [offset, offset + caplen) of `buf`.
 * Saves a view object per packet when scanning a read buffer holding many packets.
 */
export type BpfFilterAt = (buf: Uint8Array, offset: number, caplen: number, wireLength: number) => number;

/** compileJit for packets inside a larger buffer (see BpfFilterAt); same semantics. */
export function compileJitAt(prog: readonly RawInsn[]): BpfFilterAt {
  return new Function('p', 'b', 'n', 'wireLength', jitSource(prog, true)) as BpfFilterAt;
}

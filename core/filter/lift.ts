/**
 * Lift a linear classic BPF program into IR blocks: a block starts at the program's first
 * instruction, at every jump target and after every jump or return; straight-line instructions
 * become statements; `ja` and falling into a jump target become unconditional jumps (`gotoExit`).
 * Used to run the optimiser on programs from elsewhere (libpcap's unoptimised output).
 */
import {
  BPF_JA, BPF_JEQ, BPF_JGE, BPF_JGT, BPF_JMP, BPF_JSET, BPF_RET, BPF_X, BPF_A, bpfClass, bpfOp, bpfRval,
  bpfSrc, type RawInsn,
} from '../bpf/opcodes';
import { gotoExit, type Block, type BranchOp, type Cfg, type Exit } from './ir';

export class LiftError extends Error {
  readonly code = 'BPF_LIFT';
  constructor(message: string, readonly index: number) {
    super(`instruction ${index}: ${message}`);
    this.name = 'LiftError';
  }
}

const BRANCH_OPS: ReadonlyMap<number, BranchOp> = new Map([
  [BPF_JEQ, 'jeq'], [BPF_JGT, 'jgt'], [BPF_JGE, 'jge'], [BPF_JSET, 'jset'],
]);

function targets(insn: RawInsn, i: number): number[] {
  if (bpfClass(insn.code) !== BPF_JMP) return [];
  if (bpfOp(insn.code) === BPF_JA) return [i + 1 + insn.k];
  return [i + 1 + insn.jt, i + 1 + insn.jf];
}

export function liftProgram(prog: readonly RawInsn[], cfg: Cfg): Block {
  const n = prog.length;
  if (n === 0) throw new LiftError('empty program', 0);
  const leader = new Array<boolean>(n).fill(false);
  leader[0] = true;
  prog.forEach((insn, i) => {
    const cls = bpfClass(insn.code);
    if (cls === BPF_JMP || cls === BPF_RET) {
      if (i + 1 < n) leader[i + 1] = true;
      for (const t of targets(insn, i)) {
        if (t >= n) throw new LiftError(`jump past the end (to ${t}); a backward jump (a loop) is not BPF`, i);
        leader[t] = true;
      }
    }
  });
  if (bpfClass(prog[n - 1]!.code) !== BPF_RET && bpfClass(prog[n - 1]!.code) !== BPF_JMP) {
    throw new LiftError('program falls off the end', n - 1);
  }
  // Create blocks first (with placeholder exits), then fill them in.
  const blockAt = new Map<number, Block>();
  for (let i = 0; i < n; i++) {
    if (leader[i]) blockAt.set(i, cfg.block([], { kind: 'ret', useA: false, k: 0 }));
  }
  let cur = blockAt.get(0)!;
  for (let i = 0; i < n; i++) {
    const insn = prog[i]!;
    if (i > 0 && leader[i]) {
      const next = blockAt.get(i)!;
      const prev = prog[i - 1]!;
      const pcls = bpfClass(prev.code);
      if (pcls !== BPF_JMP && pcls !== BPF_RET) cur.exit = gotoExit(next);
      cur = next;
    }
    const cls = bpfClass(insn.code);
    if (cls === BPF_RET) {
      const rval = bpfRval(insn.code);
      if (rval === BPF_X) throw new LiftError('ret x is not supported', i);
      cur.exit = { kind: 'ret', useA: rval === BPF_A, k: insn.k >>> 0 } satisfies Exit;
    } else if (cls === BPF_JMP) {
      if (bpfOp(insn.code) === BPF_JA) {
        cur.exit = gotoExit(blockAt.get(i + 1 + insn.k)!);
      } else {
        const op = BRANCH_OPS.get(bpfOp(insn.code));
        if (!op) throw new LiftError(`unknown jump 0x${insn.code.toString(16)}`, i);
        cur.exit = {
          kind: 'branch', op, useX: bpfSrc(insn.code) === BPF_X, k: insn.k >>> 0,
          jt: blockAt.get(i + 1 + insn.jt)!, jf: blockAt.get(i + 1 + insn.jf)!,
        };
      }
    } else {
      cur.stmts.push({ code: insn.code, k: insn.k >>> 0 });
    }
  }
  return blockAt.get(0)!;
}

/**
 * The Linux classic-BPF checker (bpf_check_basics_ok, bpf_check_classic and check_load_and_stores
 * in net/core/filter.c), rule for rule, with a message that names the instruction.
 *
 * One deliberate difference: the kernel also rejects `ld [k]` at an ancillary offset it does not
 * implement (k >= SKF_AD_OFF); we accept every k, since only the live kernel answers ancillary loads
 * and our VM treats them, like libpcap's bpf_filter, as loads past the packet (drop).
 */
import { TrawlError } from '../errors';
import { decode, isKnownCode } from './insn';
import { BPF_MAXINSNS, BPF_MEMWORDS, type RawInsn } from './opcodes';

export type BpfRule =
  | 'length' | 'opcode' | 'div-zero' | 'shift' | 'scratch-index' | 'jump-range' | 'last-not-ret' | 'scratch-uninit';

/** The program would not be accepted by the kernel; `index` is the offending instruction (-1: the whole program). */
export class BpfValidationError extends TrawlError {
  override name = 'BpfValidationError';
  constructor(message: string, readonly index: number, readonly rule: BpfRule) {
    super('bpf-invalid', message, { index, rule });
  }
}

const fail = (pc: number, rule: BpfRule, what: string): never => {
  throw new BpfValidationError(`instruction ${pc}: ${what}`, pc, rule);
};

/** Throws BpfValidationError on the first rule the kernel would reject `prog` for, in the kernel's order. */
export function validate(prog: readonly RawInsn[]): void {
  const len = prog.length;
  if (len === 0) throw new BpfValidationError('the program is empty: it needs at least a return instruction', -1, 'length');
  if (len > BPF_MAXINSNS) {
    throw new BpfValidationError(
      `the program has ${len} instructions, more than the kernel's limit of ${BPF_MAXINSNS}`, -1, 'length');
  }
  for (let pc = 0; pc < len; pc++) {
    const r = prog[pc];
    if (!isKnownCode(r.code)) {
      fail(pc, 'opcode', `opcode 0x${r.code.toString(16)} is not a classic BPF instruction the kernel accepts`);
    }
    checkOne(r, pc, len);
  }
  const last = decode(prog[len - 1]).kind;
  if (last !== 'ret-k' && last !== 'ret-a') {
    fail(len - 1, 'last-not-ret', 'the last instruction must be a return (ret), so no path runs off the end');
  }
  checkLoadsAndStores(prog);
}

function checkOne(r: RawInsn, pc: number, len: number): void {
  const insn = decode(r);
  const target = (skip: number, which: string): void => {
    const to = pc + 1 + skip;
    if (to >= len) {
      fail(pc, 'jump-range', `${which}jump target ${to} is past the end of the program (length ${len})`);
    }
  };
  switch (insn.kind) {
    case 'alu-k':
      if ((insn.op === 'div' || insn.op === 'mod') && insn.val === 0) {
        fail(pc, 'div-zero', `${insn.op === 'div' ? 'division' : 'modulo'} by the constant 0`);
      }
      if ((insn.op === 'lsh' || insn.op === 'rsh') && insn.val >= 32) {
        fail(pc, 'shift', `shift by the constant ${insn.val}; a shift count must be below 32`);
      }
      return;
    case 'ld-mem': case 'ldx-mem': case 'st': case 'stx':
      if (insn.slot >= BPF_MEMWORDS) {
        fail(pc, 'scratch-index', `scratch memory index ${insn.slot} is out of range (M[0] to M[${BPF_MEMWORDS - 1}])`);
      }
      return;
    case 'ja':
      target(insn.skip, '');
      return;
    case 'jcond-k': case 'jcond-x':
      target(insn.skipTrue, 'true ');
      target(insn.skipFalse, 'false ');
      return;
    default:
      return;
  }
}

/**
 * check_load_and_stores: one forward pass with a bit mask of the scratch words written on every path
 * to here. A jump target's mask is the intersection of what its predecessors wrote. As in the kernel,
 * the instruction after a jump starts from "all written" unless jumped to, and a `ret` does not reset
 * the mask for the instruction that follows it.
 */
function checkLoadsAndStores(prog: readonly RawInsn[]): void {
  const masks = new Uint16Array(prog.length).fill(0xffff);
  let valid = 0;
  for (let pc = 0; pc < prog.length; pc++) {
    valid &= masks[pc];
    const insn = decode(prog[pc]);
    switch (insn.kind) {
      case 'st': case 'stx':
        valid |= 1 << insn.slot;
        break;
      case 'ld-mem': case 'ldx-mem':
        if ((valid & (1 << insn.slot)) === 0) {
          fail(pc, 'scratch-uninit', `loads M[${insn.slot}], which is not stored on every path to this instruction`);
        }
        break;
      case 'ja':
        masks[pc + 1 + insn.skip] &= valid;
        valid = 0xffff;
        break;
      case 'jcond-k': case 'jcond-x':
        masks[pc + 1 + insn.skipTrue] &= valid;
        masks[pc + 1 + insn.skipFalse] &= valid;
        valid = 0xffff;
        break;
      default:
        break;
    }
  }
}

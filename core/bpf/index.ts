/** Classic BPF: instructions, tcpdump-style disassembly, the kernel's validator, an interpreter and a JIT. */
export * from './opcodes';
export {
  ALU_OPS, JUMP_CONDS, assemble, decode, isKnownCode,
  type AluOp, type Insn, type InsnKind, type JumpCond, type LoadSize,
} from './insn';
export { BpfParseError, formatInsn, formatProgram, parseDdd, type DumpFormat } from './disasm';
export { BpfValidationError, validate, type BpfRule } from './validate';
export { createVm, type BpfFilter } from './vm';
export { compileJit, compileJitAt, jitSource, type BpfFilterAt } from './jit';
export { measureJitRate, type JitRate } from './jit-rate';

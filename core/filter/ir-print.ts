/**
 * `trawl compile --stage ir`: the blocks in codegen's layout order, statements in `tcpdump -d` mnemonic
 * style, each exit as `jeq #0x800 → B3 / B7`, `ja → B4` or `ret #262144`.
 */
import {
  BPF_ABS, BPF_ALU, BPF_B, BPF_H, BPF_IMM, BPF_IND, BPF_LD, BPF_LDX, BPF_LEN, BPF_MEM, BPF_MISC, BPF_MSH,
  BPF_NEG, BPF_ST, BPF_STX, BPF_TAX, BPF_X, bpfClass, bpfMiscOp, bpfMode, bpfOp, bpfSize, bpfSrc,
} from '../bpf/opcodes';
import { layout } from './codegen';
import { isGoto, type Block, type Exit, type Stmt } from './ir';

const ALU_NAMES: Record<number, string> = {
  0x00: 'add', 0x10: 'sub', 0x20: 'mul', 0x30: 'div', 0x40: 'or', 0x50: 'and', 0x60: 'lsh', 0x70: 'rsh',
  0x80: 'neg', 0x90: 'mod', 0xa0: 'xor',
};

const hex = (k: number): string => `#0x${(k >>> 0).toString(16)}`;

/** One statement as tcpdump -d prints it (without the padding). */
export function printStmt(s: Stmt): string {
  const cls = bpfClass(s.code);
  const k = s.k >>> 0;
  const sfx = bpfSize(s.code) === BPF_H ? 'h' : bpfSize(s.code) === BPF_B ? 'b' : '';
  if (cls === BPF_LD || cls === BPF_LDX) {
    const op = cls === BPF_LD ? `ld${sfx}` : `ldx${sfx}`;
    switch (bpfMode(s.code)) {
      case BPF_IMM: return `${cls === BPF_LD ? 'ld' : 'ldx'} #${hex(k).slice(1)}`;
      case BPF_ABS: return `${op} [${k}]`;
      case BPF_IND: return `${op} [x + ${k}]`;
      case BPF_MEM: return `${cls === BPF_LD ? 'ld' : 'ldx'} M[${k}]`;
      case BPF_LEN: return `${cls === BPF_LD ? 'ld' : 'ldx'} #pktlen`;
      case BPF_MSH: return `ldxb 4*([${k}]&0xf)`;
    }
  }
  if (cls === BPF_ST) return `st M[${k}]`;
  if (cls === BPF_STX) return `stx M[${k}]`;
  if (cls === BPF_ALU) {
    const name = ALU_NAMES[bpfOp(s.code)] ?? `alu?${bpfOp(s.code)}`;
    if (bpfOp(s.code) === BPF_NEG) return name;
    return bpfSrc(s.code) === BPF_X ? `${name} x` : `${name} ${hex(k)}`;
  }
  if (cls === BPF_MISC) return bpfMiscOp(s.code) === BPF_TAX ? 'tax' : 'txa';
  return `.word 0x${s.code.toString(16)} ${k}`;
}

export function printExit(e: Exit): string {
  if (e.kind === 'ret') return e.useA ? 'ret a' : `ret #${e.k >>> 0}`;
  if (isGoto(e)) return `ja → B${e.jt.id}`;
  return `${e.op} ${e.useX ? 'x' : hex(e.k)} → B${e.jt.id} / B${e.jf.id}`;
}

export function printIr(entry: Block): string {
  const lines: string[] = [];
  for (const b of layout(entry)) {
    lines.push(`B${b.id}:`);
    for (const s of b.stmts) lines.push(`  ${printStmt(s)}`);
    lines.push(`  ${printExit(b.exit)}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Disassembly exactly as `tcpdump -d`, `-dd` and `-ddd` print it (libpcap 1.10.3 bpf_dump and
 * bpf_image, built on Linux), and a reader for `-ddd` text. Formatting never fails: codes libpcap
 * does not know print as `unimp 0x<code>`, as it does.
 */
import { TrawlError } from '../errors';
import { decode } from './insn';
import { BPF_JA, BPF_JMP, bpfClass, bpfOp, SKF_AD_OFF, type RawInsn } from './opcodes';

export type DumpFormat = 'd' | 'dd' | 'ddd';

/** `-ddd` text that is not a program; `line` is 1-based. */
export class BpfParseError extends TrawlError {
  override name = 'BpfParseError';
  constructor(message: string, readonly line: number) {
    super('bpf-parse', message, { line });
  }
}

/** Names libpcap prints for Linux ancillary loads `[SKF_AD_OFF + n]` (bpf_image.c `offsets`). */
const ANCILLARY: Readonly<Record<number, string>> = {
  0: 'proto', 4: 'type', 8: 'ifidx', 12: 'nla', 16: 'nlan', 20: 'mark', 24: 'queue', 28: 'hatype',
  32: 'rxhash', 36: 'cpu', 40: 'xor_x', 44: 'vlan_tci', 48: 'vlanp', 52: 'poff', 56: 'random', 60: 'vlan_tpid',
};

/** C's `%d` of a u_int32: the signed reading. */
const int = (k: number): string => String(k | 0);
const hex = (k: number): string => (k >>> 0).toString(16);
const LOAD_OP = { 4: 'ld', 2: 'ldh', 1: 'ldb' } as const;

function absOperand(k: number): string {
  const name = k >= SKF_AD_OFF ? ANCILLARY[k - SKF_AD_OFF] : undefined;
  return `[${name ?? int(k)}]`;
}

/** Mnemonic and operand of one instruction at index `pc`, as bpf_image spells them. */
function image(r: RawInsn, pc: number): [string, string] {
  const insn = decode(r);
  switch (insn.kind) {
    case 'ld-abs': return [LOAD_OP[insn.size], absOperand(insn.off)];
    case 'ld-ind': return [LOAD_OP[insn.size], `[x + ${int(insn.off)}]`];
    case 'ld-mem': return ['ld', `M[${int(insn.slot)}]`];
    case 'ld-imm': return ['ld', `#0x${hex(insn.val)}`];
    case 'ld-len': return ['ld', '#pktlen'];
    case 'ldx-imm': return ['ldx', `#0x${hex(insn.val)}`];
    case 'ldx-mem': return ['ldx', `M[${int(insn.slot)}]`];
    case 'ldx-msh': return ['ldxb', `4*([${int(insn.off)}]&0xf)`];
    case 'st': return ['st', `M[${int(insn.slot)}]`];
    case 'stx': return ['stx', `M[${int(insn.slot)}]`];
    case 'alu-k': {
      const bitwise = insn.op === 'and' || insn.op === 'or' || insn.op === 'xor';
      return [insn.op, bitwise ? `#0x${hex(insn.val)}` : `#${int(insn.val)}`];
    }
    case 'alu-x': return [insn.op, 'x'];
    case 'neg': return ['neg', ''];
    case 'ja': return ['ja', int(pc + 1 + insn.skip)];
    case 'jcond-k': return [insn.cond, `#0x${hex(insn.val)}`];
    case 'jcond-x': return [insn.cond, 'x'];
    case 'ret-k': return ['ret', `#${int(insn.val)}`];
    case 'ret-a': return ['ret', ''];
    case 'tax': return ['tax', ''];
    case 'txa': return ['txa', ''];
    // libpcap 1.10.3 has no case for `ldx #pktlen` (0x81), though Linux runs it.
    case 'ldx-len':
    case 'unknown': return ['unimp', `0x${hex(r.code)}`];
  }
}

/** One `tcpdump -d` line (no newline) for instruction `pc`. */
export function formatInsn(r: RawInsn, pc: number): string {
  const [op, operand] = image(r, pc);
  const head = `(${String(pc).padStart(3, '0')}) ${op.padEnd(8)} `;
  // Like bpf_image, the jt/jf form depends on class and op only, so unknown jumps get it too.
  if (bpfClass(r.code) === BPF_JMP && bpfOp(r.code) !== BPF_JA) {
    return `${head}${operand.padEnd(16)} jt ${pc + 1 + r.jt}\tjf ${pc + 1 + r.jf}`;
  }
  return head + operand;
}

/** The whole program as tcpdump prints it with -d, -dd or -ddd, newline-terminated lines. */
export function formatProgram(prog: readonly RawInsn[], format: DumpFormat): string {
  const lines: string[] = [];
  if (format === 'ddd') lines.push(String(prog.length));
  prog.forEach((r, pc) => {
    if (format === 'd') lines.push(formatInsn(r, pc));
    else if (format === 'dd') lines.push(`{ 0x${hex(r.code)}, ${r.jt}, ${r.jf}, 0x${hex(r.k).padStart(8, '0')} },`);
    else lines.push(`${r.code} ${r.jt} ${r.jf} ${r.k >>> 0}`);
  });
  return lines.map((l) => l + '\n').join('');
}

const UINT = /^(0|[1-9][0-9]*)$/;

function field(text: string, max: number, what: string, line: number): number {
  const v = UINT.test(text) ? Number(text) : NaN;
  if (!(v <= max)) {
    throw new BpfParseError(`line ${line}: ${what} "${text}" is not an unsigned integer up to ${max}`, line);
  }
  return v;
}

/**
 * Reads `tcpdump -ddd` output: a count line, then that many `code jt jf k` lines (decimal).
 * Blank lines at the end are allowed; anything else out of place throws a BpfParseError naming the line.
 */
export function parseDdd(text: string): RawInsn[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw new BpfParseError('line 1: expected the instruction count, found nothing', 1);
  const count = field(lines[0].trim(), 0xffffffff, 'instruction count', 1);
  const n = lines.length - 1;
  if (n !== count) {
    // Name the first surplus line, or the line where the next instruction was expected.
    const line = n > count ? count + 2 : n + 2;
    throw new BpfParseError(`line ${line}: the count line says ${count} instructions but ${n} follow`, line);
  }
  const prog: RawInsn[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    const parts = lines[i].trim().split(/\s+/);
    if (parts.length !== 4) {
      throw new BpfParseError(`line ${line}: expected "code jt jf k" (4 numbers), found "${lines[i].trim()}"`, line);
    }
    prog.push({
      code: field(parts[0], 0xffff, 'code', line),
      jt: field(parts[1], 0xff, 'jt', line),
      jf: field(parts[2], 0xff, 'jf', line),
      k: field(parts[3], 0xffffffff, 'k', line),
    });
  }
  return prog;
}

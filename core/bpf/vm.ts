/**
 * The classic BPF interpreter: validates once, then runs one switch per instruction. Semantics are
 * libpcap's bpf_filter (what `tcpdump -r` applies), verified against libpcap 1.10.3:
 * - `packet.length` is the captured length; `len` loads (ld #pktlen, ldx len) give `wireLength`.
 * - A load that reaches past the captured bytes ends the filter with 0 (drop), as in the kernel.
 *   Indexed offsets X + k are computed without 32-bit wrap-around, so a huge X cannot wrap back
 *   into the packet. Ancillary offsets (SKF_AD_OFF + n) are such loads: only the kernel has that data.
 * - Division or modulo by X = 0 ends the filter with 0.
 * - A shift by X >= 32 gives 0 (libpcap tests `X < 32`; plain C would be undefined, and the
 *   kernel's eBPF takes the count mod 32). Constant shifts >= 32 are rejected by the validator.
 * - All arithmetic is unsigned 32-bit; scratch memory starts zeroed for every packet.
 * - The result is the unsigned 32-bit accept length (0 = drop).
 */
import {
  BPF_A, BPF_ABS, BPF_ADD, BPF_ALU, BPF_AND, BPF_B, BPF_DIV, BPF_H, BPF_IMM, BPF_IND, BPF_JA, BPF_JEQ,
  BPF_JGE, BPF_JGT, BPF_JMP, BPF_JSET, BPF_K, BPF_LD, BPF_LDX, BPF_LEN, BPF_LSH, BPF_MEM, BPF_MEMWORDS,
  BPF_MISC, BPF_MOD, BPF_MSH, BPF_MUL, BPF_NEG, BPF_OR, BPF_RET, BPF_RSH, BPF_ST, BPF_STX, BPF_SUB,
  BPF_TAX, BPF_TXA, BPF_W, BPF_X, BPF_XOR, type RawInsn,
} from './opcodes';
import { validate } from './validate';

/** Runs a filter on one packet: returns how many bytes to accept, 0 to drop. */
export type BpfFilter = (packet: Uint8Array, wireLength: number) => number;

/** Big-endian load of `size` bytes at `off`, or -1 when they are not all captured. */
function load(p: Uint8Array, off: number, size: number): number {
  if (off + size > p.length) return -1;
  if (size === 4) return ((p[off] << 24) | (p[off + 1] << 16) | (p[off + 2] << 8) | p[off + 3]) >>> 0;
  if (size === 2) return (p[off] << 8) | p[off + 1];
  return p[off];
}

const SIZES: Record<number, number> = { [BPF_W]: 4, [BPF_H]: 2, [BPF_B]: 1 };

export function createVm(prog: readonly RawInsn[]): BpfFilter {
  validate(prog);
  const n = prog.length;
  const codes = new Uint16Array(n);
  const jts = new Uint8Array(n);
  const jfs = new Uint8Array(n);
  const ks = new Uint32Array(n);
  prog.forEach((r, i) => {
    codes[i] = r.code;
    jts[i] = r.jt;
    jfs[i] = r.jf;
    ks[i] = r.k;
  });
  const mem = new Uint32Array(BPF_MEMWORDS);

  return (p: Uint8Array, wireLength: number): number => {
    let a = 0;
    let x = 0;
    let v = 0;
    mem.fill(0);
    for (let pc = 0; ; pc++) {
      const code = codes[pc];
      const k = ks[pc];
      switch (code) {
        case BPF_LD | BPF_W | BPF_ABS: case BPF_LD | BPF_H | BPF_ABS: case BPF_LD | BPF_B | BPF_ABS:
          if ((v = load(p, k, SIZES[code & 0x18])) < 0) return 0;
          a = v;
          break;
        case BPF_LD | BPF_W | BPF_IND: case BPF_LD | BPF_H | BPF_IND: case BPF_LD | BPF_B | BPF_IND:
          if ((v = load(p, x + k, SIZES[code & 0x18])) < 0) return 0;
          a = v;
          break;
        case BPF_LD | BPF_MEM: a = mem[k]; break;
        case BPF_LD | BPF_IMM: a = k; break;
        case BPF_LD | BPF_W | BPF_LEN: a = wireLength >>> 0; break;
        case BPF_LDX | BPF_IMM: x = k; break;
        case BPF_LDX | BPF_MEM: x = mem[k]; break;
        case BPF_LDX | BPF_W | BPF_LEN: x = wireLength >>> 0; break;
        case BPF_LDX | BPF_B | BPF_MSH:
          if (k >= p.length) return 0;
          x = (p[k] & 0xf) << 2;
          break;
        case BPF_ST: mem[k] = a; break;
        case BPF_STX: mem[k] = x; break;
        case BPF_ALU | BPF_NEG: a = -a >>> 0; break;
        case BPF_MISC | BPF_TAX: x = a; break;
        case BPF_MISC | BPF_TXA: a = x; break;
        case BPF_RET | BPF_K: return k;
        case BPF_RET | BPF_A: return a;
        case BPF_JMP | BPF_JA: pc += k; break;
        case BPF_JMP | BPF_JEQ | BPF_K: pc += a === k ? jts[pc] : jfs[pc]; break;
        case BPF_JMP | BPF_JGT | BPF_K: pc += a > k ? jts[pc] : jfs[pc]; break;
        case BPF_JMP | BPF_JGE | BPF_K: pc += a >= k ? jts[pc] : jfs[pc]; break;
        case BPF_JMP | BPF_JSET | BPF_K: pc += (a & k) !== 0 ? jts[pc] : jfs[pc]; break;
        case BPF_JMP | BPF_JEQ | BPF_X: pc += a === x ? jts[pc] : jfs[pc]; break;
        case BPF_JMP | BPF_JGT | BPF_X: pc += a > x ? jts[pc] : jfs[pc]; break;
        case BPF_JMP | BPF_JGE | BPF_X: pc += a >= x ? jts[pc] : jfs[pc]; break;
        case BPF_JMP | BPF_JSET | BPF_X: pc += (a & x) !== 0 ? jts[pc] : jfs[pc]; break;
        default: {
          // ALU: the validator admitted only the operations below, so `code` is BPF_ALU | op | src.
          const src = (code & BPF_X) !== 0 ? x : k;
          if ((code & BPF_X) !== 0 && src === 0 && ((code & 0xf0) === BPF_DIV || (code & 0xf0) === BPF_MOD)) return 0;
          a = alu(code & 0xf0, a, src);
        }
      }
    }
  };
}

/** One 32-bit unsigned ALU operation (`op` = BPF_ADD…BPF_XOR); `b` is never 0 for div/mod. */
function alu(op: number, a: number, b: number): number {
  switch (op) {
    case BPF_ADD: return (a + b) >>> 0;
    case BPF_SUB: return (a - b) >>> 0;
    case BPF_MUL: return Math.imul(a, b) >>> 0;
    case BPF_DIV: return Math.floor(a / b) >>> 0;
    case BPF_MOD: return a % b;
    case BPF_AND: return (a & b) >>> 0;
    case BPF_OR: return (a | b) >>> 0;
    case BPF_XOR: return (a ^ b) >>> 0;
    case BPF_LSH: return b < 32 ? (a << b) >>> 0 : 0;
    case BPF_RSH: return b < 32 ? a >>> b : 0;
    default: throw new Error(`unreachable: ALU op 0x${op.toString(16)} passed validation`);
  }
}

/**
 * Test support for the special-link lowering: a bare LowerSession, a driver that closes a fragment
 * behind its link's prologue, libpcap's program for the same expression (`tcpdump -y LT -ddd`), a
 * classic-BPF interpreter for it, and a comparison of verdicts over packets.
 */
import { execFileSync } from 'node:child_process';
import type { Block } from '../../../ir';
import { evalIr } from '../../../ir-eval';
import type { LowerSession, VarReg } from '../../context';
import { createSession } from '../../session';
import { finish, type Frag } from '../../frag';
import type { LinkSpec } from '../../link-spec';

export const SNAPLEN = 262144;

export function session(linkType: number): LowerSession & { slots: ReadonlyMap<VarReg, number> } {
  const s = createSession({ linkType, snaplen: SNAPLEN });
  return Object.assign(s, { slots: s.prologueRegs() });
}

/** Lower with `build`, put the link's prologue in front, close with ret snaplen / ret 0. */
export function program(spec: LinkSpec, linkType: number, build: (s: ReturnType<typeof session>) => Frag): Block {
  const s = session(linkType);
  const frag = build(s);
  const pro = spec.prologue?.(s, s.slots) ?? null;
  if (pro === null) return finish(s.cfg, frag, SNAPLEN);
  for (const h of [...pro.t, ...pro.f]) {
    const exit = h.block.exit;
    if (exit.kind === 'branch') exit[h.side] = frag.entry;
  }
  finish(s.cfg, frag, SNAPLEN);
  return pro.entry;
}

export interface Insn { code: number; jt: number; jf: number; k: number }

/** libpcap's optimised program, or the error text. */
export function libpcap(linkTypeName: string, expr: string, optimize = true): Insn[] | string {
  try {
    const out = execFileSync('tcpdump', ['-y', linkTypeName, ...(optimize ? [] : ['-O']), '-ddd', expr], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = out.trim().split('\n').slice(1);
    return lines.map((l) => {
      const [code, jt, jf, k] = l.trim().split(/\s+/).map(Number);
      return { code: code!, jt: jt!, jf: jf!, k: k! >>> 0 };
    });
  } catch (err) {
    const e = err as { stderr?: string };
    return String(e.stderr ?? err).trim();
  }
}

/** Classic BPF, as the kernel runs it: out-of-bounds loads reject. */
export function runBpf(prog: Insn[], pkt: Uint8Array, wireLen = pkt.length): number {
  let A = 0, X = 0, pc = 0;
  const M = new Array<number>(16).fill(0);
  const ld = (off: number, size: number): number | null => {
    if (off < 0 || off + size > pkt.length) return null;
    let v = 0;
    for (let i = 0; i < size; i++) v = (v * 256) + pkt[off + i]!;
    return v >>> 0;
  };
  for (let steps = 0; steps < 10000; steps++) {
    const { code, jt, jf, k } = prog[pc++]!;
    const cls = code & 7;
    const size = (code & 0x18) === 0 ? 4 : (code & 0x18) === 8 ? 2 : 1;
    const mode = code & 0xe0;
    if (cls === 0 || cls === 1) {
      let v: number | null;
      if (mode === 0x00) v = k;
      else if (mode === 0x20) v = ld(k, size);
      else if (mode === 0x40) v = ld((X + k) >>> 0, size);
      else if (mode === 0x60) v = M[k]!;
      else if (mode === 0x80) v = wireLen;
      else { const b = ld(k, 1); v = b === null ? null : (b & 0xf) * 4; }
      if (v === null) return 0;
      if (cls === 0) A = v; else X = v;
    } else if (cls === 2) M[k] = A;
    else if (cls === 3) M[k] = X;
    else if (cls === 4) {
      const b = code & 0x08 ? X : k;
      switch (code & 0xf0) {
        case 0x00: A = (A + b) >>> 0; break;
        case 0x10: A = (A - b) >>> 0; break;
        case 0x20: A = Math.imul(A, b) >>> 0; break;
        case 0x30: if (b === 0) return 0; A = Math.floor(A / b) >>> 0; break;
        case 0x40: A = (A | b) >>> 0; break;
        case 0x50: A = (A & b) >>> 0; break;
        case 0x60: A = b >= 32 ? 0 : (A << b) >>> 0; break;
        case 0x70: A = b >= 32 ? 0 : A >>> b; break;
        case 0x80: A = (-A) >>> 0; break;
        case 0x90: if (b === 0) return 0; A = (A % b) >>> 0; break;
        case 0xa0: A = (A ^ b) >>> 0; break;
      }
    } else if (cls === 5) {
      const b = code & 0x08 ? X : k;
      const op = code & 0xf0;
      if (op === 0x00) { pc += k; continue; }
      const taken = op === 0x10 ? A === b : op === 0x20 ? A > b : op === 0x30 ? A >= b : (A & b) !== 0;
      pc += taken ? jt : jf;
    } else if (cls === 6) return (code & 0x18) === 0x10 ? A : k;
    else if (cls === 7) { if (code & 0x80) A = X; else X = A; }
  }
  throw new Error('program did not end');
}

/** Our verdict for a packet. */
export const runOurs = (entry: Block, pkt: Uint8Array): number => evalIr(entry, { data: pkt, wireLen: pkt.length });

/** Deterministic pseudo-random bytes (xorshift), so failures reproduce. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x;
  };
}

/** Compare verdicts over packets; returns the first disagreement or null. */
export function disagreement(ours: Block, theirs: Insn[], packets: Iterable<Uint8Array>): string | null {
  let n = 0;
  for (const p of packets) {
    const a = runOurs(ours, p);
    const b = runBpf(theirs, p);
    if ((a === 0) !== (b === 0)) {
      return `packet #${n} [${Buffer.from(p).toString('hex')}]: ours ${a}, libpcap ${b}`;
    }
    n++;
  }
  return null;
}

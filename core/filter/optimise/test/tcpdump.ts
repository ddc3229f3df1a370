/**
 * Test helper: libpcap's programs through `tcpdump -ddd` (the oracle), parsed into RawInsn, and
 * packets built to exercise a program's tests. Node-only; tests and scripts use it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawInsn } from '../../../bpf/opcodes';
import type { EvalPacket } from '../../ir-eval';
import { rng } from '../../test/rng';

export class TcpdumpMissingError extends Error {
  readonly code = 'TCPDUMP_MISSING';
  constructor() {
    super('tcpdump is not installed (or not on PATH): the optimiser oracle tests need it (apt-get install tcpdump)');
    this.name = 'TcpdumpMissingError';
  }
}

export function assertTcpdump(): void {
  const r = spawnSync('tcpdump', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new TcpdumpMissingError();
}

/** libpcap's program for `expr` (optimised unless `unoptimised`), or null when tcpdump rejects it. */
export function libpcapProgram(linktype: string, expr: string, unoptimised: boolean): RawInsn[] | null {
  const args = ['-y', linktype, ...(unoptimised ? ['-O'] : []), '-ddd', expr];
  const r = spawnSync('tcpdump', args, { encoding: 'utf8' });
  if (r.error) throw new TcpdumpMissingError();
  if (r.status !== 0) return null;
  return parseDdd(r.stdout);
}

/** Parse `tcpdump -ddd` output: a count line, then `code jt jf k` per line. */
export function parseDdd(text: string): RawInsn[] {
  const lines = text.trim().split('\n');
  const n = Number(lines[0]);
  const prog = lines.slice(1).map((l) => {
    const [code, jt, jf, k] = l.trim().split(/\s+/).map(Number);
    return { code: code!, jt: jt!, jf: jf!, k: k! >>> 0 };
  });
  if (prog.length !== n) throw new Error(`tcpdump -ddd: count ${n} but ${prog.length} instructions`);
  return prog;
}

export interface CorpusRow {
  readonly expr: string;
  readonly linktype: string;
  readonly insns: number;
}

export function readAccepted(sharedDir: string): CorpusRow[] {
  const text = readFileSync(join(sharedDir, 'filters', 'accepted.tsv'), 'utf8');
  const [header, ...rows] = text.trim().split('\n');
  const cols = header!.split('\t');
  const ie = cols.indexOf('expr');
  const il = cols.indexOf('linktype');
  const ii = cols.indexOf('insns');
  return rows.map((r) => {
    const f = r.split('\t');
    return { expr: f[ie]!, linktype: f[il]!, insns: Number(f[ii]) };
  });
}

export { rng };

function put(buf: Uint8Array, off: number, size: number, v: number): void {
  for (let i = size - 1; i >= 0; i--) {
    if (off + i < buf.length) buf[off + i] = v & 0xff;
    v = Math.floor(v / 256);
  }
}

/**
 * Packets aimed at a program's tests: random bytes over an Ethernet/IPv4/IPv6 skeleton, then each
 * `ld [k]; jeq #c` (or `ld [x+k]` with the usual IP header lengths) of the given programs planted
 * with probability one half, so that most branches go both ways across the set.
 */
export function packetsFor(progs: readonly (readonly RawInsn[])[], count: number, seed: number): EvalPacket[] {
  const rand = rng(seed);
  const plants: { off: number; ind: boolean; size: number; v: number }[] = [];
  for (const prog of progs) {
    for (let i = 0; i + 1 < prog.length; i++) {
      const ld = prog[i]!;
      const j = prog[i + 1]!;
      const cls = ld.code & 7;
      const mode = ld.code & 0xe0;
      if (cls !== 0 || (mode !== 0x20 && mode !== 0x40) || (j.code & 7) !== 5 || (j.code & 0x08) !== 0) continue;
      const size = (ld.code & 0x18) === 0 ? 4 : (ld.code & 0x18) === 0x08 ? 2 : 1;
      plants.push({ off: ld.k, ind: mode === 0x40, size, v: j.k });
      if ((j.code & 0xf0) !== 0x10) plants.push({ off: ld.k, ind: mode === 0x40, size, v: j.k + 1 });
    }
  }
  const out: EvalPacket[] = [];
  for (let n = 0; n < count; n++) {
    const len = rand() < 0.1 ? Math.floor(rand() * 80) : 100 + Math.floor(rand() * 1400);
    const buf = new Uint8Array(len);
    for (let i = 0; i < len; i++) buf[i] = Math.floor(rand() * 256);
    const kind = rand();
    if (kind < 0.5) {
      put(buf, 12, 2, 0x0800);
      put(buf, 14, 1, rand() < 0.8 ? 0x45 : 0x46);
      put(buf, 20, 2, rand() < 0.7 ? 0 : Math.floor(rand() * 65536));
      put(buf, 23, 1, [6, 17, 1, 132, 2][Math.floor(rand() * 5)]!);
    } else if (kind < 0.75) {
      put(buf, 12, 2, 0x86dd);
      put(buf, 20, 1, [6, 17, 58, 0, 44][Math.floor(rand() * 5)]!);
    }
    const xs = [20, 24, 0, 14, 18];
    const x = 4 * (buf.length > 14 ? buf[14]! & 0xf : 0);
    for (const p of plants) {
      if (rand() < 0.5) continue;
      const off = p.ind ? p.off + (rand() < 0.7 ? x : xs[Math.floor(rand() * xs.length)]!) : p.off;
      put(buf, off, p.size, p.v);
    }
    out.push({ data: buf, wireLen: len + (rand() < 0.2 ? Math.floor(rand() * 100) : 0) });
  }
  return out;
}

/** Run a command and return stdout (for scripts). */
export const sh = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8' });

/**
 * Filter conformance against libpcap: for each accepted expression on its link type, the packets
 * Trawl's program keeps (on the VM and on the JIT) must be exactly the packets libpcap keeps
 * (pcap_compile + pcap_offline_filter) over every capture of that link type that libpcap reads.
 */
import type { RawInsn } from '../../bpf/opcodes';
import { compileJit } from '../../bpf/jit';
import { createVm } from '../../bpf/vm';
import { compileFilter } from '../compile';
import type { NameResolver } from '../resolver';
import type { AcceptedRow } from './corpus';
import { runOracle } from './oracle';
import { loadPackets, type LoadedPacket } from './packets';

export type ExprStatus =
  /** Same packets as libpcap on the VM and the JIT. */
  | 'agree'
  /** Both compile, but the kept packets differ. */
  | 'disagree'
  /** libpcap compiles it here; Trawl rejects it. */
  | 'trawl-rejects'
  /** libpcap on this machine rejects it (e.g. a name it cannot resolve); not counted. */
  | 'libpcap-rejects'
  /** No capture of this link type: both compile it (sizes compared, packets not). */
  | 'compiles';

export interface ExprResult {
  readonly row: AcceptedRow;
  readonly status: ExprStatus;
  readonly packets: number;
  readonly libpcapMatches?: number;
  readonly trawlMatches?: number;
  readonly trawlInsns?: number;
  readonly oracleInsns?: number;
  /** What differed: the first packets in disagreement, or the error. */
  readonly detail?: string;
}

export interface LinkTypeRun {
  readonly linkType: number;
  readonly files: readonly string[];
  /** Files skipped because Trawl's parser and libpcap read a different number of packets. */
  readonly skippedFiles: readonly string[];
  readonly results: readonly ExprResult[];
}

/** Packets kept by `prog` (global indices), on the VM and on the JIT; throws if they disagree. */
export function trawlMatches(prog: RawInsn[], packets: readonly LoadedPacket[]): { vm: number[]; jit: number[] } {
  const vm = createVm(prog);
  const jit = compileJit(prog);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < packets.length; i++) {
    const p = packets[i];
    if (vm(p.data, p.wireLength) !== 0) a.push(i);
    if (jit(p.data, p.wireLength) !== 0) b.push(i);
  }
  return { vm: a, jit: b };
}

function describeDiff(ours: readonly number[], theirs: Uint32Array, where: (i: number) => string): string {
  const a = new Set(ours);
  const b = new Set(theirs);
  const onlyOurs = ours.filter((i) => !b.has(i)).slice(0, 3).map(where);
  const onlyTheirs = Array.from(theirs).filter((i) => !a.has(i)).slice(0, 3).map(where);
  return `kept only by Trawl: ${onlyOurs.join(', ') || 'none'}; only by libpcap: ${onlyTheirs.join(', ') || 'none'}`;
}

export async function runLinkType(
  linkType: number,
  rows: readonly AcceptedRow[],
  files: readonly string[],
  resolver: NameResolver,
): Promise<LinkTypeRun> {
  const loaded = files.map(loadPackets);
  const exprs = rows.map((r) => r.expr);
  const dlt = rows[0]?.linkTypeName;
  let oracle = await runOracle(files, [], dlt);
  const keep = loaded.filter((f, i) => f.packets.length === oracle.fileCounts[i] && f.packets.every((p) => p.linkType === linkType));
  const skippedFiles = loaded.filter((f) => !keep.includes(f)).map((f) => f.path);
  const usedFiles = keep.map((f) => f.path);
  oracle = await runOracle(usedFiles, exprs, dlt);
  const packets = keep.flatMap((f) => f.packets);
  const starts: number[] = [];
  let n = 0;
  for (const f of keep) {
    starts.push(n);
    n += f.packets.length;
  }
  const where = (i: number): string => {
    let k = starts.length - 1;
    while (k > 0 && starts[k] > i) k--;
    return `${usedFiles[k].split('/').slice(-1)[0]}#${i - starts[k] + 1}`;
  };

  const results: ExprResult[] = rows.map((row, i) => {
    const verdict = oracle.verdicts[i];
    if (!verdict.ok) {
      return { row, status: 'libpcap-rejects', packets: packets.length, detail: verdict.error };
    }
    let prog: RawInsn[];
    try {
      prog = compileFilter(row.expr, { linkType, resolver });
    } catch (e) {
      return { row, status: 'trawl-rejects', packets: packets.length, detail: (e as Error).message };
    }
    if (usedFiles.length === 0) {
      return { row, status: 'compiles', packets: 0, trawlInsns: prog.length, oracleInsns: verdict.insns };
    }
    const { vm, jit } = trawlMatches(prog, packets);
    const sameVm = vm.length === verdict.matches.length && vm.every((x, j) => x === verdict.matches[j]);
    const sameJit = jit.length === vm.length && jit.every((x, j) => x === vm[j]);
    const base = { row, packets: packets.length, libpcapMatches: verdict.matches.length, trawlMatches: vm.length, trawlInsns: prog.length, oracleInsns: verdict.insns };
    if (sameVm && sameJit) return { ...base, status: 'agree' };
    const detail = !sameVm ? describeDiff(vm, verdict.matches, where) : `JIT and VM differ: ${describeDiff(jit, Uint32Array.from(vm), where)}`;
    return { ...base, status: 'disagree', detail };
  });
  return { linkType, files: usedFiles, skippedFiles, results };
}

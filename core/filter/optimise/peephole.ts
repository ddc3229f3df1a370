/**
 * Peephole rewrites at a block's end (libpcap opt_peep), when A is not read after the branch:
 *   sub #k; jeq #0   →  jeq #k          sub x; jeq #0  →  jeq x
 *   and #k; jeq #0   →  jset #k (arms swapped)    and #k; jgt #0  →  jset #k
 */
import { BPF_ALU, BPF_AND, BPF_NEG, BPF_SUB, BPF_X, bpfClass, bpfOp, bpfSrc } from '../../bpf/opcodes';
import { isGoto, topoOrder } from '../ir';
import type { Graph, Pass } from './pass';
import { bit, liveness } from './liveness';
import { A_ATOM } from './values';

export const peephole: Pass = {
  name: 'peephole',
  run(g: Graph): boolean {
    const { liveIn } = liveness(g.entry);
    let changed = false;
    for (const b of topoOrder(g.entry)) {
      const e = b.exit;
      if (e.kind !== 'branch' || isGoto(e) || e.useX || b.stmts.length === 0) continue;
      const last = b.stmts[b.stmts.length - 1]!;
      if (bpfClass(last.code) !== BPF_ALU || bpfOp(last.code) === BPF_NEG) continue;
      if (((liveIn.get(e.jt)! | liveIn.get(e.jf)!) & bit(A_ATOM)) !== 0) continue;
      const op = bpfOp(last.code);
      const useX = bpfSrc(last.code) === BPF_X;
      if (op === BPF_SUB && e.op === 'jeq' && e.k === 0) {
        b.stmts = b.stmts.slice(0, -1);
        e.useX = useX;
        e.k = useX ? 0 : last.k;
        changed = true;
      } else if (op === BPF_AND && e.k === 0 && (e.op === 'jeq' || e.op === 'jgt')) {
        b.stmts = b.stmts.slice(0, -1);
        if (e.op === 'jeq') [e.jt, e.jf] = [e.jf, e.jt];
        e.op = 'jset';
        e.useX = useX;
        e.k = useX ? 0 : last.k;
        changed = true;
      }
    }
    return changed;
  },
};

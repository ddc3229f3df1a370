/**
 * Fold a constant index offset into indirect loads (libpcap opt_peep's `add; tax; ld [x+k]`):
 * when `tax` would set X to `X + c` and that X is read only by `ld [x+k]` loads before it is
 * overwritten, drop the `tax` and load from `[x + k + c]` instead; the sum itself then dies.
 */
import { BPF_IND, BPF_LD, BPF_MISC, BPF_TAX, bpfClass, bpfMiscOp, bpfMode } from '../../bpf/opcodes';
import { predecessors, topoOrder, type Stmt } from '../ir';
import type { Graph, Pass } from './pass';
import { bit, liveness } from './liveness';
import { A_ATOM, X_ATOM, analyse, defOf, evalStmt, usesOf } from './values';

const isTax = (s: Stmt): boolean => bpfClass(s.code) === BPF_MISC && bpfMiscOp(s.code) === BPF_TAX;
const isInd = (s: Stmt): boolean => bpfClass(s.code) === BPF_LD && bpfMode(s.code) === BPF_IND;

export const foldIndex: Pass = {
  name: 'fold-index',
  run(g: Graph): boolean {
    const order = topoOrder(g.entry);
    const { table: t, entry } = analyse(order, predecessors(g.entry));
    const { liveOut } = liveness(g.entry);
    let changed = false;
    for (const b of order) {
      const st = entry.get(b)!.slice();
      for (let i = 0; i < b.stmts.length; i++) {
        const s = b.stmts[i]!;
        const sum = isTax(s) ? t.sumOf(st[A_ATOM]!) : undefined;
        if (sum && st[X_ATOM] === sum.base) {
          const loads: number[] = [];
          let ok = true;
          let redefined = false;
          for (let j = i + 1; j < b.stmts.length && ok && !redefined; j++) {
            const u = b.stmts[j]!;
            if (usesOf(u).includes(X_ATOM)) {
              if (isInd(u)) loads.push(j);
              else ok = false;
            }
            if (defOf(u) === X_ATOM) redefined = true;
          }
          const exit = b.exit;
          if (!redefined && ((liveOut.get(b)! & bit(X_ATOM)) !== 0 || (exit.kind === 'branch' && exit.useX))) ok = false;
          if (ok) {
            for (const j of loads) {
              const u = b.stmts[j]!;
              b.stmts[j] = { code: u.code, k: (u.k + sum.c) >>> 0 };
            }
            b.stmts.splice(i, 1);
            changed = true;
            i--;
            continue;
          }
        }
        evalStmt(t, s, st);
      }
    }
    return changed;
  },
};

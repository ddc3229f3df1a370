/**
 * Value numbering, constant propagation and redundant-load elimination (libpcap opt_blk/opt_stmt):
 * a statement that gives its atom the value it already holds goes; one whose value is a known
 * constant becomes an immediate load; a value already in the other register becomes tax/txa;
 * X-relative operations with a known X become constant forms; branches on known values are decided.
 */
import {
  BPF_ABS, BPF_ALU, BPF_DIV, BPF_IMM, BPF_IND, BPF_LD, BPF_LDX, BPF_MISC, BPF_MOD, BPF_TAX, BPF_TXA,
  BPF_K, bpfClass, bpfMode, bpfOp, bpfSize,
} from '../../bpf/opcodes';
import { branchTaken } from '../ir-eval';
import { gotoExit, isGoto, predecessors, topoOrder, type Block, type Stmt } from '../ir';
import type { Graph, Pass } from './pass';
import { A_ATOM, X_ATOM, analyse, defOf, evalStmt, isAluX, type ValueTable } from './values';

function rewriteStmt(t: ValueTable, s: Stmt, st: Int32Array): Stmt | null {
  const def = defOf(s);
  const before = st.slice();
  const v = evalStmt(t, s, st);
  if (before[def] === v) return null;
  const c = t.constOf(v);
  const cls = bpfClass(s.code);
  if (c !== undefined && (def === A_ATOM || def === X_ATOM)) {
    const code = (def === A_ATOM ? BPF_LD : BPF_LDX) | BPF_IMM;
    return s.code === code && s.k === c ? s : { code, k: c };
  }
  if (def === A_ATOM && v === before[X_ATOM] && !(cls === BPF_MISC)) return { code: BPF_MISC | BPF_TXA, k: 0 };
  if (def === X_ATOM && v === before[A_ATOM] && !(cls === BPF_MISC)) return { code: BPF_MISC | BPF_TAX, k: 0 };
  const cx = t.constOf(before[X_ATOM]!);
  if (cx !== undefined && isAluX(s)) {
    const op = bpfOp(s.code);
    if (!((op === BPF_DIV || op === BPF_MOD) && cx === 0)) return { code: BPF_ALU | op | BPF_K, k: cx };
  }
  if (cx !== undefined && cls === BPF_LD && bpfMode(s.code) === BPF_IND) {
    return { code: BPF_LD | BPF_ABS | bpfSize(s.code), k: (cx + s.k) >>> 0 };
  }
  return s;
}

function sameStmts(a: readonly Stmt[], b: readonly Stmt[]): boolean {
  return a.length === b.length && a.every((s, i) => s.code === b[i]!.code && s.k === b[i]!.k);
}

export const foldValues: Pass = {
  name: 'fold-values',
  run(g: Graph): boolean {
    const order = topoOrder(g.entry);
    const { table: t, entry } = analyse(order, predecessors(g.entry));
    let changed = false;
    for (const b of order) {
      const st = entry.get(b)!.slice();
      const out: Stmt[] = [];
      for (const s of b.stmts) {
        const r = rewriteStmt(t, s, st);
        if (r) out.push(r);
      }
      if (!sameStmts(out, b.stmts)) {
        b.stmts = out;
        changed = true;
      }
      changed = foldExit(t, b, st) || changed;
    }
    return changed;
  },
};

/** Decide or simplify a block's exit from the values at its end. */
function foldExit(t: ValueTable, b: Block, st: Int32Array): boolean {
  const e = b.exit;
  const ca = t.constOf(st[A_ATOM]!);
  if (e.kind === 'ret') {
    if (e.useA && ca !== undefined) {
      b.exit = { kind: 'ret', useA: false, k: ca };
      return true;
    }
    return false;
  }
  if (isGoto(e)) return false;
  let changed = false;
  if (e.useX) {
    const cx = t.constOf(st[X_ATOM]!);
    if (cx !== undefined) {
      e.useX = false;
      e.k = cx;
      changed = true;
    } else if (st[X_ATOM] === st[A_ATOM] && e.op !== 'jset') {
      // A compared with itself: equal, so jeq/jge hold and jgt does not (jset depends on A).
      b.exit = gotoExit(e.op === 'jgt' ? e.jf : e.jt);
      return true;
    }
  }
  if (e.useX) return changed;
  let decided: boolean | undefined;
  if (ca !== undefined) decided = branchTaken(e.op, ca, e.k);
  else if (e.op === 'jset' && e.k === 0) decided = false;
  else if (e.op === 'jge' && e.k === 0) decided = true;
  else if (e.op === 'jgt' && e.k === 0xffffffff) decided = false;
  if (decided === undefined) return changed;
  b.exit = gotoExit(decided ? e.jt : e.jf);
  return true;
}

/**
 * Jump threading (libpcap opt_j / fold_edge): when the facts on an edge already decide the branch
 * of the block it enters, the edge goes straight to that branch's target, provided the skipped
 * block's statements change nothing the target still reads. Blocks are visited in topological
 * order, recomputing values and facts from the current edges, so earlier redirections are seen.
 */
import { isGoto, topoOrder, type Block, type BranchOp } from '../ir';
import type { Graph, Pass } from './pass';
import { bit, liveness, type AtomSet } from './liveness';
import { decide, intersect, withFact, type Facts } from './facts';
import { A_ATOM, N_ATOMS, X_ATOM, ValueTable, defOf, evalStmt, type State } from './values';

interface Info {
  readonly exitState: State;
  readonly t: Facts;
  readonly f: Facts;
}

function branchFacts(t: ValueTable, b: Block, st: State, entryFacts: Facts): { t: Facts; f: Facts } {
  const e = b.exit;
  if (e.kind !== 'branch' || isGoto(e)) return { t: entryFacts, f: entryFacts };
  const a = st[A_ATOM]!;
  const o = e.useX ? st[X_ATOM]! : t.constVn(e.k);
  return { t: withFact(entryFacts, { a, op: e.op, o, taken: true }), f: withFact(entryFacts, { a, op: e.op, o, taken: false }) };
}

/** Where `b`'s branch goes when entered with `st` under `facts`, or undefined if not settled. */
function settle(t: ValueTable, b: Block, st: State, facts: Facts, liveIn: Map<Block, AtomSet>): Block | undefined {
  const e = b.exit;
  if (e.kind !== 'branch' || isGoto(e)) return undefined;
  const out = st.slice();
  let defs = 0;
  for (const s of b.stmts) {
    evalStmt(t, s, out);
    defs |= bit(defOf(s));
  }
  const op: BranchOp = e.op;
  const taken = decide(t, facts, out[A_ATOM]!, op, e.useX ? out[X_ATOM]! : t.constVn(e.k));
  if (taken === undefined) return undefined;
  const target = taken ? e.jt : e.jf;
  const live = liveIn.get(target) ?? 0;
  for (let i = 0; i < N_ATOMS; i++) {
    if ((defs & live & bit(i)) !== 0 && out[i] !== st[i]) return undefined;
  }
  return target;
}

export const threadJumps: Pass = {
  name: 'thread-jumps',
  run(g: Graph): boolean {
    const { liveIn } = liveness(g.entry);
    const t = new ValueTable();
    const order = topoOrder(g.entry);
    const preds = new Map<Block, Block[]>();
    const info = new Map<Block, Info>();
    let changed = false;
    for (const b of order) {
      const ps = (preds.get(b) ?? []).filter((p) => {
        const e = p.exit;
        return e.kind === 'branch' && (e.jt === b || e.jf === b);
      });
      if (b !== g.entry && ps.length === 0) continue; // no longer reached
      const st = new Int32Array(N_ATOMS);
      for (let i = 0; i < N_ATOMS; i++) {
        let v = ps.length > 0 ? info.get(ps[0]!)!.exitState[i]! : 0;
        for (const p of ps) if (info.get(p)!.exitState[i] !== v) v = 0;
        st[i] = v !== 0 ? v : t.phi(b, i);
      }
      const incoming: Facts[] = [];
      for (const p of ps) {
        const pi = info.get(p)!;
        const e = p.exit;
        if (e.kind !== 'branch') continue;
        if (e.jt === b && e.jf === b) incoming.push(intersect([pi.t, pi.f]));
        else incoming.push(e.jt === b ? pi.t : pi.f);
      }
      const entryFacts = intersect(incoming);
      for (const s of b.stmts) evalStmt(t, s, st);
      const bf = branchFacts(t, b, st, entryFacts);
      info.set(b, { exitState: st, ...bf });
      const e = b.exit;
      if (e.kind === 'branch') {
        const jump = isGoto(e);
        for (const side of jump ? (['jt'] as const) : (['jt', 'jf'] as const)) {
          const facts = jump ? entryFacts : bf[side === 'jt' ? 't' : 'f'];
          for (let guard = 0; guard < 10_000; guard++) {
            const next = settle(t, e[side], st, facts, liveIn);
            if (!next) break;
            e[side] = next;
            if (jump) e.jf = next;
            changed = true;
          }
          const list = preds.get(e[side]);
          if (list) { if (!list.includes(b)) list.push(b); } else preds.set(e[side], [b]);
        }
      }
    }
    return changed;
  },
};

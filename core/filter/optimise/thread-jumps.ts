/**
 * Jump threading (libpcap opt_j / fold_edge): when the facts on an edge already decide the branch
 * of the block it enters, the edge goes straight to that branch's target, provided the skipped
 * block's statements change nothing the target still reads. Blocks are visited in topological
 * order, recomputing values and facts from the current edges, so earlier redirections are seen.
 */
import { isGoto, topoOrder, type Block } from '../ir';
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

/**
 * Where `b`'s branch goes when entered with `st` under `facts` (and the state after `b`'s
 * statements), or undefined if the facts do not settle it.
 */
function step(t: ValueTable, b: Block, st: State, facts: Facts): { target: Block; out: State; defs: number } | undefined {
  const e = b.exit;
  if (e.kind !== 'branch' || isGoto(e)) return undefined;
  const out = st.slice();
  let defs = 0;
  for (const s of b.stmts) {
    evalStmt(t, s, out);
    defs |= bit(defOf(s));
  }
  const taken = decide(t, facts, out[A_ATOM]!, e.op, e.useX ? out[X_ATOM]! : t.constVn(e.k));
  if (taken === undefined) return undefined;
  return { target: taken ? e.jt : e.jf, out, defs };
}

/**
 * The furthest block an edge entering `first` with `st` under `facts` can go to instead: follow
 * the branches the facts settle, block after block, and keep the last target where every atom
 * the skipped blocks defined and the target still reads holds the value it had on the edge. (A
 * block in between may define a value that a later skipped block redefines before it is read.)
 */
function settle(t: ValueTable, first: Block, st: State, facts: Facts, liveIn: Map<Block, AtomSet>): Block | undefined {
  let state = st;
  let defs = 0;
  let best: Block | undefined;
  for (let b = first, guard = 0; guard < 10_000; guard++) {
    const r = step(t, b, state, facts);
    if (!r) break;
    state = r.out;
    defs |= r.defs;
    b = r.target;
    const live = liveIn.get(b) ?? 0;
    let ok = true;
    for (let i = 0; i < N_ATOMS && ok; i++) {
      if ((defs & live & bit(i)) !== 0 && state[i] !== st[i]) ok = false;
    }
    if (ok) best = b;
  }
  return best;
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
          const next = settle(t, e[side], st, facts, liveIn);
          if (next) {
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

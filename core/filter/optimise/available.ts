/**
 * Values known to have been computed without fault on every path to a block: what its atoms hold on
 * entry, and what the packet loads (and divisions) of the blocks dominating it computed. A statement
 * computing one of them again cannot fault there (the program would have ended before).
 */
import type { Block, Stmt } from '../ir';
import type { Dominators } from './dominators';
import { N_ATOMS, evalStmt, mayFault, type Analysis, type State } from './values';

/** The values available on entry to `b` (computed lazily: call `get` only when needed). */
export function available(an: Analysis, dom: Dominators, b: Block): () => ReadonlySet<number> {
  let known: Set<number> | null = null;
  return () => {
    if (known) return known;
    known = new Set<number>(an.entry.get(b)!);
    for (const d of dom.above(b)) {
      const st = an.entry.get(d)!.slice();
      for (const s of d.stmts) {
        const v = evalStmt(an.table, s, st);
        if (mayFault(s)) known.add(v);
      }
    }
    return known;
  };
}

/**
 * Whether `stmts`, run in state `st`, end with every atom as it was and cannot fault: each packet
 * load (or division) computes a value `st` holds or `known` lists.
 */
export function harmless(an: Analysis, stmts: readonly Stmt[], st: State, known: () => ReadonlySet<number>): boolean {
  const s = st.slice();
  const held = new Set<number>(st);
  for (const stmt of stmts) {
    const v = evalStmt(an.table, stmt, s);
    if (mayFault(stmt) && !held.has(v) && !known().has(v)) return false;
  }
  for (let i = 0; i < N_ATOMS; i++) if (s[i] !== st[i]) return false;
  return true;
}

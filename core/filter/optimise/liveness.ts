/** Backward liveness of atoms (scratch words, A, X) at each block's entry and exit. */
import { isGoto, topoOrder, successors, type Block, type Exit } from '../ir';
import { A_ATOM, X_ATOM, defOf, usesOf } from './values';

/** A set of atoms as a bit mask (18 atoms fit in 32 bits). */
export type AtomSet = number;

export const bit = (atom: number): AtomSet => 1 << atom;

export function exitUses(e: Exit): AtomSet {
  if (e.kind === 'ret') return e.useA ? bit(A_ATOM) : 0;
  if (isGoto(e)) return 0;
  return bit(A_ATOM) | (e.useX ? bit(X_ATOM) : 0);
}

export interface Liveness {
  readonly liveIn: Map<Block, AtomSet>;
  readonly liveOut: Map<Block, AtomSet>;
}

export function liveness(entry: Block): Liveness {
  const order = topoOrder(entry);
  const liveIn = new Map<Block, AtomSet>();
  const liveOut = new Map<Block, AtomSet>();
  for (let i = order.length - 1; i >= 0; i--) {
    const b = order[i]!;
    let live = 0;
    for (const s of successors(b)) live |= liveIn.get(s)!;
    liveOut.set(b, live);
    live |= exitUses(b.exit);
    for (let j = b.stmts.length - 1; j >= 0; j--) {
      const s = b.stmts[j]!;
      live &= ~bit(defOf(s));
      for (const u of usesOf(s)) live |= bit(u);
    }
    liveIn.set(b, live);
  }
  return { liveIn, liveOut };
}

/**
 * Dead-store elimination (libpcap opt_deadstores): a statement whose atom is overwritten or never
 * read before the program returns goes. Like libpcap, this drops dead packet loads too, so a packet
 * too short for a load whose value nobody reads is no longer rejected for it.
 */
import { successors, topoOrder, type Stmt } from '../ir';
import type { Graph, Pass } from './pass';
import { bit, exitUses, liveness } from './liveness';
import { defOf, usesOf } from './values';

export const deadStores: Pass = {
  name: 'dead-stores',
  run(g: Graph): boolean {
    const { liveIn } = liveness(g.entry);
    let changed = false;
    for (const b of topoOrder(g.entry)) {
      let live = 0;
      for (const s of successors(b)) live |= liveIn.get(s)!;
      live |= exitUses(b.exit);
      const kept: Stmt[] = [];
      for (let j = b.stmts.length - 1; j >= 0; j--) {
        const s = b.stmts[j]!;
        const d = bit(defOf(s));
        if ((live & d) === 0) {
          changed = true;
          continue;
        }
        live &= ~d;
        for (const u of usesOf(s)) live |= bit(u);
        kept.push(s);
      }
      if (kept.length !== b.stmts.length) b.stmts = kept.reverse();
    }
    return changed;
  },
};

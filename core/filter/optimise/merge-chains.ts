/**
 * Straighten unconditional jumps: an edge into an empty block that only jumps on goes straight to
 * where it jumps; a block that jumps unconditionally to a block nothing else reaches absorbs it.
 */
import { predecessors, topoOrder, type Block } from '../ir';
import type { Graph, Pass } from './pass';

function skipEmpty(b: Block): Block {
  let cur = b;
  for (let guard = 0; guard < 100_000; guard++) {
    const e = cur.exit;
    if (cur.stmts.length > 0 || e.kind !== 'branch' || e.jt !== e.jf || e.jt === cur) break;
    cur = e.jt;
  }
  return cur;
}

export const mergeChains: Pass = {
  name: 'merge-chains',
  run(g: Graph): boolean {
    let changed = false;
    const entry = skipEmpty(g.entry);
    if (entry !== g.entry) {
      g.entry = entry;
      changed = true;
    }
    for (const b of topoOrder(g.entry)) {
      const e = b.exit;
      if (e.kind !== 'branch') continue;
      const jt = skipEmpty(e.jt);
      const jf = skipEmpty(e.jf);
      if (jt !== e.jt || jf !== e.jf) {
        e.jt = jt;
        e.jf = jf;
        changed = true;
      }
    }
    const preds = predecessors(g.entry);
    for (const b of topoOrder(g.entry)) {
      for (;;) {
        const e = b.exit;
        if (e.kind !== 'branch' || e.jt !== e.jf) break;
        const c = e.jt;
        if (c === b || preds.get(c)?.length !== 1) break;
        b.stmts = [...b.stmts, ...c.stmts];
        b.exit = c.exit;
        for (const s of c.exit.kind === 'branch' ? [c.exit.jt, c.exit.jf] : []) {
          const ps = preds.get(s)!;
          const i = ps.indexOf(c);
          if (i >= 0) ps[i] = b;
        }
        changed = true;
      }
    }
    return changed;
  },
};

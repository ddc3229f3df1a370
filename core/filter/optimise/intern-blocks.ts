/**
 * Merge identical blocks (libpcap intern_blocks): two blocks with the same statements and the same
 * exit to the same (already merged) successors become one, so shared tails and duplicate returns
 * collapse. Bottom-up, so equal subgraphs merge in one run.
 */
import { topoOrder, type Block } from '../ir';
import type { Graph, Pass } from './pass';

export const internBlocks: Pass = {
  name: 'intern-blocks',
  run(g: Graph): boolean {
    const order = topoOrder(g.entry);
    const canon = new Map<Block, Block>();
    const byKey = new Map<string, Block>();
    let changed = false;
    for (let i = order.length - 1; i >= 0; i--) {
      const b = order[i]!;
      const e = b.exit;
      if (e.kind === 'branch') {
        const jt = canon.get(e.jt)!;
        const jf = canon.get(e.jf)!;
        if (jt !== e.jt || jf !== e.jf) {
          e.jt = jt;
          e.jf = jf;
          changed = true;
        }
      }
      const exitKey = e.kind === 'ret'
        ? `r${e.useA ? 'a' : e.k}`
        : e.jt === e.jf ? `g${e.jt.id}` : `${e.op}${e.useX ? 'x' : e.k}:${e.jt.id}:${e.jf.id}`;
      const key = `${b.stmts.map((s) => `${s.code},${s.k}`).join(';')}|${exitKey}`;
      const found = byKey.get(key);
      if (found) {
        canon.set(b, found);
        changed = true;
      } else {
        byKey.set(key, b);
        canon.set(b, b);
      }
    }
    const entry = canon.get(g.entry)!;
    if (entry !== g.entry) g.entry = entry;
    return changed;
  },
};

/**
 * Block dominators (libpcap optimize.c find_dom): `a` dominates `b` when every path from the entry
 * to `b` passes through `a`. Immediate dominators by the iterative Cooper–Harvey–Kennedy algorithm
 * over the topological order (the graph is acyclic, so one sweep settles them).
 */
import type { Block } from '../ir';

export interface Dominators {
  /** Whether `a` dominates `b` (every block dominates itself). */
  dominates(a: Block, b: Block): boolean;
  /** The blocks that dominate `b` strictly, nearest first (the entry last). */
  above(b: Block): Block[];
}

export function dominators(order: readonly Block[], preds: ReadonlyMap<Block, readonly Block[]>): Dominators {
  const pos = new Map<Block, number>(order.map((b, i) => [b, i]));
  const idom: number[] = order.map((_, i) => (i === 0 ? 0 : -1));
  const meet = (x: number, y: number): number => {
    while (x !== y) {
      while (x > y) x = idom[x]!;
      while (y > x) y = idom[y]!;
    }
    return x;
  };
  for (let i = 1; i < order.length; i++) {
    let d = -1;
    for (const p of preds.get(order[i]!) ?? []) {
      const pi = pos.get(p);
      if (pi === undefined || idom[pi] === -1) continue;
      d = d === -1 ? pi : meet(d, pi);
    }
    idom[i] = d === -1 ? 0 : d;
  }
  // Intervals of a preorder walk of the dominator tree: a dominates b when a's interval holds b's.
  const children: number[][] = order.map(() => []);
  for (let i = 1; i < order.length; i++) children[idom[i]!]!.push(i);
  const enter = new Int32Array(order.length);
  const leave = new Int32Array(order.length);
  let clock = 0;
  const stack: { n: number; next: number }[] = order.length > 0 ? [{ n: 0, next: 0 }] : [];
  if (order.length > 0) enter[0] = clock++;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const kids = children[top.n]!;
    if (top.next < kids.length) {
      const c = kids[top.next++]!;
      enter[c] = clock++;
      stack.push({ n: c, next: 0 });
    } else {
      leave[top.n] = clock++;
      stack.pop();
    }
  }
  return {
    dominates(a: Block, b: Block): boolean {
      const ai = pos.get(a);
      const bi = pos.get(b);
      if (ai === undefined || bi === undefined) return false;
      return enter[ai]! <= enter[bi]! && leave[bi]! <= leave[ai]!;
    },
    above(b: Block): Block[] {
      const out: Block[] = [];
      let i = pos.get(b);
      while (i !== undefined && i > 0) {
        i = idom[i]!;
        out.push(order[i]!);
      }
      return out;
    },
  };
}

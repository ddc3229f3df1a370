/**
 * The optimiser: an ordered list of small named passes (cbpfc's shape, libpcap's passes), run
 * again and again until none changes anything.
 */
import { successors, topoOrder, type Block, type Cfg } from '../ir';
import { andPullup } from './and-pullup';
import { deadStores } from './dead-stores';
import { foldIndex } from './fold-index';
import { foldValues } from './fold-values';
import { internBlocks } from './intern-blocks';
import { mergeChains } from './merge-chains';
import { orPullup } from './or-pullup';
import type { Graph, Pass } from './pass';
import { peephole } from './peephole';
import { threadJumps } from './thread-jumps';

export type { Graph, Pass } from './pass';

export const PASSES: readonly Pass[] = [
  foldValues,
  deadStores,
  foldIndex,
  peephole,
  threadJumps,
  orPullup,
  andPullup,
  mergeChains,
  internBlocks,
];

export interface OptimiseOptions {
  /** Run these passes instead of PASSES (tests). */
  readonly passes?: readonly Pass[];
  /** Called after each pass that changed the graph (for `--stage` dumps and tests). */
  readonly onPass?: (pass: Pass, entry: Block) => void;
}

/** Rounds after which the optimiser stops even if a pass still reports changes (a safety net). */
const MAX_ROUNDS = 100;

/** True when some edge goes back (a loop): the passes assume an acyclic graph, as BPF is. */
export function hasCycle(entry: Block): boolean {
  const order = topoOrder(entry);
  const pos = new Map(order.map((b, i) => [b, i]));
  return order.some((b, i) => successors(b).some((s) => pos.get(s)! <= i));
}

/** Optimise the graph to a fixed point; a graph with a loop is returned untouched. */
export function optimize(cfg: Cfg, entry: Block, options: OptimiseOptions = {}): Block {
  if (hasCycle(entry)) return entry;
  const g: Graph = { cfg, entry };
  const passes = options.passes ?? PASSES;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    for (const p of passes) {
      if (p.run(g)) {
        changed = true;
        options.onPass?.(p, g.entry);
      }
    }
    if (!changed) break;
  }
  return g.entry;
}

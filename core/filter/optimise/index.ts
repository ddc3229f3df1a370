/**
 * The optimiser: an ordered list of small named passes (cbpfc's shape, libpcap's passes), run
 * again and again until none changes anything.
 */
import type { Block, Cfg } from '../ir';
import { deadStores } from './dead-stores';
import { foldIndex } from './fold-index';
import { foldValues } from './fold-values';
import { internBlocks } from './intern-blocks';
import { mergeChains } from './merge-chains';
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

export function optimize(cfg: Cfg, entry: Block, options: OptimiseOptions = {}): Block {
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

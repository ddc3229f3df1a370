/** The shape every optimiser pass shares: rewrite the graph in place, say whether anything changed. */
import type { Block, Cfg } from '../ir';

export interface Graph {
  readonly cfg: Cfg;
  /** The program's first block; a pass may replace it. */
  entry: Block;
}

export interface Pass {
  readonly name: string;
  run(g: Graph): boolean;
}

/**
 * The mechanism behind or-pullup and and-pullup (libpcap optimize.c or_pullup/and_pullup).
 *
 * "t1 or t2 or …" lowers to a chain of blocks linked by their false edges whose true edges all go
 * to one block T (for "and": linked by true edges, false edges to one block F). When the chain tests
 * a value v, then other values, then v again, the later test of v moves up to sit right after the
 * first: it then needs no statements of its own (they go), and the tests of the other values that
 * come next load theirs once, not once per term. Many tests of v move in one step, in their order. `port 80 or port 443` tests
 * [x+14]=80, [x+16]=80, [x+14]=443, [x+16]=443 and becomes [x+14]=80, [x+14]=443, [x+16]=80, [x+16]=443.
 *
 * Like libpcap, this lets a short packet that a skipped block's load would have rejected be accepted
 * (or rejected) by the moved test instead: in the example, a packet cut off after [x+14]=443 is
 * rejected at the load of [x+16] before the move and accepted after it, as by libpcap's optimised
 * program (whose unoptimised program rejects it). Trawl's own folding can reach further than
 * libpcap's on the reordered chains, so on such cut-short packets the verdicts can still differ from
 * libpcap's (scripts/pullup-study.ts counts them). Everything else stays exactly as it was; where
 * libpcap trusts its code generator, this checks:
 *   - the moved block's statements change no atom where it lands, and cannot fault there (each
 *     packet load reads what was already read on every path there), so the skipped blocks see
 *     what they saw;
 *   - every block between the landing place and the moved block, and the moved block, has only its
 *     chain predecessor (so no other path loses or gains the moved test);
 *   - the atoms T and the block after the moved one read have the same values on their new incoming
 *     edges as they had on the old ones.
 */
import { isGoto, predecessors, topoOrder, type Block } from '../ir';
import { available, harmless } from './available';
import { dominators, type Dominators } from './dominators';
import { bit, liveness, type AtomSet } from './liveness';
import type { Graph } from './pass';
import { A_ATOM, N_ATOMS, X_ATOM, analyse, type Analysis, type State } from './values';

/** Which edge links the chain ('jf' for or, 'jt' for and); the other edge is shared by all of it. */
export type Link = 'jf' | 'jt';

/** Chains one run may rearrange before it stops (a safety net; each is followed by fresh analyses). */
const MAX_PULLS = 10_000;

interface Ctx {
  readonly preds: Map<Block, Block[]>;
  readonly an: Analysis;
  readonly dom: Dominators;
  readonly liveIn: Map<Block, AtomSet>;
}

const isTest = (b: Block): boolean => b.exit.kind === 'branch' && !isGoto(b.exit);

function edge(b: Block, side: Link): Block {
  const e = b.exit;
  if (e.kind !== 'branch') throw new Error('internal: not a branch');
  return e[side];
}

function setEdge(b: Block, side: Link, to: Block): void {
  const e = b.exit;
  if (e.kind !== 'branch') throw new Error('internal: not a branch');
  e[side] = to;
}

/** True when every atom live at `target` has the same value in both states. */
function sameLive(live: AtomSet, a: State, b: State): boolean {
  for (let i = 0; i < N_ATOMS; i++) if ((live & bit(i)) !== 0 && a[i] !== b[i]) return false;
  return true;
}

/**
 * Gather the tests of the chain at `b` that test what `b`'s predecessors test up to the top of the
 * chain, in their order; true when any moved.
 */
function pullInto(ctx: Ctx, b: Block, link: Link): boolean {
  const shared: Link = link === 'jf' ? 'jt' : 'jf';
  const { preds, an, dom, liveIn } = ctx;
  const ps = preds.get(b) ?? [];
  if (ps.length === 0) return false;
  const exitA = (x: Block): number => an.exit.get(x)![A_ATOM]!;
  const val = exitA(ps[0]!);
  if (ps.some((p) => exitA(p) !== val)) return false;
  const target = edge(b, shared);
  const inChain = (x: Block): boolean => isTest(x) && edge(x, shared) === target && dom.dominates(b, x);

  // Past the blocks that test val too, to the first that tests another value: the landing place.
  let above: Block | null = null;
  let diff = b;
  for (;;) {
    if (!inChain(diff)) return false;
    if (exitA(diff) !== val) break;
    above = diff;
    diff = edge(diff, link);
  }
  if (above !== null && preds.get(diff)?.length !== 1) return false;
  const landing = an.entry.get(diff)!;
  const known = available(an, dom, diff);
  const liveAtTarget = liveIn.get(target) ?? 0;

  // Then down the chain: each later test of val moves up to the landing place, below those moved
  // before it. (A move changes no value a later check reads: the moved block changes no atom, and
  // the checks below it look only at atoms live there, whose values the move keeps.)
  let moved = false;
  let parent = diff;
  let cur = edge(diff, link);
  while (inChain(cur) && preds.get(cur)?.length === 1) {
    const next = edge(cur, link);
    if (exitA(cur) !== val) {
      parent = cur;
      cur = next;
      continue;
    }
    const curExit = an.exit.get(cur)!;
    const e = cur.exit;
    if (!harmless(an, cur.stmts, landing, known)) break;
    if (e.kind === 'branch' && e.useX && landing[X_ATOM] !== curExit[X_ATOM]) break;
    if (!sameLive(liveAtTarget, landing, curExit)) break;
    if (!sameLive(liveIn.get(next) ?? 0, an.exit.get(parent)!, curExit)) break;
    setEdge(parent, link, next);
    setEdge(cur, link, diff);
    if (above !== null) setEdge(above, link, cur);
    else {
      for (const p of ps) {
        const pe = p.exit;
        if (pe.kind !== 'branch') continue;
        if (pe.jt === b) pe.jt = cur;
        if (pe.jf === b) pe.jf = cur;
      }
    }
    // Where it lands its statements change nothing (checked above): they go, as libpcap's do.
    cur.stmts = [];
    above = cur;
    moved = true;
    cur = next;
  }
  return moved;
}

/**
 * Pull up tests along `link` chains: one sweep in topological order (so a test moves straight to
 * the top of its chain, not one place per run); after a chain changes the analyses are redone and
 * the sweep goes on from it. True when anything moved. What the sweep misses, the optimiser's next
 * round finds.
 */
export function pullUp(g: Graph, link: Link): boolean {
  let changed = false;
  let resume: Block | null = null;
  for (let n = 0; n < MAX_PULLS; n++) {
    const order = topoOrder(g.entry);
    const preds = predecessors(g.entry);
    const ctx: Ctx = { preds, an: analyse(order, preds), dom: dominators(order, preds), liveIn: liveness(g.entry).liveIn };
    let moved: Block | null = null;
    const start: number = resume ? Math.max(0, order.indexOf(resume)) : 0;
    for (const b of order.slice(start)) {
      if (isTest(b) && pullInto(ctx, b, link)) {
        moved = b;
        break;
      }
    }
    if (!moved) break;
    changed = true;
    resume = moved;
  }
  return changed;
}

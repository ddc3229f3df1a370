/**
 * The compiler's intermediate representation: a control-flow graph of basic blocks, as libpcap's
 * optimiser sees it (gencode.h `struct block`). Lowering builds it; the optimiser passes rewrite it;
 * codegen linearises it into BPF.
 *
 * A block is a list of straight-line statements (any BPF instruction that is not a jump or a return)
 * and one exit: a conditional branch on the accumulator (`jeq`/`jgt`/`jge`/`jset` against a constant
 * or X) to two successor blocks, or a return. Successors are object references; a graph is its entry.
 */
import type { Span } from './span';

/** A non-jump, non-return BPF instruction: code from core/bpf/opcodes (ld/ldx/st/stx/alu/misc) and k. */
export interface Stmt {
  readonly code: number;
  readonly k: number;
}

export type BranchOp = 'jeq' | 'jgt' | 'jge' | 'jset';

export type Exit =
  | {
      readonly kind: 'branch';
      op: BranchOp;
      /** Compare A with the constant `k`, or with X when `useX`. */
      useX: boolean;
      k: number;
      jt: Block;
      jf: Block;
    }
  /** `ret #k` (k = 0 rejects; otherwise the snap length to keep) or `ret a`. */
  | { readonly kind: 'ret'; useA: boolean; k: number };

export interface Block {
  /** Unique within one graph; assigned by `Cfg.block()`. */
  readonly id: number;
  stmts: Stmt[];
  exit: Exit;
  /** The source text this test came from, for `--stage ir` and for error reporting. */
  span?: Span;
}

/** Allocates block ids for one compilation. */
export class Cfg {
  private next = 0;
  block(stmts: Stmt[], exit: Exit, span?: Span): Block {
    const b: Block = { id: this.next++, stmts, exit };
    if (span) b.span = span;
    return b;
  }
  get size(): number {
    return this.next;
  }
}

/** Every block reachable from `entry`, in depth-first preorder (jt before jf). */
export function reachableBlocks(entry: Block): Block[] {
  const seen = new Set<Block>();
  const out: Block[] = [];
  const stack: Block[] = [entry];
  while (stack.length > 0) {
    const b = stack.pop()!;
    if (seen.has(b)) continue;
    seen.add(b);
    out.push(b);
    if (b.exit.kind === 'branch') {
      stack.push(b.exit.jf, b.exit.jt);
    }
  }
  return out;
}

/**
 * An unconditional jump, as the optimiser and the lifter express it: a branch whose two successors
 * are the same block (the test is then irrelevant). Codegen emits it as `ja`, or nothing when the
 * target is placed next.
 */
export function gotoExit(target: Block): Exit {
  return { kind: 'branch', op: 'jeq', useX: false, k: 0, jt: target, jf: target };
}

/** True when the exit is an unconditional jump (a branch with both successors the same block). */
export function isGoto(exit: Exit): boolean {
  return exit.kind === 'branch' && exit.jt === exit.jf;
}

/** The distinct successors of a block (none for a return). */
export function successors(b: Block): Block[] {
  if (b.exit.kind !== 'branch') return [];
  return b.exit.jt === b.exit.jf ? [b.exit.jt] : [b.exit.jt, b.exit.jf];
}

/** Predecessor lists of every block reachable from `entry` (a block jumping twice to one successor counts once). */
export function predecessors(entry: Block): Map<Block, Block[]> {
  const preds = new Map<Block, Block[]>();
  for (const b of reachableBlocks(entry)) {
    if (!preds.has(b)) preds.set(b, []);
    for (const s of successors(b)) {
      const list = preds.get(s);
      if (list) list.push(b);
      else preds.set(s, [b]);
    }
  }
  return preds;
}

/**
 * The reachable blocks in topological order (every block before its successors; BPF jumps only
 * forward, so a graph is acyclic). Reverse postorder of a depth-first walk, jt explored first.
 */
export function topoOrder(entry: Block): Block[] {
  const seen = new Set<Block>();
  const post: Block[] = [];
  const stack: { b: Block; next: number }[] = [{ b: entry, next: 0 }];
  seen.add(entry);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const succ = successors(top.b);
    if (top.next < succ.length) {
      const s = succ[top.next++]!;
      if (!seen.has(s)) {
        seen.add(s);
        stack.push({ b: s, next: 0 });
      }
    } else {
      stack.pop();
      post.push(top.b);
    }
  }
  return post.reverse();
}

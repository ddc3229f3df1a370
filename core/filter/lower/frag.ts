/**
 * Fragments: a piece of control flow with dangling true and false edges, combined left to right as
 * libpcap's gen_and / gen_or / gen_not do, but with the holes explicit instead of a sense bit.
 *
 * A hole is a branch side (or a pending `Block` placeholder) still to be pointed at the rest of the
 * program. `and(a, b)` sends a's true edges into b; `or(a, b)` sends a's false edges into b;
 * `not(a)` swaps the hole lists. `finish` points the last holes at `ret #snaplen` / `ret #0`.
 */
import type { Block, BranchOp, Cfg, Stmt } from '../ir';
import type { Span } from '../span';

export interface Hole {
  readonly block: Block;
  readonly side: 'jt' | 'jf';
}

export interface Frag {
  readonly entry: Block;
  readonly t: readonly Hole[];
  readonly f: readonly Hole[];
}

/** A placeholder successor, replaced when a hole is patched. Never reaches codegen. */
const UNPATCHED_RET = { kind: 'ret', useA: false, k: 0xdeadbeef } as const;

/** `stmts; if (A op k) → true hole else → false hole`. */
export function test(cfg: Cfg, stmts: Stmt[], op: BranchOp, k: number, span?: Span, useX = false): Frag {
  const placeholder = cfg.block([], { ...UNPATCHED_RET });
  const b = cfg.block(stmts, { kind: 'branch', op, useX, k: k >>> 0, jt: placeholder, jf: placeholder }, span);
  return { entry: b, t: [{ block: b, side: 'jt' }], f: [{ block: b, side: 'jf' }] };
}

/** Point every hole at `target`. */
export function patch(holes: readonly Hole[], target: Block): void {
  for (const h of holes) {
    const exit = h.block.exit;
    if (exit.kind !== 'branch') throw new Error(`internal: hole in block ${h.block.id} is not a branch`);
    exit[h.side] = target;
  }
}

export function and(a: Frag, b: Frag): Frag {
  patch(a.t, b.entry);
  return { entry: a.entry, t: b.t, f: [...a.f, ...b.f] };
}

export function or(a: Frag, b: Frag): Frag {
  patch(a.f, b.entry);
  return { entry: a.entry, t: [...a.t, ...b.t], f: b.f };
}

export function not(a: Frag): Frag {
  return { entry: a.entry, t: a.f, f: a.t };
}

/** Always true / always false (libpcap gen_true/gen_false: `ld #1; jeq #0` with the sense folded in). */
export function constant(cfg: Cfg, value: boolean, span?: Span): Frag {
  const f = test(cfg, [], 'jeq', 0, span);
  // A starts at 0 in BPF, but do not rely on it: load the constant explicitly.
  f.entry.stmts.push({ code: 0x00 /* BPF_LD|BPF_IMM */, k: 0 });
  return value ? f : not(f);
}

/** Close the fragment: true edges return `snaplen`, false edges return 0. Returns the entry block. */
export function finish(cfg: Cfg, frag: Frag, snaplen: number): Block {
  const accept = cfg.block([], { kind: 'ret', useA: false, k: snaplen >>> 0 });
  const reject = cfg.block([], { kind: 'ret', useA: false, k: 0 });
  patch(frag.t, accept);
  patch(frag.f, reject);
  return frag.entry;
}

/** Prepend straight-line statements to a fragment's entry (libpcap's sappend onto b->stmts). */
export function prepend(frag: Frag, stmts: readonly Stmt[]): Frag {
  frag.entry.stmts.unshift(...stmts);
  return frag;
}

/**
 * `a` then `b` whatever `a` decided: both of a's hole lists continue into b (a prologue that computes
 * registers, or a block that only runs statements).
 */
export function seq(a: Frag, b: Frag): Frag {
  patch(a.t, b.entry);
  patch(a.f, b.entry);
  return { entry: a.entry, t: b.t, f: b.f };
}

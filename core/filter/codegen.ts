/**
 * Code generation (libpcap icode_to_fcode): lay the blocks out in libpcap's order (every jump goes
 * forward, a block's true successor next where it is first reached; see `layout`), so listings
 * match tcpdump's; emit statements, branches and returns, a goto as `ja` or nothing when its target
 * is next; a conditional jump further than 255 instructions goes through a `ja` placed right after
 * it (libpcap's long-jump extension); identical empty returns are emitted once.
 */
import {
  BPF_A, BPF_ALU, BPF_DIV, BPF_JA, BPF_JEQ, BPF_JGE, BPF_JGT, BPF_JMP, BPF_JSET, BPF_K, BPF_LD, BPF_LDX,
  BPF_MEM, BPF_MEMWORDS, BPF_MOD, BPF_RET, BPF_ST, BPF_STX, BPF_X, bpfClass, bpfMode, bpfOp, bpfSrc,
  type RawInsn,
} from '../bpf/opcodes';
import { isGoto, reachableBlocks, type Block, type BranchOp } from './ir';

export class CodegenError extends Error {
  readonly code = 'BPF_CODEGEN';
  constructor(message: string) {
    super(message);
    this.name = 'CodegenError';
  }
}

const JUMP_OPS: Record<BranchOp, number> = { jeq: BPF_JEQ, jgt: BPF_JGT, jge: BPF_JGE, jset: BPF_JSET };
const MAX_OFFSET = 255;

/** Empty return blocks with the same value collapse into one. */
function retCanon(entry: Block): (b: Block) => Block {
  const byKey = new Map<string, Block>();
  const canon = new Map<Block, Block>();
  for (const b of reachableBlocks(entry)) {
    if (b.exit.kind !== 'ret' || b.stmts.length > 0) continue;
    const key = b.exit.useA ? 'a' : String(b.exit.k);
    const found = byKey.get(key);
    if (found) canon.set(b, found);
    else byKey.set(key, b);
  }
  return (b) => canon.get(b) ?? b;
}

function succ(b: Block, canon: (b: Block) => Block): Block[] {
  const e = b.exit;
  if (e.kind !== 'branch') return [];
  const jt = canon(e.jt);
  const jf = canon(e.jf);
  return jt === jf ? [jt] : [jt, jf];
}

/**
 * libpcap's layout (optimize.c convert_code_r): blocks are emitted from the end of the program
 * backwards, in the postorder of a depth-first walk from the root that explores a block's false
 * successor before its true one; so each block is followed by its true successor's not yet placed
 * blocks, then its false successor's. That is the reverse postorder of the walk (jf first), and it
 * is a topological order (every jump goes forward).
 */
export function layout(entry: Block, canon: (b: Block) => Block = (b) => b): Block[] {
  const seen = new Set<Block>([entry]);
  const onStack = new Set<Block>([entry]);
  const post: Block[] = [];
  // Successors in the order the walk explores them: jf, then jt.
  const explore = (b: Block): Block[] => succ(b, canon).reverse();
  const stack: { b: Block; next: Block[] }[] = [{ b: entry, next: explore(entry) }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const s = top.next.shift();
    if (s === undefined) {
      stack.pop();
      onStack.delete(top.b);
      post.push(top.b);
      continue;
    }
    if (onStack.has(s)) throw new CodegenError('the graph has a cycle; BPF jumps only forward');
    if (seen.has(s)) continue;
    seen.add(s);
    onStack.add(s);
    stack.push({ b: s, next: explore(s) });
  }
  return post.reverse();
}

/**
 * A topological order that puts a goto's target, else the true target, next when it is ready (all
 * its predecessors placed): it elides every goto it can. Codegen falls back to it where libpcap's
 * layout would cost a `ja` more (libpcap has no gotos; Trawl's optimiser and lifter make them).
 */
export function compactLayout(entry: Block, canon: (b: Block) => Block = (b) => b): Block[] {
  const blocks: Block[] = [entry];
  const seen = new Set<Block>([entry]);
  const indeg = new Map<Block, number>();
  for (let i = 0; i < blocks.length; i++) {
    for (const s of succ(blocks[i]!, canon)) {
      indeg.set(s, (indeg.get(s) ?? 0) + 1);
      if (!seen.has(s)) {
        seen.add(s);
        blocks.push(s);
      }
    }
  }
  const order: Block[] = [];
  const ready: Block[] = [entry];
  while (ready.length > 0) {
    const b = ready.pop()!;
    order.push(b);
    const ss = succ(b, canon);
    // Push so that the preferred successor (goto target, else jt) pops first.
    const pref = ss.length === 2 ? [ss[1]!, ss[0]!] : ss;
    for (const s of pref) {
      const d = indeg.get(s)! - 1;
      indeg.set(s, d);
      if (d === 0) ready.push(s);
    }
  }
  if (order.length !== blocks.length) throw new CodegenError('the graph has a cycle; BPF jumps only forward');
  return order;
}

/**
 * Lay the blocks out as libpcap does, so that listings match `tcpdump -d` line for line; where that
 * layout needs a `ja` (a goto whose target is not next, or a jump beyond 255), the compact layout is
 * tried too and taken when it is shorter. Never larger than either.
 */
export function codegen(entry: Block): RawInsn[] {
  const canon = retCanon(entry);
  const out = emit(layout(entry, canon), canon);
  if (!out.some((i) => i.code === (BPF_JMP | BPF_JA))) return out;
  const alt = emit(compactLayout(entry, canon), canon);
  return alt.length < out.length ? alt : out;
}

function emit(order: Block[], canon: (b: Block) => Block): RawInsn[] {
  const index = new Map<Block, number>(order.map((b, i) => [b, i]));
  const longT = new Set<Block>();
  const longF = new Set<Block>();
  let start = new Map<Block, number>();
  const exitSize = (b: Block, i: number): number => {
    const e = b.exit;
    if (e.kind === 'ret') return 1;
    if (canon(e.jt) === canon(e.jf)) return index.get(canon(e.jt)) === i + 1 ? 0 : 1;
    return 1 + (longT.has(b) ? 1 : 0) + (longF.has(b) ? 1 : 0);
  };
  for (let round = 0; ; round++) {
    if (round > order.length * 2 + 2) throw new CodegenError('internal: long-jump layout did not settle');
    start = new Map();
    let pc = 0;
    order.forEach((b, i) => {
      start.set(b, pc);
      pc += b.stmts.length + exitSize(b, i);
    });
    let grew = false;
    for (const b of order) {
      const e = b.exit;
      if (e.kind !== 'branch' || isGoto(e) || canon(e.jt) === canon(e.jf)) continue;
      const jpos = start.get(b)! + b.stmts.length;
      if (!longT.has(b) && start.get(canon(e.jt))! - jpos - 1 > MAX_OFFSET) { longT.add(b); grew = true; }
      if (!longF.has(b) && start.get(canon(e.jf))! - jpos - 1 > MAX_OFFSET) { longF.add(b); grew = true; }
    }
    if (!grew) break;
  }
  const out: RawInsn[] = [];
  order.forEach((b, i) => {
    for (const s of b.stmts) out.push({ code: s.code, jt: 0, jf: 0, k: s.k >>> 0 });
    const e = b.exit;
    if (e.kind === 'ret') {
      out.push({ code: BPF_RET | (e.useA ? BPF_A : BPF_K), jt: 0, jf: 0, k: e.useA ? 0 : e.k >>> 0 });
      return;
    }
    const jt = canon(e.jt);
    const jf = canon(e.jf);
    const here = out.length;
    if (jt === jf) {
      if (exitSize(b, i) === 1) out.push({ code: BPF_JMP | BPF_JA, jt: 0, jf: 0, k: start.get(jt)! - here - 1 });
      return;
    }
    const lt = longT.has(b);
    const lf = longF.has(b);
    const after = here + 1 + (lt ? 1 : 0) + (lf ? 1 : 0);
    const tOff = lt ? 0 : start.get(jt)! - here - 1;
    const fOff = lf ? (lt ? 1 : 0) : start.get(jf)! - here - 1;
    out.push({ code: BPF_JMP | JUMP_OPS[e.op] | (e.useX ? BPF_X : BPF_K), jt: tOff, jf: fOff, k: e.useX ? 0 : e.k >>> 0 });
    if (lt) out.push({ code: BPF_JMP | BPF_JA, jt: 0, jf: 0, k: start.get(jt)! - (here + 1) - 1 });
    if (lf) out.push({ code: BPF_JMP | BPF_JA, jt: 0, jf: 0, k: start.get(jf)! - (here + (lt ? 2 : 1)) - 1 });
    if (out.length !== after) throw new CodegenError('internal: long-jump emission miscounted');
  });
  for (const [i, insn] of out.entries()) {
    const cls = bpfClass(insn.code);
    const usesMem = cls === BPF_ST || cls === BPF_STX || ((cls === BPF_LD || cls === BPF_LDX) && bpfMode(insn.code) === BPF_MEM);
    if (usesMem && insn.k >= BPF_MEMWORDS) throw new CodegenError(`instruction ${i}: scratch word ${insn.k} out of range`);
    const op = bpfOp(insn.code);
    if (cls === BPF_ALU && bpfSrc(insn.code) === BPF_K && (op === BPF_DIV || op === BPF_MOD) && insn.k === 0) {
      throw new CodegenError(`instruction ${i}: division by the constant 0`);
    }
    if (insn.jt > MAX_OFFSET || insn.jf > MAX_OFFSET || insn.jt < 0 || insn.jf < 0 || insn.k < 0) {
      throw new CodegenError(`internal: instruction ${i} jumps out of range`);
    }
  }
  return out;
}

/**
 * Branch facts: what an earlier branch proved about a value (libpcap's edge dominators, in the form
 * of the predicates they carry). A fact "A op operand was taken/not taken" holds on every path
 * below the edge it was learned on; the facts on entry to a block are those on all its incoming
 * edges. `decide` answers a later branch from them, with ranges for constant comparisons.
 */
import type { BranchOp } from '../ir';
import type { ValueTable } from './values';

export interface Fact {
  readonly a: number;
  readonly op: BranchOp;
  /** VN of the operand (a constant's VN for `#k`). */
  readonly o: number;
  readonly taken: boolean;
}

export type Facts = ReadonlyMap<string, Fact>;

export const factKey = (f: Fact): string => `${f.a}|${f.op}|${f.o}|${f.taken ? 1 : 0}`;

export function withFact(facts: Facts, f: Fact): Facts {
  const m = new Map(facts);
  m.set(factKey(f), f);
  return m;
}

export function intersect(sets: readonly Facts[]): Facts {
  if (sets.length === 0) return new Map();
  const [first, ...rest] = sets;
  const m = new Map<string, Fact>();
  for (const [k, f] of first!) if (rest.every((s) => s.has(k))) m.set(k, f);
  return m;
}

/** What the facts say of `a op o`: taken, not taken, or undefined when they do not settle it. */
export function decide(t: ValueTable, facts: Facts, a: number, op: BranchOp, o: number): boolean | undefined {
  if (facts.has(factKey({ a, op, o, taken: true }))) return true;
  if (facts.has(factKey({ a, op, o, taken: false }))) return false;
  const k = t.constOf(o);
  if (k === undefined) return undefined;
  let lo = 0;
  let hi = 0xffffffff;
  const notEq = new Set<number>();
  let setBits = -1; // a mask known to share a bit with A (only the tightest kept)
  let clearBits = 0; // bits known zero in A
  for (const f of facts.values()) {
    if (f.a !== a) continue;
    const c = t.constOf(f.o);
    if (c === undefined) continue;
    switch (f.op) {
      case 'jeq':
        if (f.taken) { lo = Math.max(lo, c); hi = Math.min(hi, c); } else notEq.add(c);
        break;
      case 'jgt':
        if (f.taken) lo = Math.max(lo, c + 1); else hi = Math.min(hi, c);
        break;
      case 'jge':
        if (f.taken) lo = Math.max(lo, c); else hi = Math.min(hi, c - 1);
        break;
      case 'jset':
        if (f.taken) { if (setBits === -1 || (c & ~setBits) === 0) setBits = c; } else clearBits |= c;
        break;
    }
  }
  if (lo > hi) return undefined; // an impossible path; leave it to other passes
  if (lo === hi) {
    switch (op) {
      case 'jeq': return lo === k;
      case 'jgt': return lo > k;
      case 'jge': return lo >= k;
      case 'jset': return (lo & k) !== 0;
    }
  }
  switch (op) {
    case 'jeq':
      if (k < lo || k > hi || notEq.has(k)) return false;
      if ((k & clearBits) !== 0) return false;
      return undefined;
    case 'jgt':
      if (lo > k) return true;
      if (hi <= k) return false;
      return undefined;
    case 'jge':
      if (lo >= k) return true;
      if (hi < k) return false;
      return undefined;
    case 'jset':
      if ((k & ~clearBits) === 0) return false;
      if (setBits !== -1 && (setBits & ~k & ~clearBits) === 0) return true;
      if (lo > 0 && hi < 2 ** 32 && highBit(lo) === highBit(hi) && (k & highBit(lo)) !== 0) return true;
      return undefined;
  }
}

function highBit(v: number): number {
  return v === 0 ? 0 : 2 ** Math.floor(Math.log2(v));
}

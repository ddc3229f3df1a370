/**
 * A set of packet numbers as sorted, disjoint, non-adjacent runs `[lo, hi]` (inclusive) packed in one
 * Uint32Array: memory grows with the runs of marked packets, never with the capture, and marking every
 * packet of a million-packet capture is one run. Immutable: every change returns a new set (the store
 * compares by identity). Lookups are binary searches over the runs.
 */

export interface MarkSet {
  /** lo0, hi0, lo1, hi1, …: ascending, disjoint, with a gap of at least one number between runs. */
  readonly runs: Uint32Array;
  /** How many numbers the runs hold. */
  readonly count: number;
}

export const EMPTY_MARKS: MarkSet = { runs: new Uint32Array(0), count: 0 };

/** Index (in runs, of pairs) of the first run whose hi is >= n; runs.length / 2 when none. */
function firstRunEndingAtOrAfter(runs: Uint32Array, n: number): number {
  let lo = 0;
  let hi = runs.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (runs[2 * mid + 1] < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function hasMark(set: MarkSet, n: number): boolean {
  const k = firstRunEndingAtOrAfter(set.runs, n);
  return 2 * k < set.runs.length && set.runs[2 * k] <= n;
}

/** The smallest marked number >= n, or null. */
export function markAtOrAfter(set: MarkSet, n: number): number | null {
  const k = firstRunEndingAtOrAfter(set.runs, n);
  if (2 * k >= set.runs.length) return null;
  return Math.max(n, set.runs[2 * k]);
}

/** The largest marked number <= n, or null. */
export function markAtOrBefore(set: MarkSet, n: number): number | null {
  const k = firstRunEndingAtOrAfter(set.runs, n);
  if (2 * k < set.runs.length && set.runs[2 * k] <= n) return n;
  return k > 0 ? set.runs[2 * k - 1] : null;
}

/**
 * Runs of an ascending list of numbers (duplicates allowed): what a page of a view's packet numbers
 * adds to or takes from a set.
 */
export function runsOf(ascending: ArrayLike<number>): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < ascending.length; i++) {
    const n = ascending[i];
    const last = out.length - 1;
    if (last > 0 && n <= out[last] + 1) {
      if (n < out[last - 1]) throw new RangeError(`runsOf needs ascending numbers (${n} after ${out[last]})`);
      out[last] = Math.max(out[last], n);
    } else {
      out.push(n, n);
    }
  }
  return Uint32Array.from(out);
}

/** Index (of pairs) of the first run that starts after n; runs.length / 2 when none. */
function firstRunStartingAfter(runs: Uint32Array, n: number): number {
  let lo = 0;
  let hi = runs.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (runs[2 * mid] <= n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function countOf(runs: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < runs.length; i += 2) count += runs[i + 1] - runs[i] + 1;
  return count;
}

/**
 * Change only the runs that `change` (sorted runs) can touch, those from one below its first number to one
 * above its last: the runs before and after are copied as they are. A page of a view marked or unmarked
 * in a set of a million runs costs a copy, not a merge of the million.
 */
function spliced(set: MarkSet, change: Uint32Array, combine: (window: Uint32Array, change: Uint32Array) => number[]): MarkSet {
  const a = set.runs;
  const k0 = firstRunEndingAtOrAfter(a, change[0] - 1);
  const k1 = firstRunStartingAfter(a, change[change.length - 1] + 1);
  const window = a.subarray(2 * k0, 2 * Math.max(k0, k1));
  const middle = combine(window, change);
  const runs = new Uint32Array(2 * k0 + middle.length + (a.length - 2 * Math.max(k0, k1)));
  runs.set(a.subarray(0, 2 * k0));
  runs.set(middle, 2 * k0);
  runs.set(a.subarray(2 * Math.max(k0, k1)), 2 * k0 + middle.length);
  const count = set.count - countOf(window) + countOf(middle);
  return count === 0 ? EMPTY_MARKS : { runs, count };
}

/** Union of two lists of sorted runs, runs that touch joined. */
function merge(a: Uint32Array, add: Uint32Array): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < add.length) {
    // Take the run that starts first, and merge it into the last output run when they touch.
    let lo: number;
    let hi: number;
    if (j >= add.length || (i < a.length && a[i] <= add[j])) {
      lo = a[i];
      hi = a[i + 1];
      i += 2;
    } else {
      lo = add[j];
      hi = add[j + 1];
      j += 2;
    }
    const last = out.length - 1;
    if (last > 0 && lo <= out[last] + 1) out[last] = Math.max(out[last], hi);
    else out.push(lo, hi);
  }
  return out;
}

/** The runs of `a` without the numbers of `remove` (both sorted runs). */
function subtract(a: Uint32Array, remove: Uint32Array): number[] {
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let lo = a[i];
    const hi = a[i + 1];
    // Skip removals that end before this run; cut out those that overlap it.
    while (j < remove.length && remove[j + 1] < lo) j += 2;
    let k = j;
    while (k < remove.length && remove[k] <= hi) {
      if (remove[k] > lo) out.push(lo, remove[k] - 1);
      lo = Math.max(lo, remove[k + 1] + 1);
      if (remove[k + 1] > hi) break;
      k += 2;
    }
    if (lo <= hi) out.push(lo, hi);
  }
  return out;
}

/** Numbers in either set (`add`: sorted runs, as `runsOf` or `MarkSet.runs` make them). */
export function addRuns(set: MarkSet, add: Uint32Array): MarkSet {
  return add.length === 0 ? set : spliced(set, add, merge);
}

/** Numbers of `set` that are not in `remove` (sorted runs). */
export function removeRuns(set: MarkSet, remove: Uint32Array): MarkSet {
  return remove.length === 0 || set.count === 0 ? set : spliced(set, remove, subtract);
}

/** Mark n if it is not marked, unmark it if it is. */
export function toggleMark(set: MarkSet, n: number): MarkSet {
  const one = Uint32Array.of(n, n);
  return hasMark(set, n) ? removeRuns(set, one) : addRuns(set, one);
}

/** Every marked number, ascending (what an export of the marked packets asks for). */
export function markedNumbers(set: MarkSet): Uint32Array {
  const out = new Uint32Array(set.count);
  let o = 0;
  for (let i = 0; i < set.runs.length; i += 2) {
    for (let n = set.runs[i]; n <= set.runs[i + 1]; n++) out[o++] = n;
  }
  return out;
}

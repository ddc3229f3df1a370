/** Where `value` sits in the first `count` numbers of `sorted` (ascending), or −1: a binary search. */
export function positionOf(sorted: ArrayLike<number>, value: number, count = sorted.length): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < count && sorted[lo] === value ? lo : -1;
}

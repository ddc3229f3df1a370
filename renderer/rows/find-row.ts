/**
 * Where a packet is in a view: a view lists packet numbers in ascending order, so a binary search over
 * one-row pages finds it in about log2(rows) requests. Used to keep a packet selected across filters.
 */
import type { RowsPage } from '../../core/api';

export type FetchRows = (from: number, count: number) => Promise<RowsPage>;

/** The view row holding packet `packet` among the first `rowCount` rows, or null when it is not there. */
export async function findRowOfPacket(fetch: FetchRows, rowCount: number, packet: number): Promise<number | null> {
  let lo = 0;
  let hi = rowCount - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const page = await fetch(mid, 1);
    const n = page.numbers[0];
    if (n === undefined) {
      hi = mid - 1; // the view is shorter than we were told: search below
    } else if (n === packet) {
      return mid;
    } else if (n < packet) {
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return null;
}

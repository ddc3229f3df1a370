/**
 * Goes through the packet numbers of a filter's view in pages (mark or unmark all displayed), handing each
 * page on as runs, so a million-row view never sits in memory whole and the window keeps answering
 * between pages. The row count is read again after every page: a view still filling is followed to
 * where it has got.
 */
import { runsOf } from '../store/marks/mark-set';
import type { FetchNumbers } from './find-marked';

/** Rows per request: the engine sends numbers only (viewNumbers), 256 KiB of them a page. */
export const VIEW_PAGE = 65536;

export interface ViewWalk {
  fetch: FetchNumbers;
  /** The view's rows now. */
  rowCount(): number;
  /** Each page's numbers as runs, and how far the walk has got. */
  onRuns(runs: Uint32Array, done: number, total: number): void;
  /** True once the walk should stop (superseded, the session closed). */
  stopped(): boolean;
  pageSize?: number;
}

/** Resolves with the rows gone through (fewer than the view when stopped). */
export async function walkViewRuns(w: ViewWalk): Promise<number> {
  const size = Math.max(1, w.pageSize ?? VIEW_PAGE);
  let from = 0;
  while (!w.stopped()) {
    const total = w.rowCount();
    if (from >= total) break;
    const numbers = await w.fetch(from, Math.min(size, total - from));
    if (w.stopped()) break;
    // Rows the view does not have (yet): what it has is done.
    if (numbers.length === 0) break;
    from += numbers.length;
    w.onRuns(runsOf(numbers), from, Math.max(total, from));
  }
  return from;
}

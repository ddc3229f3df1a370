/**
 * Go to the next or previous marked packet of the displayed list (Wireshark's Ctrl+Shift+N / Ctrl+Shift+B).
 * A view lists packet numbers in ascending order, so the search leapfrogs between the marks and the view:
 * take the next mark, find by binary search the first row at or past it; if that row holds another packet,
 * look at one page of rows from there for any marked one, then jump to the next mark past the page. Marks
 * that are not displayed are skipped a run at a time, and the view is never read whole.
 */
import { hasMark, markAtOrAfter, markAtOrBefore, type MarkSet } from '../store/marks/mark-set';

/** Packet numbers of view rows [from, from + count), clipped to the rows that exist. */
export type FetchNumbers = (from: number, count: number) => Promise<ArrayLike<number>>;

export interface FoundRow {
  row: number;
  packet: number;
}

/** How many rows one look around a row reads. */
const PAGE = 500;

/** The first row whose packet is >= `packet`, or null when every row is below it. */
async function firstRowAtOrAfter(fetch: FetchNumbers, rowCount: number, packet: number): Promise<FoundRow | null> {
  let lo = 0;
  let hi = rowCount;
  let best: FoundRow | null = null;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const n = (await fetch(mid, 1))[0];
    if (n === undefined || n >= packet) {
      // A missing row: the view is shorter than we were told, so look below it.
      if (n !== undefined) best = { row: mid, packet: n };
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return best;
}

/** The last row whose packet is <= `packet`, or null when every row is above it. */
async function lastRowAtOrBefore(fetch: FetchNumbers, rowCount: number, packet: number): Promise<FoundRow | null> {
  let lo = 0;
  let hi = rowCount;
  let best: FoundRow | null = null;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const n = (await fetch(mid, 1))[0];
    if (n === undefined || n > packet) {
      hi = mid;
    } else {
      best = { row: mid, packet: n };
      lo = mid + 1;
    }
  }
  return best;
}

/** The first displayed marked packet after packet `after` (0: from the top). */
export async function nextMarkedRow(fetch: FetchNumbers, rowCount: number, marks: MarkSet, after: number): Promise<FoundRow | null> {
  let mark = markAtOrAfter(marks, after + 1);
  while (mark !== null) {
    const at = await firstRowAtOrAfter(fetch, rowCount, mark);
    if (at === null) return null;
    if (at.packet === mark) return at;
    const page = await fetch(at.row, Math.min(PAGE, rowCount - at.row));
    for (let i = 0; i < page.length; i++) if (hasMark(marks, page[i])) return { row: at.row + i, packet: page[i] };
    if (page.length === 0 || at.row + page.length >= rowCount) return null;
    mark = markAtOrAfter(marks, page[page.length - 1] + 1);
  }
  return null;
}

/** The last displayed marked packet before packet `before` (Infinity: from the bottom). */
export async function previousMarkedRow(fetch: FetchNumbers, rowCount: number, marks: MarkSet, before: number): Promise<FoundRow | null> {
  let mark = before > 1 ? markAtOrBefore(marks, Math.min(before - 1, 0xffffffff)) : null;
  while (mark !== null) {
    const at = await lastRowAtOrBefore(fetch, rowCount, mark);
    if (at === null) return null;
    if (at.packet === mark) return at;
    const start = Math.max(0, at.row - PAGE + 1);
    const page = await fetch(start, at.row - start + 1);
    for (let i = page.length - 1; i >= 0; i--) if (hasMark(marks, page[i])) return { row: start + i, packet: page[i] };
    if (page.length === 0 || start === 0) return null;
    mark = page[0] > 1 ? markAtOrBefore(marks, page[0] - 1) : null;
  }
  return null;
}

/** The numbers of the `all` view, where row r is packet r + 1: no engine call needed. */
export function allViewNumbers(rowCount: number): FetchNumbers {
  return (from, count) => {
    const a = Math.max(0, Math.min(from, rowCount));
    const b = Math.max(a, Math.min(from + count, rowCount));
    const out = new Uint32Array(b - a);
    for (let i = 0; i < out.length; i++) out[i] = a + i + 1;
    return Promise.resolve(out);
  };
}

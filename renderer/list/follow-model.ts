/**
 * Autoscroll while capturing, as Wireshark's "Automatically scroll during live capture": the list follows
 * the newest packet until the user scrolls up; scrolling back to the end, or the toggle, resumes it. The
 * list only ever moves to the end by itself, so the selection (a row, and rows are only added at the end)
 * stays put while following is off. Pure, on top of scroll-model's geometry.
 */
import { clampVirtual, type ScrollGeometry } from './scroll-model';

/**
 * The view shows the last row: within half a row of the end (scroll positions are fractional at some
 * zoom levels), or the list is shorter than the viewport.
 */
export function isAtEnd(virtual: number, g: ScrollGeometry): boolean {
  return g.maxVirtual <= 0 || clampVirtual(virtual, g) >= g.maxVirtual - g.rowHeight / 2;
}

/**
 * Whether to follow after the user moved the list to `virtual` (scrollbar, wheel, keys): following stops
 * when they leave the end, and resumes when they come back to it.
 */
export function followAfterUserScroll(virtual: number, g: ScrollGeometry): boolean {
  return isAtEnd(virtual, g);
}

/**
 * Where the list goes when rows arrive (or the geometry changes): to the end while following, else it
 * keeps its offset.
 */
export function offsetAfterGrowth(virtual: number, g: ScrollGeometry, following: boolean): number {
  return following ? g.maxVirtual : clampVirtual(virtual, g);
}

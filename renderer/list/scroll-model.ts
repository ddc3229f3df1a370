/**
 * Scaled scrolling for fixed-height rows. Browsers cap an element's height (Chromium ~33.5M px, Firefox
 * ~17.9M px), far below 10M rows × 20 px, so the list keeps a *virtual* offset (rows × row height) and maps
 * it onto a capped *real* scroll height. The real scrollbar then stands for the whole capture; the wheel and
 * the keyboard move the virtual offset directly (by rows, at any scale). All O(1): nothing per row.
 */

/** Comfortably below every engine's limit. */
export const MAX_REAL_HEIGHT = 10_000_000;

export interface ScrollGeometry {
  rowHeight: number;
  viewport: number;
  /** rows × rowHeight */
  virtualHeight: number;
  /** The spacer's height: virtualHeight, capped. */
  realHeight: number;
  maxVirtual: number;
  maxReal: number;
  /** Virtual pixels per real pixel (1 when nothing is capped). */
  ratio: number;
}

export function scrollGeometry(rowCount: number, rowHeight: number, viewport: number, maxReal = MAX_REAL_HEIGHT): ScrollGeometry {
  const rows = Math.max(0, Math.floor(rowCount));
  const vp = Math.max(0, viewport);
  const virtualHeight = rows * rowHeight;
  const realHeight = Math.min(virtualHeight, maxReal);
  const maxVirtual = Math.max(0, virtualHeight - vp);
  const maxRealOffset = Math.max(0, realHeight - vp);
  const ratio = maxRealOffset > 0 ? Math.max(1, maxVirtual / maxRealOffset) : 1;
  return { rowHeight, viewport: vp, virtualHeight, realHeight, maxVirtual, maxReal: maxRealOffset, ratio };
}

export function clampVirtual(offset: number, g: ScrollGeometry): number {
  if (!Number.isFinite(offset)) return 0;
  return Math.min(g.maxVirtual, Math.max(0, offset));
}

/** The real scrollTop the user dragged to → virtual offset. The real end maps exactly onto the virtual end. */
export function virtualFromReal(real: number, g: ScrollGeometry): number {
  if (real >= g.maxReal) return g.maxVirtual;
  return clampVirtual(real * g.ratio, g);
}

export function realFromVirtual(virtual: number, g: ScrollGeometry): number {
  if (virtual >= g.maxVirtual) return g.maxReal;
  return Math.min(g.maxReal, Math.max(0, virtual / g.ratio));
}

export interface RowWindow {
  /** First row to render (inclusive). */
  first: number;
  /** One past the last row to render. */
  end: number;
}

/** Rows that intersect the viewport at `virtual`, widened by `overscan` rows on each side. */
export function visibleRows(virtual: number, g: ScrollGeometry, rowCount: number, overscan = 0): RowWindow {
  if (rowCount <= 0 || g.rowHeight <= 0) return { first: 0, end: 0 };
  const top = Math.floor(virtual / g.rowHeight);
  const bottom = Math.ceil((virtual + g.viewport) / g.rowHeight);
  return { first: Math.max(0, top - overscan), end: Math.min(rowCount, Math.max(bottom, top + 1) + overscan) };
}

/** Rows that fit wholly in the viewport (at least 1): the PgUp/PgDn step. */
export function rowsPerPage(g: ScrollGeometry): number {
  return Math.max(1, Math.floor(g.viewport / g.rowHeight));
}

/** The smallest change of `virtual` that shows `row` entirely (or centres it with align 'center'). */
export function revealRow(row: number, virtual: number, g: ScrollGeometry, align: 'nearest' | 'center' = 'nearest'): number {
  const top = row * g.rowHeight;
  const bottom = top + g.rowHeight;
  if (align === 'center') return clampVirtual(top - (g.viewport - g.rowHeight) / 2, g);
  if (top < virtual) return clampVirtual(top, g);
  if (bottom > virtual + g.viewport) return clampVirtual(bottom - g.viewport, g);
  return virtual;
}

/** WheelEvent.deltaY in pixels, whatever its deltaMode (0 pixels, 1 lines, 2 pages). */
export function wheelPixels(deltaY: number, deltaMode: number, g: ScrollGeometry): number {
  if (deltaMode === 1) return deltaY * g.rowHeight;
  if (deltaMode === 2) return deltaY * g.viewport;
  return deltaY;
}

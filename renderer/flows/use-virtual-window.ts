/**
 * The rows a fixed-row-height scroller shows, for the Flows table and the Follow stream text: the same
 * scaled scrolling as the packet list (list/scroll-model.ts), without its capture-following. The caller
 * renders rows [first, end) inside a block moved by `offset` pixels.
 */
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { clampVirtual, realFromVirtual, revealRow, scrollGeometry, virtualFromReal, visibleRows, type ScrollGeometry } from '../list/scroll-model';

export interface VirtualWindow {
  scroller: React.RefObject<HTMLDivElement>;
  onScroll(): void;
  first: number;
  end: number;
  /** translateY of the block holding rows [first, end), whose row `first` is at top 0. */
  offset: number;
  /** The spacer's height (the real, capped scroll height). */
  spacer: number;
  viewport: number;
  geometry: ScrollGeometry;
  /** Scroll so that `row` shows. */
  reveal(row: number): void;
}

export function useVirtualWindow(rowCount: number, rowHeight: number, overscan = 8): VirtualWindow {
  const scroller = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState(0);
  const [virtual, setVirtual] = useState(0);
  const g = scrollGeometry(rowCount, rowHeight, viewport);
  const geometry = useRef(g);
  geometry.current = g;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    setViewport(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (el) setVirtual(virtualFromReal(el.scrollTop, geometry.current));
  }, []);

  const reveal = useCallback((row: number) => {
    const el = scroller.current;
    const gm = geometry.current;
    const current = el ? virtualFromReal(el.scrollTop, gm) : 0;
    const next = revealRow(row, current, gm);
    if (next === current) return;
    setVirtual(next);
    if (el) el.scrollTop = realFromVirtual(next, gm);
  }, []);

  const top = clampVirtual(virtual, g);
  const win = visibleRows(top, g, rowCount, overscan);
  return { scroller, onScroll, first: win.first, end: win.end, offset: win.first * rowHeight - top, spacer: g.realHeight, viewport, geometry: g, reveal };
}

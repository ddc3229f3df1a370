/**
 * The Flows view's table: a header whose clicks sort, and virtual rows of fixed height (only those in view
 * are drawn; their pages are loaded as they come into view). Click, Ctrl+click, Shift+click and ↑ ↓ PgUp
 * PgDn Home End (Shift extends), Ctrl+A, Enter follows the focused stream.
 */
import { useEffect } from 'react';
import { rowsPerPage } from '../list/scroll-model';
import type { FlowColumn, FormatContext } from './flow-columns';
import { clickRow, isSelected, moveFocus, selectAll, type FlowSelection } from './flow-selection';
import { useVirtualWindow } from './use-virtual-window';

export const FLOW_ROW_HEIGHT = 20;

export interface FlowTableProps<R> {
  columns: FlowColumn<R>[];
  rowCount: number;
  rowAt(row: number): R | undefined;
  keyAt(row: number): number | undefined;
  ensure(first: number, end: number): void;
  /** Changes when rows arrive. */
  version: number;
  sort: { column: string; descending: boolean };
  onSort(column: FlowColumn<R>): void;
  selection: FlowSelection;
  onSelection(s: FlowSelection): void;
  onActivate(row: number): void;
  format: FormatContext;
  label: string;
}

export function FlowTable<R>(p: FlowTableProps<R>) {
  const win = useVirtualWindow(p.rowCount, FLOW_ROW_HEIGHT);
  const { ensure } = p;
  useEffect(() => ensure(win.first, win.end), [ensure, win.first, win.end, p.rowCount]);
  const width = p.columns.reduce((w, c) => w + c.width, 0);

  const focus = p.selection.focus;
  const { reveal } = win;
  // Only a move of the focus scrolls (reveal is stable).
  useEffect(() => {
    if (focus !== null) reveal(focus);
  }, [focus, reveal]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    const page = rowsPerPage(win.geometry);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      p.onSelection(selectAll(p.rowCount, p.keyAt));
      return;
    }
    if (e.key === 'Enter' && focus !== null) {
      e.preventDefault();
      p.onActivate(focus);
      return;
    }
    const m = moves[e.key];
    if (m === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    const delta = m === -Infinity ? -p.rowCount : m === Infinity ? p.rowCount : m;
    p.onSelection(moveFocus(p.selection, delta, p.rowCount, p.keyAt, e.shiftKey));
  };

  const rows: React.ReactNode[] = [];
  for (let r = win.first; r < win.end; r++) {
    const data = p.rowAt(r);
    const key = p.keyAt(r);
    const selected = isSelected(p.selection, key);
    rows.push(
      <div
        key={r}
        className={`flow-row${selected ? ' selected' : ''}${r === focus ? ' focused' : ''}${data ? '' : ' loading'}`}
        role="row"
        aria-selected={selected}
        data-testid="flow-row"
        data-key={key}
        style={{ top: (r - win.first) * FLOW_ROW_HEIGHT }}
        onMouseDown={(e) => {
          if (e.button !== 0) return;
          e.preventDefault();
          (e.currentTarget.closest('.flow-scroller') as HTMLElement | null)?.focus();
          p.onSelection(clickRow(p.selection, r, p.keyAt, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey }));
        }}
        onDoubleClick={() => p.onActivate(r)}
      >
        {data ? (
          p.columns.map((c) => (
            <span key={c.key} className={`flow-cell align-${c.align}`} style={{ width: c.width }}>
              {c.text(data, p.format)}
            </span>
          ))
        ) : (
          <span className="flow-cell">…</span>
        )}
      </div>,
    );
  }

  return (
    <div className="flow-table" data-testid="flow-table">
      <div className="flow-table-inner" style={{ width }}>
        <div className="flow-header" role="row">
          {p.columns.map((c) => {
            const sortable = c.sortKey !== undefined || c.compare !== undefined;
            const sorted = p.sort.column === c.key;
            return (
              <button
                type="button"
                key={c.key}
                className={`flow-cell flow-head align-${c.align}`}
                style={{ width: c.width }}
                data-testid="flow-column"
                data-column={c.key}
                aria-sort={sorted ? (p.sort.descending ? 'descending' : 'ascending') : 'none'}
                disabled={!sortable}
                title={sortable ? `Sort by ${c.label}` : `${c.label} is computed from Bytes and Duration: sort by those`}
                onClick={() => p.onSort(c)}
              >
                {c.label}
                {sorted ? (p.sort.descending ? ' ▼' : ' ▲') : ''}
              </button>
            );
          })}
        </div>
        <div
          className="flow-scroller"
          ref={win.scroller}
          tabIndex={0}
          role="grid"
          aria-label={p.label}
          aria-rowcount={p.rowCount}
          aria-multiselectable
          onScroll={win.onScroll}
          onKeyDown={onKeyDown}
        >
          <div className="flow-window" style={{ height: win.viewport }}>
            <div className="flow-rows" style={{ transform: `translateY(${win.offset}px)` }}>
              {rows}
            </div>
          </div>
          <div style={{ height: Math.max(0, win.spacer - win.viewport) }} />
        </div>
      </div>
    </div>
  );
}

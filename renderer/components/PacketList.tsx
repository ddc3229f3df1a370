/**
 * The packet list: a header and the virtual viewport. Rows have a fixed height; the viewport keeps a
 * virtual offset (list/scroll-model.ts) so that any number of rows scrolls under the browser's height cap.
 * Rows sit at fixed places in a block that moves as a whole, and are memoised, so scrolling and rows
 * arriving (ten times a second while capturing) render only the rows that changed. While a capture grows
 * the list, it follows the newest packet until the user scrolls away (list/follow-model.ts). Marked packets
 * (Ctrl+M, marks/use-mark-commands.ts) show black with white text, as in Wireshark.
 */
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { formatRelTime } from '../format/format';
import { followAfterUserScroll, offsetAfterGrowth } from '../list/follow-model';
import {
  clampVirtual,
  realFromVirtual,
  revealRow,
  rowsPerPage,
  scrollGeometry,
  virtualFromReal,
  visibleRows,
  wheelPixels,
} from '../list/scroll-model';
import type { Row, RowCache } from '../rows/row-cache';
import { useAppStore } from '../store/app-store';
import { hasMark } from '../store/marks/mark-set';
import { marksOf } from '../store/marks/selectors';

export const ROW_HEIGHT = 20;
const OVERSCAN = 10;
/** Rows are placed relative to a base that moves in steps of this many pixels (small numbers, stable props). */
const BLOCK_PX = ROW_HEIGHT * 1024;

export interface PacketListProps {
  cache: RowCache | null;
  /** Changes when rows arrive (forces a render). */
  version: number;
  rowCount: number;
  /** The view is a filter's: row r is not packet r + 1, so a row not loaded yet shows no number. */
  filtered: boolean;
  timeDigits: number;
  selectedRow: number | null;
  anchor: { row: number; align: 'nearest' | 'center'; seq: number } | null;
  onSelect(row: number): void;
  onMove(delta: number | 'home' | 'end'): void;
  /**
   * A live capture's list: whether it follows the newest packet, and how it says the user scrolled away
   * or back. Absent for a file.
   */
  follow?: { on: boolean; onChange(on: boolean): void };
}

export function PacketList(props: PacketListProps) {
  return (
    <div className="packet-list" data-testid="packet-list">
      <div className="packet-list-header" role="row">
        <span className="col col-no">No.</span>
        <span className="col col-time">Time</span>
        <span className="col col-src">Source</span>
        <span className="col col-dst">Destination</span>
        <span className="col col-proto">Protocol</span>
        <span className="col col-len">Length</span>
        <span className="col col-info">Info</span>
      </div>
      <PacketViewport {...props} />
    </div>
  );
}

function PacketViewport({ cache, rowCount, filtered, timeDigits, selectedRow, anchor, onSelect, onMove, follow }: PacketListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  // The same object until marks change: rows compare a boolean, so only rows whose mark changed redraw.
  const marks = useAppStore((s) => marksOf(s.marks, s.session.activeId));
  const [viewport, setViewport] = useState(0);
  const [virtual, setVirtualState] = useState(0);
  const virtualRef = useRef(0);
  const setVirtual = (v: number) => {
    virtualRef.current = v;
    setVirtualState(v);
  };
  /** The scrollTop we set ourselves, so that the scroll event it causes is not read back. */
  const ownScroll = useRef<number | null>(null);
  const g = scrollGeometry(rowCount, ROW_HEIGHT, viewport);
  const geometry = useRef(g);
  geometry.current = g;
  const following = follow?.on === true;
  const followRef = useRef(follow);
  followRef.current = follow;
  /** The user moved the list to `v`: following stops when they leave the end and resumes when they come back. */
  const userMoved = useCallback((v: number) => {
    const f = followRef.current;
    if (!f) return;
    const next = followAfterUserScroll(v, geometry.current);
    if (next !== f.on) f.onChange(next);
  }, []);

  const scrollTo = useCallback((v: number) => {
    const el = scroller.current;
    const gm = geometry.current;
    const next = clampVirtual(v, gm);
    setVirtual(next);
    if (el) {
      const real = realFromVirtual(next, gm);
      if (Math.abs(el.scrollTop - real) >= 1) {
        ownScroll.current = real;
        el.scrollTop = real;
      }
    }
  }, []);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    setViewport(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  // The geometry changes as rows arrive: keep the virtual offset and move the real one under it, or go to
  // the new end while following a capture.
  useLayoutEffect(() => {
    scrollTo(offsetAfterGrowth(virtualRef.current, geometry.current, following));
  }, [rowCount, viewport, following, scrollTo]);

  // Wheel: by rows, at any scale. Native scrolling is kept while nothing is scaled (it is smoother).
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const gm = geometry.current;
      if (gm.ratio <= 1 || e.ctrlKey) return;
      e.preventDefault();
      scrollTo(virtualRef.current + wheelPixels(e.deltaY, e.deltaMode, gm));
      userMoved(virtualRef.current);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [scrollTo, userMoved]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const own = ownScroll.current;
    ownScroll.current = null;
    if (own !== null && Math.abs(el.scrollTop - own) < 1.5) return;
    const v = virtualFromReal(el.scrollTop, geometry.current);
    setVirtual(v);
    userMoved(v);
  };

  // Keep the selection visible when asked (keyboard, go to packet). A list that mounts following a capture
  // stays at the end; later reveals are the user's moves (they stop or resume following).
  const mounted = useRef(false);
  useLayoutEffect(() => {
    const first = !mounted.current;
    mounted.current = true;
    if (!anchor || (first && followRef.current?.on)) return;
    const gm = geometry.current;
    scrollTo(revealRow(anchor.row, clampVirtual(virtualRef.current, gm), gm, anchor.align));
    if (!first) userMoved(virtualRef.current);
    // Only a new anchor (its seq) scrolls; the anchor object itself is recreated by unrelated updates.
  }, [anchor?.seq, scrollTo, userMoved]);

  const win = visibleRows(clampVirtual(virtual, g), g, rowCount, OVERSCAN);
  useEffect(() => {
    cache?.ensure(win.first, win.end);
  }, [cache, win.first, win.end, rowCount]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    const page = rowsPerPage(g);
    const moves: Record<string, number | 'home' | 'end'> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
      Home: 'home',
      End: 'end',
    };
    const m = moves[e.key];
    if (m === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    onMove(m);
  };

  const top = clampVirtual(virtual, g);
  const base = Math.floor(top / BLOCK_PX) * BLOCK_PX;
  const rows: React.ReactNode[] = [];
  for (let r = win.first; r < win.end; r++) {
    const data = cache?.get(r);
    const number = data?.number ?? (filtered ? undefined : r + 1);
    rows.push(
      <PacketRow
        key={r}
        row={r}
        data={data}
        filtered={filtered}
        marked={number !== undefined && marks.count > 0 && hasMark(marks, number)}
        top={r * ROW_HEIGHT - base}
        selected={r === selectedRow}
        timeDigits={timeDigits}
        onSelect={onSelect}
      />,
    );
  }
  return (
    <div
      className="packet-scroller"
      ref={scroller}
      tabIndex={0}
      role="grid"
      aria-rowcount={rowCount}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
    >
      <div className="packet-window" style={{ height: viewport }}>
        <div className="packet-rows" style={{ transform: `translateY(${base - top}px)` }}>
          {rows}
        </div>
      </div>
      <div className="packet-spacer" style={{ height: Math.max(0, g.realHeight - viewport) }} />
    </div>
  );
}

interface PacketRowProps {
  row: number;
  data: Row | undefined;
  filtered: boolean;
  top: number;
  selected: boolean;
  marked: boolean;
  timeDigits: number;
  onSelect(row: number): void;
}

/** Same row, same place, same content: nothing to render again (the row's data is a fresh object each time). */
function sameRow(a: PacketRowProps, b: PacketRowProps): boolean {
  if (a.row !== b.row || a.filtered !== b.filtered || a.top !== b.top || a.selected !== b.selected || a.marked !== b.marked || a.timeDigits !== b.timeDigits || a.onSelect !== b.onSelect) {
    return false;
  }
  const x = a.data;
  const y = b.data;
  if (x === y) return true;
  if (!x || !y) return false;
  return (
    x.number === y.number &&
    x.relTime === y.relTime &&
    x.length === y.length &&
    x.malformed === y.malformed &&
    x.source === y.source &&
    x.destination === y.destination &&
    x.protocol === y.protocol &&
    x.info === y.info
  );
}

const PacketRow = memo(function PacketRow({ row, data, filtered, top, selected, marked, timeDigits, onSelect }: PacketRowProps) {
  const number = data?.number ?? (filtered ? undefined : row + 1);
  const cls = ['packet-row', data ? protocolClass(data) : 'loading', marked ? 'marked' : '', selected ? 'selected' : ''].join(' ');
  return (
    <div
      className={cls}
      role="row"
      aria-selected={selected}
      data-testid="packet-row"
      data-number={number}
      data-marked={marked || undefined}
      style={{ transform: `translateY(${top}px)` }}
      onMouseDown={() => onSelect(row)}
    >
      <span className="col col-no">{number}</span>
      {data ? (
        <>
          <span className="col col-time">{formatRelTime(data.relTime, timeDigits)}</span>
          <span className="col col-src" title={data.source}>{data.source}</span>
          <span className="col col-dst" title={data.destination}>{data.destination}</span>
          <span className="col col-proto">{data.protocol}</span>
          <span className="col col-len">{data.length}</span>
          <span className="col col-info" title={data.info}>{data.info}</span>
        </>
      ) : (
        <span className="col col-placeholder">…</span>
      )}
    </div>
  );
}, sameRow);

/** Row colours after Wireshark's default colouring rules (a small subset); malformed overrides them. */
function protocolClass(r: Row): string {
  if (r.malformed) return 'malformed';
  const p = r.protocol.toLowerCase();
  if (p === 'tcp' || p === 'tls' || p === 'ssh' || p.startsWith('tlsv')) return 'proto-tcp';
  if (p === 'http' || p === 'http2') return 'proto-http';
  if (p === 'udp' || p === 'dns' || p === 'mdns' || p === 'dhcp' || p === 'ntp' || p === 'quic') return 'proto-udp';
  if (p === 'arp' || p === 'rarp') return 'proto-arp';
  if (p.startsWith('icmp')) return 'proto-icmp';
  if (p === 'stp' || p === 'cdp' || p === 'lldp' || p === 'isis' || p === 'ospf' || p === 'vrrp') return 'proto-routing';
  return 'proto-other';
}

/**
 * Packet bytes: offset | 16 hex bytes in two groups of 8 | ASCII. Only the lines in view are drawn. The
 * selected field's bytes are highlighted in both columns; clicking a byte reports its offset.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { asciiChar, BYTES_PER_LINE, formatLineOffset, hexByte, inRange, lineCount, lineOf, type ByteRange } from '../hex/hex-layout';
import { scrollGeometry, visibleRows } from '../list/scroll-model';

const LINE_HEIGHT = 17;

export interface HexPaneProps {
  bytes: Uint8Array;
  highlight: ByteRange | null;
  onByteClick(offset: number): void;
}

export function HexPane({ bytes, highlight, onByteClick }: HexPaneProps) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);
  const lines = lineCount(bytes.length);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    setHeight(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  // Bring the highlighted field's first line into view.
  useEffect(() => {
    const el = box.current;
    if (!el || !highlight || highlight.end <= highlight.start) return;
    const top = lineOf(highlight.start) * LINE_HEIGHT;
    const bottom = (lineOf(highlight.end - 1) + 1) * LINE_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = Math.min(top, bottom - el.clientHeight);
  }, [highlight]);

  const g = scrollGeometry(lines, LINE_HEIGHT, height || 400);
  const win = visibleRows(scrollTop, g, lines, 4);
  const out: React.ReactNode[] = [];
  for (let line = win.first; line < win.end; line++) {
    const start = line * BYTES_PER_LINE;
    const end = Math.min(bytes.length, start + BYTES_PER_LINE);
    const hex: React.ReactNode[] = [];
    const ascii: React.ReactNode[] = [];
    for (let o = start; o < end; o++) {
      const on = inRange(o, highlight);
      const b = bytes[o];
      hex.push(
        <span
          key={o}
          className={on ? 'hex-byte on' : 'hex-byte'}
          data-testid="hex-byte"
          data-offset={o}
          onMouseDown={() => onByteClick(o)}
        >
          {hexByte(b)}
        </span>,
      );
      if (o - start === 7) hex.push(<span key="gap" className="hex-gap" />);
      ascii.push(
        <span key={o} className={on ? 'ascii-char on' : 'ascii-char'} data-offset={o} onMouseDown={() => onByteClick(o)}>
          {asciiChar(b)}
        </span>,
      );
    }
    out.push(
      <div className="hex-line" key={line} style={{ top: line * LINE_HEIGHT }}>
        <span className="hex-offset">{formatLineOffset(start, bytes.length)}</span>
        <span className="hex-bytes">{hex}</span>
        <span className="hex-ascii">{ascii}</span>
      </div>,
    );
  }
  return (
    <div className="hex-pane" data-testid="hex-pane" ref={box} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <div className="hex-content" style={{ height: lines * LINE_HEIGHT }}>
        {out}
      </div>
    </div>
  );
}

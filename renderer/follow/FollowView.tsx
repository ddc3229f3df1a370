/**
 * Follow TCP/UDP Stream: the stream's payload in order, the client's bytes in one colour and the server's in
 * another, as ASCII, Hex Dump or Raw, with "[N bytes missing]" where segments were not captured; one or both
 * directions; the stream number to switch streams without leaving; "Filter on this stream"; Esc closes.
 * Lines are drawn only where they show (a stream can be megabytes).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FollowStream } from '../../core/api';
import { formatCount } from '../format/format';
import { useVirtualWindow } from '../flows/use-virtual-window';
import { useApi } from '../hooks/engine-context';
import type { FilterCommands } from '../hooks/use-display-filter';
import { describeError } from '../hooks/user-error';
import { update } from '../store/app-store';
import { followClosed, followOpened } from '../store/flows/actions';
import type { FollowTarget } from '../store/flows/state';
import { directionLabel, followLines, type FollowDirection, type FollowMode } from './follow-render';

const LINE_HEIGHT = 17;
const NAMES = { tcp: 'TCP', udp: 'UDP' } as const;

export function FollowView({ target, filter }: { target: FollowTarget; filter: FilterCommands }) {
  const api = useApi();
  const [stream, setStream] = useState<FollowStream | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<FollowMode>('ascii');
  const [direction, setDirection] = useState<FollowDirection>('both');
  const [streamText, setStreamText] = useState(String(target.stream));
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    setStreamText(String(target.stream));
    api.followStream({ sessionId: target.sessionId, protocol: target.protocol, stream: target.stream }).then(
      (s) => live && setStream(s),
      (e: unknown) => live && (setStream(null), setError(describeError('', e).message)),
    );
    return () => {
      live = false;
    };
  }, [api, target.sessionId, target.protocol, target.stream]);

  useEffect(() => box.current?.focus(), []);

  const shown = stream && stream.stream === target.stream && stream.protocol === target.protocol ? stream : null;
  const lines = useMemo(() => (shown ? followLines(shown, mode, direction) : []), [shown, mode, direction]);
  const win = useVirtualWindow(lines.length, LINE_HEIGHT);
  const close = () => update('flows', followClosed);
  const go = (n: number) => {
    const max = shown ? shown.streams - 1 : Number.MAX_SAFE_INTEGER;
    if (Number.isInteger(n) && n >= 0 && n <= max && n !== target.stream) update('flows', (s) => followOpened(s, { ...target, stream: n }));
  };

  const title = `Follow ${NAMES[target.protocol]} Stream (${target.protocol}.stream eq ${target.stream})`;
  return (
    <div className="dialog-backdrop follow-backdrop" onMouseDown={close}>
      <div
        ref={box}
        className="dialog follow-view"
        role="dialog"
        aria-label={title}
        data-testid="follow-view"
        tabIndex={-1}
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') close();
        }}
      >
        <h2 className="dialog-title">{title}</h2>
        {shown && (
          <div className="follow-sides" data-testid="follow-sides">
            <span className="follow-client">{directionLabel(shown.client, shown.server, shown.clientBytes)}</span>
            <span className="follow-server">{directionLabel(shown.server, shown.client, shown.serverBytes)}</span>
          </div>
        )}
        <div className="follow-text" ref={win.scroller} onScroll={win.onScroll} data-testid="follow-text" aria-busy={!shown && !error}>
          {error ? (
            <div className="pane-error" role="alert" data-testid="follow-error">
              Could not follow {NAMES[target.protocol]} stream {target.stream}: {error}
            </div>
          ) : !shown ? (
            <div className="pane-note">Reading the stream…</div>
          ) : lines.length === 0 ? (
            <div className="pane-note">This stream carries no payload.</div>
          ) : (
            <>
              <div className="follow-window" style={{ height: win.viewport }}>
                <div style={{ transform: `translateY(${win.offset}px)` }}>
                  {lines.slice(win.first, win.end).map((l, i) => (
                    <div key={win.first + i} className={`follow-line follow-${l.side}`} data-testid="follow-line" data-side={l.side} title={`Packet ${l.packet}`}>
                      {l.text === '' ? '\u00a0' : l.text}
                    </div>
                  ))}
                </div>
              </div>
              <div style={{ height: Math.max(0, win.spacer - win.viewport) }} />
              {shown.omittedChunks > 0 && (
                <div className="pane-note" role="status" data-testid="follow-omitted">
                  The stream is long: the first {formatCount(shown.chunks.length)} pieces are shown; {formatCount(shown.omittedChunks)} more (
                  {formatCount(shown.omittedBytes)} bytes) are not. Export the stream (Export…) to read all of it.
                </div>
              )}
            </>
          )}
        </div>
        <div className="follow-controls">
          <label>
            Show{' '}
            <select data-testid="follow-direction" value={direction} onChange={(e) => setDirection(e.target.value as FollowDirection)}>
              <option value="both">Entire conversation{shown ? ` (${formatCount(shown.clientBytes + shown.serverBytes)} bytes)` : ''}</option>
              <option value="client">{shown ? directionLabel(shown.client, shown.server, shown.clientBytes) : 'Client → server'}</option>
              <option value="server">{shown ? directionLabel(shown.server, shown.client, shown.serverBytes) : 'Server → client'}</option>
            </select>
          </label>
          <label>
            as{' '}
            <select data-testid="follow-mode" value={mode} onChange={(e) => setMode(e.target.value as FollowMode)}>
              <option value="ascii">ASCII</option>
              <option value="hex">Hex Dump</option>
              <option value="raw">Raw</option>
            </select>
          </label>
          <label>
            Stream{' '}
            <input
              type="number"
              className="follow-stream"
              data-testid="follow-stream"
              min={0}
              max={shown ? shown.streams - 1 : undefined}
              value={streamText}
              onChange={(e) => {
                setStreamText(e.target.value);
                if (e.target.value.trim() !== '') go(Number(e.target.value));
              }}
            />
            {shown && <span className="progress-label"> of {shown.streams}</span>}
          </label>
          <span className="toolbar-spacer" />
          <button
            type="button"
            data-testid="follow-filter"
            disabled={!shown}
            onClick={() => {
              if (!shown) return;
              filter.apply(shown.filter);
              close();
            }}
            title={shown ? `Apply “${shown.filter}”` : undefined}
          >
            Filter on this stream
          </button>
          <button type="button" data-testid="follow-close" onClick={close} title="Close (Esc)">
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

/**
 * Open, recent files, Close, Save As, Go to; live capture's Start / Stop (Ctrl+E), Options (Ctrl+K) and
 * Autoscroll; Cancel (while indexing or uploading) and the index and upload progress.
 */
import { useEffect, useRef, useState } from 'react';
import type { FlowCommands } from '../flows/use-flow-commands';
import { formatBytes, formatPercent } from '../format/format';
import type { CaptureCommands } from '../hooks/use-capture-commands';
import type { LiveCaptureCommands } from '../hooks/use-live-capture';
import { update, useAppStore } from '../store/app-store';
import { autoscrollSet } from '../store/capture/actions';
import { isBeingWritten, runningCapture } from '../store/capture/selectors';
import { activeSession, indexFraction, isIndexing } from '../store/session/selectors';
import { canOpen } from '../store/ui/selectors';

export function Toolbar({ commands, live, flows }: { commands: CaptureCommands; live: LiveCaptureCommands; flows?: FlowCommands }) {
  const session = useAppStore((s) => activeSession(s.session));
  // A live capture's session "indexes" as long as it grows: that is capturing, shown by Stop, not progress.
  const indexing = useAppStore((s) => isIndexing(s.session) && activeSession(s.session)?.captureId === undefined);
  const fraction = useAppStore((s) => indexFraction(s.session));
  const upload = useAppStore((s) => s.ui.upload);
  const openable = useAppStore((s) => canOpen(s.ui));
  return (
    <header className="toolbar" role="toolbar">
      <button type="button" data-testid="open-button" onClick={commands.chooseFile} disabled={!openable} title="Open a capture (Ctrl+O)">
        Open…
      </button>
      <RecentFilesMenu commands={commands} disabled={!openable} />
      <button type="button" onClick={commands.closeActive} disabled={!session} title="Close the capture">
        Close
      </button>
      <button type="button" data-testid="save-as-button" onClick={live.saveAs} disabled={!session} title="Save the capture to a file (Ctrl+Shift+S)">
        Save As…
      </button>
      <button type="button" onClick={commands.openGoto} disabled={!session} title="Go to packet (Ctrl+G)">
        Go to…
      </button>
      <span className="toolbar-separator" />
      {flows && <FlowButtons flows={flows} disabled={!session} />}
      <span className="toolbar-separator" />
      <CaptureControls live={live} />
      <span className="toolbar-spacer" />
      {upload && (
        <span className="toolbar-progress">
          <span className="progress-label">Uploading {upload.name}</span>
          <progress data-testid="upload-progress" max={upload.total || 1} value={upload.sent} />
          <span className="progress-label">
            {formatBytes(upload.sent)} / {formatBytes(upload.total)}
          </span>
        </span>
      )}
      {!upload && session && indexing && (
        <span className="toolbar-progress">
          <span className="progress-label">Indexing {formatPercent(fraction, 1)}</span>
          <progress data-testid="progress" max={1} value={fraction} />
        </span>
      )}
      {(upload || (session && indexing)) && (
        <button type="button" data-testid="cancel-index" onClick={commands.cancel} title="Stop (Esc)">
          Cancel
        </button>
      )}
    </header>
  );
}

/** The Flows view (Statistics → Conversations), Follow stream of the selected packet, Export Specified Packets. */
function FlowButtons({ flows, disabled }: { flows: FlowCommands; disabled: boolean }) {
  const open = useAppStore((s) => s.flows.open);
  return (
    <>
      <button type="button" data-testid="flows-button" aria-pressed={open} onClick={flows.toggleFlows} disabled={disabled} title="Conversations and endpoints of the capture (Statistics → Conversations)">
        Flows
      </button>
      <button type="button" data-testid="follow-button" onClick={() => flows.followSelected()} disabled={disabled} title="Follow the selected packet’s TCP or UDP stream (Ctrl+Alt+Shift+T / U)">
        Follow
      </button>
      <button type="button" data-testid="export-button" onClick={flows.openExport} disabled={disabled} title="Export specified packets to a pcapng file">
        Export…
      </button>
    </>
  );
}

/** Start (again) or Stop, the options, and whether the list follows the newest packet. */
function CaptureControls({ live }: { live: LiveCaptureCommands }) {
  const running = useAppStore((s) => runningCapture(s.capture));
  const last = useAppStore((s) => s.capture.lastRequest);
  const starting = useAppStore((s) => s.capture.starting);
  const connected = useAppStore((s) => s.ui.connection === 'open');
  const followable = useAppStore((s) => isBeingWritten(s.capture, activeSession(s.session)));
  const autoscroll = useAppStore((s) => s.capture.autoscroll);
  return (
    <>
      {running ? (
        <button type="button" className="capture-stop" data-testid="capture-stop" onClick={live.stop} disabled={running.state === 'stopping'} title={`Stop the capture on ${running.interface} (Ctrl+E)`}>
          ■ Stop
        </button>
      ) : (
        <button
          type="button"
          className="capture-restart"
          data-testid="capture-restart"
          onClick={live.startStop}
          disabled={!connected || starting !== null}
          title={last ? `Start a new capture on ${last.interface}${last.filter ? ` with “${last.filter}”` : ''} (Ctrl+E)` : 'Start capturing: pick an interface (Ctrl+E)'}
        >
          ● Start
        </button>
      )}
      <button type="button" data-testid="capture-options-button" onClick={live.openOptions} disabled={!connected} title="Capture options (Ctrl+K)">
        Options…
      </button>
      {followable && (
        <button
          type="button"
          className="autoscroll-toggle"
          data-testid="autoscroll"
          aria-pressed={autoscroll}
          onClick={() => update('capture', (s) => autoscrollSet(s, !s.autoscroll))}
          title={autoscroll ? 'Following the newest packet: scroll up or press to stop' : 'Not following: press (or scroll to the end) to follow the newest packet'}
        >
          ⤓ Autoscroll
        </button>
      )}
    </>
  );
}

function RecentFilesMenu({ commands, disabled }: { commands: CaptureCommands; disabled: boolean }) {
  const files = useAppStore((s) => s.ui.recentFiles);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);
  return (
    <div className="menu" ref={box}>
      <button type="button" disabled={disabled || files.length === 0} onClick={() => setOpen(!open)} aria-expanded={open}>
        Recent ▾
      </button>
      {open && (
        <ul className="menu-list" role="menu">
          {files.map((f) => (
            <li key={f.path} role="menuitem">
              <button
                type="button"
                data-testid="recent-file"
                title={f.path}
                onClick={() => {
                  setOpen(false);
                  commands.openPath(f.path, f.name);
                }}
              >
                {f.name} <span className="menu-path">{f.path}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

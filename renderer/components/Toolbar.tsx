/** Open, recent files, Cancel (while indexing or uploading), Close; the index and upload progress. */
import { useEffect, useRef, useState } from 'react';
import { formatBytes, formatPercent } from '../format/format';
import type { CaptureCommands } from '../hooks/use-capture-commands';
import { useAppStore } from '../store/app-store';
import { activeSession, indexFraction, isIndexing } from '../store/session/selectors';
import { canOpen } from '../store/ui/selectors';

export function Toolbar({ commands }: { commands: CaptureCommands }) {
  const session = useAppStore((s) => activeSession(s.session));
  const indexing = useAppStore((s) => isIndexing(s.session));
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
      <button type="button" onClick={commands.openGoto} disabled={!session} title="Go to packet (Ctrl+G)">
        Go to…
      </button>
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

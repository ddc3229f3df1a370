/**
 * Save As (Ctrl+Shift+S): the shown capture copied to an absolute path on the engine's machine. While a
 * live capture is still writing the file it says to stop first (and offers to); the engine's refusal
 * (permission, a missing folder, the session's own file) shows under the field.
 */
import { useEffect, useRef, useState } from 'react';
import type { SessionId } from '../../core/api';
import { pathProblem } from '../capture/capture-form';
import type { LiveCaptureCommands } from '../hooks/use-live-capture';
import { useAppStore } from '../store/app-store';
import { isBeingWritten } from '../store/capture/selectors';

export function SaveAsDialog({ sessionId, live }: { sessionId: SessionId; live: LiveCaptureCommands }) {
  const session = useAppStore((s) => s.session.sessions.find((x) => x.sessionId === sessionId) ?? null);
  const writing = useAppStore((s) => isBeingWritten(s.capture, session));
  const lastDir = useAppStore((s) => (s.capture.saved ? s.capture.saved.path.replace(/[^\\/]*$/, '') : ''));
  const [path, setPath] = useState(() => (lastDir && session ? `${lastDir}${session.name}` : ''));
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const submit = () => {
    if (busy || writing) return;
    const p = pathProblem(path);
    if (p) {
      setProblem(p);
      return;
    }
    setBusy(true);
    void live.save(sessionId, path.trim()).then((err) => {
      setBusy(false);
      setProblem(err);
    });
  };

  return (
    <div className="dialog-backdrop" onMouseDown={live.cancelSaveAs}>
      <form
        className="dialog save-dialog"
        role="dialog"
        aria-label="Save As"
        data-testid="save-as-dialog"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') live.cancelSaveAs();
        }}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2 className="dialog-title">Save {session?.name ?? 'the capture'} as</h2>
        {writing && (
          <div className="dialog-note" role="alert" data-testid="save-as-writing">
            The capture is still writing this file: stop it first, then save.{' '}
            <button type="button" data-testid="save-as-stop" onClick={live.stop}>
              Stop capture
            </button>
          </div>
        )}
        <label className="opt-field">
          <span className="opt-label">File (absolute path on the engine’s machine)</span>
          <input
            ref={input}
            className="opt-path"
            data-testid="save-as-path"
            spellCheck={false}
            value={path}
            placeholder="/home/me/captures/capture.pcapng"
            aria-invalid={problem !== null}
            aria-describedby={problem ? 'save-as-error' : undefined}
            onChange={(e) => {
              setPath(e.target.value);
              setProblem(null);
            }}
          />
        </label>
        {problem && (
          <div className="dialog-error" id="save-as-error" data-testid="save-as-error" role="alert">
            {problem}
          </div>
        )}
        <div className="dialog-buttons">
          <button type="submit" data-testid="save-as-save" disabled={busy || writing || path.trim() === ''}>
            {busy ? 'Saving…' : 'Save'}
          </button>
          <button type="button" data-testid="save-as-cancel" onClick={live.cancelSaveAs}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

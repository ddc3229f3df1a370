/**
 * Messages above the list: lost connection, a damaged capture, an error from the last action, a file
 * saved, and the files a ring-buffer capture left (to open each).
 */
import { formatBytes, formatCount } from '../format/format';
import { update, useAppStore } from '../store/app-store';
import { ringFilesDismissed, savedAs } from '../store/capture/actions';
import { ringFilesToShow } from '../store/capture/selectors';
import { problemDismissed } from '../store/session/actions';
import { visibleProblem } from '../store/session/selectors';
import { dismissError } from '../store/ui/actions';

export function ConnectionBanner() {
  const connection = useAppStore((s) => s.ui.connection);
  const message = useAppStore((s) => s.ui.connectionMessage);
  if (connection !== 'lost') return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="banner-connection">
      <span className="banner-text">
        <strong>Lost the connection to the engine.</strong> {message} What is on screen stays, but nothing new can be
        loaded.
      </span>
      <button type="button" onClick={() => window.location.reload()}>
        Reconnect
      </button>
    </div>
  );
}

export function ProblemBanner() {
  const problem = useAppStore((s) => visibleProblem(s.session));
  const sessionId = useAppStore((s) => s.session.activeId);
  if (!problem || sessionId === null) return null;
  const before = Math.max(0, problem.record - 1);
  return (
    <div className="banner banner-warn" role="alert" data-testid="banner-problem">
      <span className="banner-text">
        <strong>The capture stops being valid at record {formatCount(problem.record)}</strong> (byte offset{' '}
        {formatCount(problem.offset)}): {problem.reason}. The {formatCount(before)} packet{before === 1 ? '' : 's'} before it
        can be browsed.
      </span>
      <button type="button" aria-label="Dismiss" onClick={() => update('session', (s) => problemDismissed(s, sessionId))}>
        Dismiss
      </button>
    </div>
  );
}

export function ErrorMessage() {
  const error = useAppStore((s) => s.ui.error);
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="error-message">
      <span className="banner-text">
        <strong>{error.title}.</strong> {error.message}
        {error.detail && (
          <details className="banner-detail">
            <summary>Details</summary>
            <pre>{error.detail}</pre>
          </details>
        )}
      </span>
      <button type="button" aria-label="Dismiss" onClick={() => update('ui', dismissError)}>
        Dismiss
      </button>
    </div>
  );
}

export function SavedNotice() {
  const saved = useAppStore((s) => s.capture.saved);
  if (!saved) return null;
  return (
    <div className="banner banner-info" role="status" data-testid="saved-notice">
      <span className="banner-text">
        Saved {formatBytes(saved.bytes)} to <code>{saved.path}</code>.
      </span>
      <button type="button" aria-label="Dismiss" onClick={() => update('capture', (s) => savedAs(s, null))}>
        Dismiss
      </button>
    </div>
  );
}

/** After a ring-buffer capture stopped: its files, oldest first, each a button that opens it. */
export function RingFilesBanner({ onOpen }: { onOpen(path: string): void }) {
  const ring = useAppStore((s) => ringFilesToShow(s.capture));
  const shown = useAppStore((s) => s.session.sessions.find((x) => x.sessionId === s.session.activeId)?.path ?? null);
  if (!ring) return null;
  return (
    <div className="banner banner-info ring-files" role="region" aria-label="Ring buffer files" data-testid="ring-files">
      <span className="banner-text">
        <strong>The ring buffer kept {ring.files.length} file{ring.files.length === 1 ? '' : 's'}:</strong>
        <span className="ring-file-list">
          {ring.files.map((f) => (
            <button
              type="button"
              key={f}
              className="link ring-file"
              data-testid="ring-file"
              aria-current={f === shown ? 'true' : undefined}
              title={f === shown ? `${f} (shown)` : `Open ${f}`}
              onClick={() => onOpen(f)}
            >
              {f.replace(/^.*[\\/]/, '')}
            </button>
          ))}
        </span>
      </span>
      <button type="button" aria-label="Dismiss" onClick={() => update('capture', (s) => ringFilesDismissed(s, ring.captureId))}>
        Dismiss
      </button>
    </div>
  );
}

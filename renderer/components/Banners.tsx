/** Messages above the list: lost connection, a damaged capture, an error from the last action. */
import { formatCount } from '../format/format';
import { update, useAppStore } from '../store/app-store';
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
      </span>
      <button type="button" aria-label="Dismiss" onClick={() => update('ui', dismissError)}>
        Dismiss
      </button>
    </div>
  );
}

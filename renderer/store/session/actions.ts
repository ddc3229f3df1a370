/** Pure transitions of the session slice. */
import type { IndexProgress, SessionId, SessionInfo } from '../../../core/api';
import type { SessionState } from './state';

/**
 * A session appeared (at start, from argv, from a drop, a live capture): the newest one is shown, unless
 * `show` is false (a ring buffer's next file, shown once it is ready: see use-capture-events).
 */
export function sessionOpened(s: SessionState, info: SessionInfo, show = true): SessionState {
  const others = s.sessions.filter((x) => x.sessionId !== info.sessionId);
  return { ...s, sessions: [...others, info], activeId: show ? info.sessionId : s.activeId };
}

/** Show a session the engine has open (a live capture's, when startCapture answers); unknown ids change nothing. */
export function sessionActivated(s: SessionState, sessionId: SessionId): SessionState {
  return s.activeId !== sessionId && s.sessions.some((x) => x.sessionId === sessionId) ? { ...s, activeId: sessionId } : s;
}

export function sessionClosed(s: SessionState, sessionId: SessionId): SessionState {
  const sessions = s.sessions.filter((x) => x.sessionId !== sessionId);
  const progress = { ...s.progress };
  delete progress[sessionId];
  const problemDismissed = { ...s.problemDismissed };
  delete problemDismissed[sessionId];
  const activeId = s.activeId === sessionId ? (sessions.at(-1)?.sessionId ?? null) : s.activeId;
  return { sessions, activeId, progress, problemDismissed };
}

/** Progress arrives in order per session; a late event never winds a finished session back. */
export function progressReceived(s: SessionState, p: IndexProgress): SessionState {
  const prev = s.progress[p.sessionId];
  if (prev && (prev.done || prev.cancelled) && !p.done && !p.cancelled) return s;
  if (prev && !p.done && !p.cancelled && p.packets < prev.packets) return s;
  return { ...s, progress: { ...s.progress, [p.sessionId]: p } };
}

export function problemDismissed(s: SessionState, sessionId: SessionId): SessionState {
  return { ...s, problemDismissed: { ...s.problemDismissed, [sessionId]: true } };
}

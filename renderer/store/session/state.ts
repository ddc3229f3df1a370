import type { IndexProgress, SessionId, SessionInfo } from '../../../core/api';

/** The captures the engine has open, which one is shown, and how far each is indexed. */
export interface SessionState {
  /** Oldest first. */
  sessions: SessionInfo[];
  activeId: SessionId | null;
  progress: Record<SessionId, IndexProgress>;
  /** Sessions whose problem banner the user dismissed. */
  problemDismissed: Record<SessionId, true>;
}

export const initialSessionState: SessionState = {
  sessions: [],
  activeId: null,
  progress: {},
  problemDismissed: {},
};

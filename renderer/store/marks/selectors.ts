/** Pure reads of the marks slice. */
import type { SessionId } from '../../../core/api';
import { EMPTY_MARKS, type MarkSet } from './mark-set';
import type { MarksState } from './state';

/** The session's marks (the same object until they change, so components can select it). */
export function marksOf(s: MarksState, sessionId: SessionId | null): MarkSet {
  return sessionId === null ? EMPTY_MARKS : (s.bySession[sessionId] ?? EMPTY_MARKS);
}

export function markedCount(s: MarksState, sessionId: SessionId | null): number {
  return marksOf(s, sessionId).count;
}

/** A mark-all or unmark-all job is going through the session's displayed packets. */
export function isMarkJobRunning(s: MarksState, sessionId: SessionId | null): boolean {
  return s.job !== null && s.job.sessionId === sessionId;
}

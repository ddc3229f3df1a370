/** Pure transitions of the marks slice. */
import type { SessionId } from '../../../core/api';
import { addRuns, EMPTY_MARKS, removeRuns, toggleMark, type MarkSet } from './mark-set';
import type { MarkJob, MarksState } from './state';

function withSet(s: MarksState, sessionId: SessionId, next: MarkSet): MarksState {
  const prev = s.bySession[sessionId] ?? EMPTY_MARKS;
  if (next === prev) return s;
  const bySession = { ...s.bySession };
  if (next.count === 0) delete bySession[sessionId];
  else bySession[sessionId] = next;
  return { ...s, bySession };
}

/** Ctrl+M: mark the packet, or unmark it when it is marked. */
export function packetToggled(s: MarksState, sessionId: SessionId, packet: number): MarksState {
  if (!Number.isInteger(packet) || packet < 1) return s;
  return withSet(s, sessionId, toggleMark(s.bySession[sessionId] ?? EMPTY_MARKS, packet));
}

/** Mark the packets of `runs` (lo, hi pairs, ascending: a page of the displayed packets, or 1..count). */
export function runsMarked(s: MarksState, sessionId: SessionId, runs: Uint32Array): MarksState {
  return withSet(s, sessionId, addRuns(s.bySession[sessionId] ?? EMPTY_MARKS, runs));
}

export function runsUnmarked(s: MarksState, sessionId: SessionId, runs: Uint32Array): MarksState {
  const set = s.bySession[sessionId];
  return set ? withSet(s, sessionId, removeRuns(set, runs)) : s;
}

/** The session closed: its marks go (and a job over it ends). */
export function sessionForgotten(s: MarksState, sessionId: SessionId): MarksState {
  const job = s.job?.sessionId === sessionId ? null : s.job;
  if (!(sessionId in s.bySession) && job === s.job) return s;
  const { [sessionId]: _gone, ...bySession } = s.bySession;
  return { ...s, bySession, job };
}

export function jobStarted(s: MarksState, job: Omit<MarkJob, 'done'>): MarksState {
  return { ...s, job: { ...job, done: 0 } };
}

/** Rows gone through so far; about a job that is no longer the current one, nothing. */
export function jobProgressed(s: MarksState, id: number, done: number, total: number): MarksState {
  return s.job?.id === id ? { ...s, job: { ...s.job, done, total } } : s;
}

export function jobEnded(s: MarksState, id: number): MarksState {
  return s.job?.id === id ? { ...s, job: null } : s;
}

export function noticeShown(s: MarksState, text: string): MarksState {
  return { ...s, notice: { text, seq: (s.notice?.seq ?? 0) + 1 } };
}

/** The notice's time is up; a newer notice (another seq) stays. */
export function noticeCleared(s: MarksState, seq: number): MarksState {
  return s.notice?.seq === seq ? { ...s, notice: null } : s;
}

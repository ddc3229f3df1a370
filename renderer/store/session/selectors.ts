/** Pure reads of the session slice. */
import type { CaptureProblem, IndexProgress, InterfaceInfo, SessionInfo } from '../../../core/api';
import type { SessionState } from './state';

export function activeSession(s: SessionState): SessionInfo | null {
  return s.sessions.find((x) => x.sessionId === s.activeId) ?? null;
}

export function activeProgress(s: SessionState): IndexProgress | null {
  return s.activeId === null ? null : (s.progress[s.activeId] ?? null);
}

/** Rows the list may show: what is indexed so far. */
export function packetCount(s: SessionState): number {
  return activeProgress(s)?.packets ?? 0;
}

export function isIndexing(s: SessionState): boolean {
  const p = activeProgress(s);
  return s.activeId !== null && (p === null || (!p.done && !p.cancelled));
}

const NO_INTERFACES: InterfaceInfo[] = [];
export function activeInterfaces(s: SessionState): InterfaceInfo[] {
  return activeProgress(s)?.interfaces ?? NO_INTERFACES;
}

/** The problem to show in the banner, unless the user dismissed it. */
export function visibleProblem(s: SessionState): CaptureProblem | null {
  const p = activeProgress(s);
  if (!p?.problem || s.activeId === null || s.problemDismissed[s.activeId]) return null;
  return p.problem;
}

export type IndexState = 'none' | 'indexing' | 'done' | 'cancelled' | 'stopped';

export function indexState(s: SessionState): IndexState {
  if (s.activeId === null) return 'none';
  const p = activeProgress(s);
  if (!p) return 'indexing';
  if (p.problem) return 'stopped';
  if (p.cancelled) return 'cancelled';
  return p.done ? 'done' : 'indexing';
}

/** 0..1 of the file read; 0 when the size is unknown. */
export function indexFraction(s: SessionState): number {
  const p = activeProgress(s);
  if (!p || !(p.totalBytes > 0)) return 0;
  return Math.min(1, p.bytesRead / p.totalBytes);
}

/** How long indexing took, once it ended. */
export function loadTimeMs(s: SessionState): number | null {
  const p = activeProgress(s);
  return p && (p.done || p.cancelled) ? p.elapsedMs : null;
}

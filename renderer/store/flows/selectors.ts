/** Pure reads of the flows slice. */
import { ALL_VIEW, type FlowProgress, type FollowProtocol, type SessionId, type ViewId } from '../../../core/api';
import type { FlowsState } from './state';

/** The view the Flows view counts: the list's (the display filter's) when limited to it, else every packet. */
export function flowsView(s: FlowsState, listView: ViewId): ViewId {
  return s.limitToFilter ? listView : ALL_VIEW;
}

/** The TCP or UDP streams selected (conversations of those tables only), or null. */
export function selectedStreams(s: FlowsState): { protocol: FollowProtocol; streams: number[] } | null {
  if (s.endpoints || (s.kind !== 'tcp' && s.kind !== 'udp') || s.selection.keys.length === 0) return null;
  return { protocol: s.kind, streams: [...s.selection.keys] };
}

export function flowProgressOf(s: FlowsState, sessionId: SessionId | null): FlowProgress | null {
  return sessionId === null ? null : (s.progress[sessionId] ?? null);
}

/** The flow pass is still running over the session (tables are partial). */
export function isFlowPassRunning(s: FlowsState, sessionId: SessionId | null): boolean {
  const p = flowProgressOf(s, sessionId);
  return p !== null && !p.done && !p.cancelled;
}

/** 0..1 of the packets the flow pass went through. */
export function flowFraction(p: FlowProgress | null): number {
  return p && p.total > 0 ? Math.min(1, p.scanned / p.total) : 0;
}

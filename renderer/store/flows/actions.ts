/** Pure transitions of the flows slice. */
import type { ConversationKind, FlowProgress, SessionId } from '../../../core/api';
import type { ExportChoice } from '../../export/export-selection';
import { emptySelection, type FlowSelection } from '../../flows/flow-selection';
import type { FlowsState, FollowTarget } from './state';

export function flowsToggled(s: FlowsState, open = !s.open): FlowsState {
  return open === s.open ? s : { ...s, open };
}

/** Another table: the selection (ids of the old table) goes; the sort stays when the column exists. */
export function kindChosen(s: FlowsState, kind: ConversationKind): FlowsState {
  return kind === s.kind ? s : { ...s, kind, selection: emptySelection };
}

export function endpointsToggled(s: FlowsState, endpoints = !s.endpoints): FlowsState {
  return endpoints === s.endpoints ? s : { ...s, endpoints, selection: emptySelection, sort: { column: endpoints ? 'address' : 'id', descending: false } };
}

/** The rows change (other packets count): keys of endpoints are rows, so the selection goes. */
export function limitToggled(s: FlowsState, limitToFilter = !s.limitToFilter): FlowsState {
  return limitToFilter === s.limitToFilter ? s : { ...s, limitToFilter, selection: s.endpoints ? emptySelection : s.selection };
}

/** A header click: sort by that column, or reverse it when it already is. Numbers sort largest first. */
export function sortedBy(s: FlowsState, column: string, numeric: boolean): FlowsState {
  const sort = s.sort.column === column ? { column, descending: !s.sort.descending } : { column, descending: numeric };
  // Endpoint keys are row positions, which a new sort moves.
  return { ...s, sort, selection: s.endpoints ? emptySelection : s.selection };
}

export function selectionChanged(s: FlowsState, selection: FlowSelection): FlowsState {
  return selection === s.selection ? s : { ...s, selection };
}

export function flowProgressed(s: FlowsState, p: FlowProgress): FlowsState {
  return { ...s, progress: { ...s.progress, [p.sessionId]: p } };
}

/** A session closed: forget its progress, and close what showed it. */
export function sessionForgotten(s: FlowsState, sessionId: SessionId): FlowsState {
  const { [sessionId]: _gone, ...progress } = s.progress;
  return { ...s, progress, follow: s.follow?.sessionId === sessionId ? null : s.follow, selection: emptySelection };
}

export function followOpened(s: FlowsState, target: FollowTarget): FlowsState {
  return { ...s, follow: target };
}

export function followClosed(s: FlowsState): FlowsState {
  return s.follow === null ? s : { ...s, follow: null };
}

export function exportOpened(s: FlowsState, choice: ExportChoice | null = null): FlowsState {
  return { ...s, exportOpen: { choice } };
}

export function exportClosed(s: FlowsState): FlowsState {
  return s.exportOpen === null ? s : { ...s, exportOpen: null };
}

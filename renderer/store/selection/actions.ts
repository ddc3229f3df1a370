/** Pure transitions of the selection slice. */
import { ancestorPaths, type NodePath } from '../../tree/tree-model';
import type { SelectionState } from './state';

function clampRow(row: number, rowCount: number): number | null {
  if (rowCount <= 0 || !Number.isFinite(row)) return null;
  return Math.min(rowCount - 1, Math.max(0, Math.trunc(row)));
}

/**
 * Select a row (clamped to the list) and, if asked, scroll it into view. `packet` is the row's packet
 * number when the caller knows it (in the `all` view it is row + 1).
 */
export function selectRow(
  s: SelectionState,
  row: number,
  rowCount: number,
  reveal?: 'nearest' | 'center',
  packet?: number | null,
): SelectionState {
  const r = clampRow(row, rowCount);
  if (r === null) return s;
  const same = r === s.row;
  const treePath = same ? s.treePath : null;
  const number = packet ?? (same ? s.packet : null);
  const scrollAnchor = reveal ? { row: r, align: reveal, seq: (s.scrollAnchor?.seq ?? 0) + 1 } : s.scrollAnchor;
  return { ...s, row: r, packet: number, treePath, scrollAnchor };
}

/** The packet number of a selected row became known (its page of a filter's view arrived). */
export function packetResolved(s: SelectionState, row: number, packet: number): SelectionState {
  return s.row === row && s.packet !== packet ? { ...s, packet } : s;
}

/**
 * The list shows another view (a filter applied or cleared): the row is unknown until the packet is found
 * in the new view, but the packet (`packet`, its number in the old view), its tree node and the expansion
 * stay.
 */
export function viewChanged(s: SelectionState, packet: number | null): SelectionState {
  if (packet === null) return clearSelection(s);
  return { ...s, row: null, packet, scrollAnchor: null };
}

/** The selected packet was found at `row` of the new view: select it there and bring it into view. */
export function packetLocated(s: SelectionState, packet: number, row: number, rowCount: number): SelectionState {
  if (s.packet !== packet) return s;
  const r = clampRow(row, rowCount);
  if (r === null) return s;
  return { ...s, row: r, scrollAnchor: { row: r, align: 'center', seq: (s.scrollAnchor?.seq ?? 0) + 1 } };
}

/** Keyboard movement: by `delta` rows from the selection (from the top when nothing is selected). */
export function moveSelection(s: SelectionState, delta: number, rowCount: number): SelectionState {
  const from = s.row ?? (delta > 0 ? -1 : rowCount);
  return selectRow(s, from + delta, rowCount, 'nearest');
}

export function clearSelection(s: SelectionState): SelectionState {
  return { ...s, row: null, packet: null, treePath: null, scrollAnchor: null };
}

export function selectTreeNode(s: SelectionState, path: NodePath | null): SelectionState {
  return { ...s, treePath: path };
}

export function setExpanded(s: SelectionState, path: NodePath, open: boolean): SelectionState {
  const expanded = { ...s.expanded };
  if (open) expanded[path] = true;
  else delete expanded[path];
  return { ...s, expanded };
}

/** Select a node and open everything above it, so that it can be seen (byte click in the hex pane). */
export function revealTreeNode(s: SelectionState, path: NodePath): SelectionState {
  const expanded = { ...s.expanded };
  for (const p of ancestorPaths(path)) expanded[p] = true;
  return { ...s, treePath: path, expanded };
}

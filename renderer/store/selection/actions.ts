/** Pure transitions of the selection slice. */
import { ancestorPaths, type NodePath } from '../../tree/tree-model';
import type { SelectionState } from './state';

function clampRow(row: number, rowCount: number): number | null {
  if (rowCount <= 0 || !Number.isFinite(row)) return null;
  return Math.min(rowCount - 1, Math.max(0, Math.trunc(row)));
}

/** Select a row (clamped to the list) and, if asked, scroll it into view. */
export function selectRow(s: SelectionState, row: number, rowCount: number, reveal?: 'nearest' | 'center'): SelectionState {
  const r = clampRow(row, rowCount);
  if (r === null) return s;
  const treePath = r === s.row ? s.treePath : null;
  const scrollAnchor = reveal ? { row: r, align: reveal, seq: (s.scrollAnchor?.seq ?? 0) + 1 } : s.scrollAnchor;
  return { ...s, row: r, treePath, scrollAnchor };
}

/** Keyboard movement: by `delta` rows from the selection (from the top when nothing is selected). */
export function moveSelection(s: SelectionState, delta: number, rowCount: number): SelectionState {
  const from = s.row ?? (delta > 0 ? -1 : rowCount);
  return selectRow(s, from + delta, rowCount, 'nearest');
}

export function clearSelection(s: SelectionState): SelectionState {
  return { ...s, row: null, treePath: null, scrollAnchor: null };
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

/** Pure reads of the selection slice. */
import { ALL_VIEW, type ViewId } from '../../../core/api';
import type { SelectionState } from './state';

/**
 * The packet number of the selected row. In the `all` view row r is packet r + 1; other views (filters)
 * will map through the row cache.
 */
export function selectedPacketNumber(s: SelectionState, view: ViewId = ALL_VIEW): number | null {
  if (s.row === null) return null;
  return view === ALL_VIEW ? s.row + 1 : null;
}

export function isExpanded(s: SelectionState, path: string): boolean {
  return s.expanded[path] === true;
}

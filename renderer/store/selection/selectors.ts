/** Pure reads of the selection slice. */
import { ALL_VIEW, type ViewId } from '../../../core/api';
import type { SelectionState } from './state';

/**
 * The selected packet's number. In the `all` view row r is packet r + 1; in a filter's view it is what the
 * row cache said (`packet`), which also stands while the packet is looked for in a new view.
 */
export function selectedPacketNumber(s: SelectionState, view: ViewId = ALL_VIEW): number | null {
  if (s.row !== null && view === ALL_VIEW) return s.row + 1;
  return s.packet;
}

export function isExpanded(s: SelectionState, path: string): boolean {
  return s.expanded[path] === true;
}

import type { Expanded, NodePath } from '../../tree/tree-model';

/** What the user has selected: a row of the list, a node of the layer tree, and which nodes are open. */
export interface SelectionState {
  /** View row (0-based) of the selected packet; null while a new view is searched for it. */
  row: number | null;
  /**
   * The selected packet's number when known. In the `all` view it is row + 1; in a filter's view it comes
   * from the row cache. It outlives a change of view, so that the packet stays selected when still shown.
   */
  packet: number | null;
  /** Selected node of the detail tree. */
  treePath: NodePath | null;
  /** Open tree nodes; kept from packet to packet, as Wireshark keeps open subtrees. */
  expanded: Expanded;
  /** The list scrolls to `row` whenever `seq` changes (keyboard, go-to, byte click). */
  scrollAnchor: { row: number; align: 'nearest' | 'center'; seq: number } | null;
}

export const initialSelectionState: SelectionState = {
  row: null,
  packet: null,
  treePath: null,
  expanded: {},
  scrollAnchor: null,
};

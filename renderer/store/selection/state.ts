import type { Expanded, NodePath } from '../../tree/tree-model';

/** What the user has selected: a row of the list, a node of the layer tree, and which nodes are open. */
export interface SelectionState {
  /** View row (0-based) of the selected packet. */
  row: number | null;
  /** Selected node of the detail tree. */
  treePath: NodePath | null;
  /** Open tree nodes; kept from packet to packet, as Wireshark keeps open subtrees. */
  expanded: Expanded;
  /** The list scrolls to `row` whenever `seq` changes (keyboard, go-to, byte click). */
  scrollAnchor: { row: number; align: 'nearest' | 'center'; seq: number } | null;
}

export const initialSelectionState: SelectionState = {
  row: null,
  treePath: null,
  expanded: {},
  scrollAnchor: null,
};

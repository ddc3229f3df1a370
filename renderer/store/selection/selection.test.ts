import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clearSelection, moveSelection, packetLocated, packetResolved, revealTreeNode, selectRow, selectTreeNode, setExpanded, viewChanged } from './actions';
import { isExpanded, selectedPacketNumber } from './selectors';
import { initialSelectionState } from './state';

test('rows are clamped to the list and map to packet numbers', () => {
  let s = selectRow(initialSelectionState, 5, 10);
  assert.equal(s.row, 5);
  assert.equal(selectedPacketNumber(s), 6);
  assert.equal(s.scrollAnchor, null);
  s = selectRow(s, 99, 10, 'center');
  assert.equal(s.row, 9);
  assert.deepEqual(s.scrollAnchor, { row: 9, align: 'center', seq: 1 });
  assert.equal(selectRow(s, 3, 0), s, 'nothing to select in an empty list');
  assert.equal(selectedPacketNumber(clearSelection(s)), null);
});

test('keyboard moves start at the edges and ask to stay visible', () => {
  let s = moveSelection(initialSelectionState, 1, 100);
  assert.equal(s.row, 0);
  s = moveSelection(s, 25, 100);
  assert.equal(s.row, 25);
  assert.equal(s.scrollAnchor?.align, 'nearest');
  s = moveSelection(s, -1000, 100);
  assert.equal(s.row, 0);
  assert.equal(moveSelection(s, Number.NaN, 100), s, 'a step that is not a number changes nothing');
  assert.equal(moveSelection(initialSelectionState, -1, 100).row, 99);
  assert.equal(moveSelection(initialSelectionState, 100, 100).row, 99);
});

test('a new packet clears the tree selection; expansion persists', () => {
  let s = selectRow(initialSelectionState, 1, 10);
  s = setExpanded(s, '2', true);
  s = selectTreeNode(s, '2/1');
  assert.equal(selectRow(s, 1, 10).treePath, '2/1', 'same row keeps it');
  s = selectRow(s, 2, 10);
  assert.equal(s.treePath, null);
  assert.equal(isExpanded(s, '2'), true);
  s = setExpanded(s, '2', false);
  assert.equal(isExpanded(s, '2'), false);
});

test('revealing a node opens its ancestors', () => {
  const s = revealTreeNode(initialSelectionState, '3/0/2');
  assert.equal(s.treePath, '3/0/2');
  assert.deepEqual(Object.keys(s.expanded).sort(), ['3', '3/0']);
});

test('a selected packet outlives a change of view and is selected again where it is found', () => {
  let s = selectRow(initialSelectionState, 41, 100);
  s = selectTreeNode(s, '2/1');
  assert.equal(selectedPacketNumber(s), 42);
  s = viewChanged(s, selectedPacketNumber(s));
  assert.equal(s.row, null);
  assert.equal(selectedPacketNumber(s, 'v1'), 42, 'the details keep showing the packet while it is looked for');
  assert.equal(s.treePath, '2/1');
  assert.equal(packetLocated(s, 7, 3, 10), s, 'another packet was found: too late, ignored');
  s = packetLocated(s, 42, 3, 10);
  assert.equal(s.row, 3);
  assert.deepEqual(s.scrollAnchor, { row: 3, align: 'center', seq: 1 });
  assert.equal(selectedPacketNumber(s, 'v1'), 42);
  s = selectRow(s, 4, 10);
  assert.equal(selectedPacketNumber(s, 'v1'), null, 'a new row of a filter view is unknown until its page is here');
  s = packetResolved(s, 4, 57);
  assert.equal(selectedPacketNumber(s, 'v1'), 57);
  assert.equal(packetResolved(s, 3, 9), s, 'about a row no longer selected');
  assert.equal(selectRow(s, 5, 10, undefined, 60).packet, 60);
  assert.deepEqual(viewChanged(selectRow(initialSelectionState, 0, 1), null), { ...initialSelectionState });
});

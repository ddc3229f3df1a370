import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clickRow, emptySelection, isSelected, moveFocus, selectAll } from './flow-selection';

// Row r has key 100 + r; rows 5..6 are not loaded.
const keyAt = (r: number) => (r >= 0 && r < 10 && r !== 5 && r !== 6 ? 100 + r : undefined);

test('click selects one row, Ctrl+click toggles, Shift+click takes the range from the anchor', () => {
  let s = clickRow(emptySelection, 2, keyAt);
  assert.deepEqual(s.keys, [102]);
  s = clickRow(s, 4, keyAt, { toggle: true });
  assert.deepEqual(s.keys, [102, 104]);
  s = clickRow(s, 2, keyAt, { toggle: true });
  assert.deepEqual(s.keys, [104]);
  assert.equal(s.anchor, 2, 'a toggle moves the anchor');
  s = clickRow(s, 8, keyAt, { shift: true });
  assert.deepEqual(s.keys, [102, 103, 104, 107, 108], 'rows not loaded are left out');
  s = clickRow(s, 0, keyAt, { shift: true });
  assert.deepEqual(s.keys, [102, 101, 100], 'a new range replaces the old one');
  s = clickRow(clickRow(s, 9, keyAt, { toggle: true }), 7, keyAt, { shift: true, toggle: true });
  assert.deepEqual(s.keys, [102, 101, 100, 109, 108, 107], 'Ctrl+Shift adds the range');
  assert.equal(clickRow(s, 5, keyAt), s, 'a row not loaded cannot be clicked');
  assert.ok(isSelected(s, 109));
  assert.ok(!isSelected(s, undefined));
});

test('the keyboard moves the focus and, with Shift, extends from the anchor', () => {
  let s = moveFocus(emptySelection, 1, 10, keyAt);
  assert.deepEqual([s.keys, s.focus], [[100], 0]);
  s = moveFocus(s, 1, 10, keyAt, true);
  s = moveFocus(s, 1, 10, keyAt, true);
  assert.deepEqual(s.keys, [100, 101, 102]);
  s = moveFocus(s, 1000, 10, keyAt);
  assert.deepEqual([s.keys, s.focus], [[109], 9]);
  s = moveFocus(s, -3, 10, keyAt);
  assert.deepEqual([s.keys, s.focus], [[109], 6], 'on a row not loaded only the focus moves');
  assert.equal(moveFocus(s, 1, 0, keyAt), s);
  assert.deepEqual(moveFocus(emptySelection, -1, 10, keyAt).keys, [109], 'up from nothing starts at the end');
});

test('select all takes every loaded row', () => {
  assert.deepEqual(selectAll(10, keyAt).keys, [100, 101, 102, 103, 104, 107, 108, 109]);
  assert.deepEqual(selectAll(0, keyAt), emptySelection);
});

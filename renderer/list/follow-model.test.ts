import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followAfterUserScroll, isAtEnd, offsetAfterGrowth } from './follow-model';
import { revealRow, scrollGeometry } from './scroll-model';

const ROW = 20;

test('the end is the last row shown, within half a row; a short list is always at its end', () => {
  const g = scrollGeometry(100, ROW, 400); // maxVirtual 1600
  assert.equal(isAtEnd(1600, g), true);
  assert.equal(isAtEnd(1591, g), true, 'fractional scroll positions');
  assert.equal(isAtEnd(1589, g), false);
  assert.equal(isAtEnd(0, g), false);
  assert.equal(isAtEnd(99_999, g), true, 'beyond the end is clamped to it');
  assert.equal(isAtEnd(0, scrollGeometry(10, ROW, 400)), true);
  assert.equal(isAtEnd(0, scrollGeometry(0, ROW, 400)), true);
});

test('rows arriving move a following list to the new end and leave a list the user scrolled up where it is', () => {
  let following = true;
  let virtual = 0;
  let rows = 5;
  const viewport = 200;
  // Ten updates a second for a while, 7 rows each: the list keeps the newest row in view.
  for (let tick = 0; tick < 30; tick++) {
    rows += 7;
    const g = scrollGeometry(rows, ROW, viewport);
    virtual = offsetAfterGrowth(virtual, g, following);
    assert.equal(isAtEnd(virtual, g), true, `tick ${tick}`);
  }
  // The user scrolls up three rows with the wheel: following stops, and the next rows do not move the list.
  let g = scrollGeometry(rows, ROW, viewport);
  virtual -= 3 * ROW;
  following = followAfterUserScroll(virtual, g);
  assert.equal(following, false);
  const held = virtual;
  for (let tick = 0; tick < 10; tick++) {
    rows += 7;
    g = scrollGeometry(rows, ROW, viewport);
    virtual = offsetAfterGrowth(virtual, g, following);
  }
  assert.equal(virtual, held, 'the list stays where the user left it');
  // The selected row 100 keeps its place on the screen: same offset, same row.
  const selectedTop = 100 * ROW - virtual;
  assert.equal(100 * ROW - offsetAfterGrowth(virtual, scrollGeometry(rows + 50, ROW, viewport), following), selectedTop);
  // Dragging back to the end resumes.
  following = followAfterUserScroll(g.maxVirtual, g);
  assert.equal(following, true);
  assert.equal(offsetAfterGrowth(held, scrollGeometry(rows + 1, ROW, viewport), following), (rows + 1) * ROW - viewport);
});

test('moving the selection with the keys counts as the user scrolling', () => {
  const g = scrollGeometry(1000, ROW, 200);
  // Arrow up from the last row keeps it at the end (the row is still in view): still following.
  assert.equal(followAfterUserScroll(revealRow(998, g.maxVirtual, g), g), true);
  // Page up moves the view: following stops.
  assert.equal(followAfterUserScroll(revealRow(985, g.maxVirtual, g), g), false);
  // End comes back.
  assert.equal(followAfterUserScroll(revealRow(999, 0, g), g), true);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_REAL_HEIGHT,
  realFromVirtual,
  revealRow,
  rowsPerPage,
  scrollGeometry,
  virtualFromReal,
  visibleRows,
  wheelPixels,
} from './scroll-model';

const ROW = 20;

test('small lists are not scaled', () => {
  const g = scrollGeometry(100, ROW, 400);
  assert.equal(g.ratio, 1);
  assert.equal(g.realHeight, 2000);
  assert.equal(g.maxVirtual, 1600);
  assert.equal(virtualFromReal(800, g), 800);
  assert.equal(realFromVirtual(800, g), 800);
});

test('10 million rows fit under the height cap and the last row is reachable', () => {
  const rows = 10_000_000;
  const g = scrollGeometry(rows, ROW, 600);
  assert.equal(g.realHeight, MAX_REAL_HEIGHT);
  assert.ok(g.ratio > 19 && g.ratio < 21, `ratio ${g.ratio}`);
  // Dragging the real scrollbar to its end shows the last row.
  const v = virtualFromReal(g.maxReal, g);
  const w = visibleRows(v, g, rows);
  assert.equal(w.end, rows);
  assert.equal(realFromVirtual(g.maxVirtual, g), g.maxReal);
  // Revealing the last row lands at the end too.
  assert.equal(revealRow(rows - 1, 0, g), g.maxVirtual);
});

test('virtual and real offsets round-trip at scale', () => {
  const g = scrollGeometry(50_000_000, ROW, 700);
  for (const v of [0, 12345, g.maxVirtual / 3, g.maxVirtual - 1]) {
    const back = virtualFromReal(realFromVirtual(v, g), g);
    assert.ok(Math.abs(back - v) < 1e-6 * Math.max(1, v), `${v} -> ${back}`);
  }
});

test('a wheel notch moves the same number of rows at any scale', () => {
  for (const rows of [1000, 10_000_000, 100_000_000]) {
    const g = scrollGeometry(rows, ROW, 600);
    assert.equal(wheelPixels(3, 1, g), 3 * ROW);
    assert.equal(wheelPixels(100, 0, g), 100);
    assert.equal(wheelPixels(1, 2, g), 600);
  }
});

test('visible window with overscan is clipped to the row count', () => {
  const g = scrollGeometry(1000, ROW, 100);
  assert.deepEqual(visibleRows(0, g, 1000, 5), { first: 0, end: 10 });
  assert.deepEqual(visibleRows(210, g, 1000, 2), { first: 8, end: 18 });
  assert.deepEqual(visibleRows(g.maxVirtual, g, 1000, 5), { first: 990, end: 1000 });
  assert.deepEqual(visibleRows(0, g, 0, 5), { first: 0, end: 0 });
  assert.equal(rowsPerPage(g), 5);
});

test('revealing a row scrolls as little as needed, or centres it', () => {
  const g = scrollGeometry(1000, ROW, 100);
  assert.equal(revealRow(2, 0, g), 0);
  assert.equal(revealRow(5, 0, g), 20);
  assert.equal(revealRow(3, 200, g), 60);
  assert.equal(revealRow(500, 0, g, 'center'), 500 * ROW - 40);
  assert.equal(revealRow(0, 500, g, 'center'), 0);
});

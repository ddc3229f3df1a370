import { test } from 'node:test';
import assert from 'node:assert/strict';
import { walkViewRuns } from './view-pages';

const fetchOf = (numbers: number[]) => (from: number, count: number) => Promise.resolve(numbers.slice(from, from + count));

test('a view is walked in pages of runs, to its end', async () => {
  const view = [1, 2, 3, 7, 8, 20, 21, 22, 23, 40];
  const pages: number[][] = [];
  const done = await walkViewRuns({ fetch: fetchOf(view), rowCount: () => view.length, onRuns: (r, d) => pages.push([...r, d]), stopped: () => false, pageSize: 4 });
  assert.equal(done, 10);
  assert.deepEqual(pages, [
    [1, 3, 7, 7, 4],
    [8, 8, 20, 22, 8],
    [23, 23, 40, 40, 10],
  ]);
});

test('a filling view is followed; a stop ends the walk between pages', async () => {
  const view = Array.from({ length: 30 }, (_, i) => i + 1);
  let count = 10;
  let seen = 0;
  const done = await walkViewRuns({
    fetch: fetchOf(view),
    rowCount: () => count,
    onRuns: (_r, d) => {
      seen = d;
      count = Math.min(30, count + 5);
    },
    stopped: () => false,
    pageSize: 10,
  });
  assert.equal(done, 30);
  assert.equal(seen, 30);
  let pages = 0;
  const stopped = await walkViewRuns({ fetch: fetchOf(view), rowCount: () => 30, onRuns: () => pages++, stopped: () => pages >= 2, pageSize: 10 });
  assert.equal(stopped, 20);
  const short = await walkViewRuns({ fetch: fetchOf([1, 2]), rowCount: () => 10, onRuns: () => {}, stopped: () => false, pageSize: 5 });
  assert.equal(short, 2, 'rows the view does not have end the walk');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addRuns, EMPTY_MARKS, runsOf } from '../store/marks/mark-set';
import { allViewNumbers, nextMarkedRow, previousMarkedRow, type FetchNumbers } from './find-marked';

/** A filter's view over a list of packet numbers, counting the engine calls. */
function viewOf(numbers: number[]): { fetch: FetchNumbers; calls: () => number } {
  let calls = 0;
  return {
    fetch: (from, count) => {
      calls++;
      return Promise.resolve(Uint32Array.from(numbers.slice(Math.max(0, from), Math.max(0, from + count))));
    },
    calls: () => calls,
  };
}

const marksOf = (...n: number[]) => addRuns(EMPTY_MARKS, runsOf(n.sort((a, b) => a - b)));

test('in the all view, next and previous are the neighbouring marks', async () => {
  const fetch = allViewNumbers(100);
  const marks = marksOf(5, 40, 99);
  assert.deepEqual(await nextMarkedRow(fetch, 100, marks, 0), { row: 4, packet: 5 });
  assert.deepEqual(await nextMarkedRow(fetch, 100, marks, 5), { row: 39, packet: 40 });
  assert.equal(await nextMarkedRow(fetch, 100, marks, 99), null);
  assert.deepEqual(await previousMarkedRow(fetch, 100, marks, 40), { row: 4, packet: 5 });
  assert.deepEqual(await previousMarkedRow(fetch, 100, marks, Infinity), { row: 98, packet: 99 });
  assert.equal(await previousMarkedRow(fetch, 100, marks, 5), null);
  assert.equal(await nextMarkedRow(fetch, 50, marks, 40), null, 'a mark past the rows indexed so far is not displayed');
});

test('in a filter’s view, marks that are not displayed are skipped', async () => {
  const even = Array.from({ length: 1000 }, (_, i) => 2 * (i + 1)); // packets 2, 4, …, 2000
  const { fetch } = viewOf(even);
  const marks = marksOf(3, 5, 7, 8, 1001, 1500);
  assert.deepEqual(await nextMarkedRow(fetch, even.length, marks, 0), { row: 3, packet: 8 });
  assert.deepEqual(await nextMarkedRow(fetch, even.length, marks, 8), { row: 749, packet: 1500 });
  assert.equal(await nextMarkedRow(fetch, even.length, marks, 1500), null);
  assert.deepEqual(await previousMarkedRow(fetch, even.length, marks, 1500), { row: 3, packet: 8 });
  assert.equal(await previousMarkedRow(fetch, even.length, marks, 8), null);
  assert.equal(await nextMarkedRow(fetch, even.length, EMPTY_MARKS, 0), null);
});

test('many marks none of which is displayed: found absent in few calls, not a call per mark', async () => {
  const odd = Array.from({ length: 500_000 }, (_, i) => 2 * i + 1);
  const everyEven = addRuns(EMPTY_MARKS, runsOf(Array.from({ length: 500_000 }, (_, i) => 2 * i + 2)));
  const { fetch, calls } = viewOf(odd);
  assert.equal(await nextMarkedRow(fetch, odd.length, everyEven, 0), null);
  // One binary search (~20 one-row calls) and one 500-row page per 500 rows: about 1,000 pages of the
  // 500,000 rows, not 500,000 searches.
  assert.ok(calls() < 25_000, `${calls()} calls`);
  const { fetch: f2 } = viewOf(odd);
  const withOne = addRuns(everyEven, runsOf([777_777]));
  assert.deepEqual(await nextMarkedRow(f2, odd.length, withOne, 0), { row: 388_888, packet: 777_777 });
  assert.deepEqual(await previousMarkedRow(f2, odd.length, withOne, Infinity), { row: 388_888, packet: 777_777 });
});

test('a view shorter than its row count (rows not there yet) is searched below', async () => {
  const { fetch } = viewOf([1, 2, 3]);
  assert.deepEqual(await nextMarkedRow(fetch, 10, marksOf(3, 9), 0), { row: 2, packet: 3 });
  assert.deepEqual(await previousMarkedRow(fetch, 10, marksOf(3, 9), Infinity), { row: 2, packet: 3 });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addRuns, EMPTY_MARKS, hasMark, markAtOrAfter, markAtOrBefore, markedNumbers, removeRuns, runsOf, toggleMark, type MarkSet } from './mark-set';

const setOf = (...numbers: number[]): MarkSet => addRuns(EMPTY_MARKS, runsOf([...numbers].sort((a, b) => a - b)));

test('runs merge when they touch, split when a number in the middle goes', () => {
  let s = setOf(1, 2, 3, 7);
  assert.deepEqual([...s.runs], [1, 3, 7, 7]);
  assert.equal(s.count, 4);
  s = toggleMark(s, 4);
  assert.deepEqual([...s.runs], [1, 4, 7, 7]);
  s = toggleMark(s, 2);
  assert.deepEqual([...s.runs], [1, 1, 3, 4, 7, 7]);
  assert.equal(s.count, 4);
  assert.deepEqual([...markedNumbers(s)], [1, 3, 4, 7]);
  assert.equal(toggleMark(toggleMark(EMPTY_MARKS, 5), 5), EMPTY_MARKS, 'unmarking the last mark leaves the empty set');
});

test('a million marked packets are one run', () => {
  const s = addRuns(EMPTY_MARKS, Uint32Array.of(1, 1_000_000));
  assert.equal(s.runs.length, 2);
  assert.equal(s.count, 1_000_000);
  const holes = removeRuns(s, runsOf([2, 4, 999_999]));
  assert.deepEqual([...holes.runs], [1, 1, 3, 3, 5, 999_998, 1_000_000, 1_000_000]);
  assert.equal(holes.count, 999_997);
});

test('next and previous marks around a number', () => {
  const s = setOf(3, 4, 10);
  assert.equal(markAtOrAfter(s, 1), 3);
  assert.equal(markAtOrAfter(s, 4), 4);
  assert.equal(markAtOrAfter(s, 5), 10);
  assert.equal(markAtOrAfter(s, 11), null);
  assert.equal(markAtOrBefore(s, 9), 4);
  assert.equal(markAtOrBefore(s, 3), 3);
  assert.equal(markAtOrBefore(s, 2), null);
  assert.equal(markAtOrAfter(EMPTY_MARKS, 1), null);
});

test('runsOf refuses numbers that go backwards', () => {
  assert.deepEqual([...runsOf([1, 2, 2, 3, 5])], [1, 3, 5, 5]);
  assert.throws(() => runsOf([5, 6, 2]), /ascending/);
});

test('add, remove, toggle and the lookups agree with a plain Set (random operations)', () => {
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  let s = EMPTY_MARKS;
  const model = new Set<number>();
  for (let step = 0; step < 2000; step++) {
    const op = rand(3);
    if (op === 0) {
      const n = 1 + rand(200);
      s = toggleMark(s, n);
      if (model.has(n)) model.delete(n);
      else model.add(n);
    } else {
      const page = Array.from({ length: rand(30) }, () => 1 + rand(200)).sort((a, b) => a - b);
      s = op === 1 ? addRuns(s, runsOf(page)) : removeRuns(s, runsOf(page));
      for (const n of page) {
        if (op === 1) model.add(n);
        else model.delete(n);
      }
    }
    assert.equal(s.count, model.size, `count after step ${step}`);
    for (let i = 2; i < s.runs.length; i += 2) assert.ok(s.runs[i] > s.runs[i - 1] + 1, `runs stay disjoint and apart (step ${step})`);
  }
  const sorted = [...model].sort((a, b) => a - b);
  assert.deepEqual([...markedNumbers(s)], sorted);
  for (let n = 0; n <= 201; n++) {
    assert.equal(hasMark(s, n), model.has(n));
    assert.equal(markAtOrAfter(s, n), sorted.find((m) => m >= n) ?? null);
    assert.equal(markAtOrBefore(s, n), [...sorted].reverse().find((m) => m <= n) ?? null);
  }
});

test('pages added in order are appended, joined where they touch', () => {
  let s = addRuns(EMPTY_MARKS, runsOf([1, 2, 5]));
  s = addRuns(s, runsOf([6, 7, 9]));
  assert.deepEqual([...s.runs], [1, 2, 5, 7, 9, 9]);
  assert.equal(s.count, 6);
  s = addRuns(s, runsOf([20]));
  assert.deepEqual([...s.runs], [1, 2, 5, 7, 9, 9, 20, 20]);
  assert.equal(s.count, 7);
});

test('a page in the middle of a million runs changes only the runs it touches', () => {
  const odd = addRuns(EMPTY_MARKS, runsOf(Array.from({ length: 1_000_000 }, (_, i) => 2 * i + 1)));
  assert.equal(odd.runs.length, 2_000_000);
  const page = runsOf(Array.from({ length: 5000 }, (_, i) => 1_000_000 + i)); // 1,000,000 … 1,004,999
  const added = addRuns(odd, page);
  assert.equal(added.count, 1_000_000 + 2500);
  assert.deepEqual([...added.runs.subarray(499_998 * 2, 499_998 * 2 + 6)], [999_997, 999_997, 999_999, 1_004_999, 1_005_001, 1_005_001]);
  const removed = removeRuns(added, page);
  assert.equal(removed.count, 1_000_000 - 2500);
  assert.equal(hasMark(removed, 999_999), true);
  assert.equal(hasMark(removed, 1_000_001), false);
  assert.equal(hasMark(removed, 1_005_001), true);
  assert.equal(markAtOrAfter(removed, 1_000_000), 1_005_001);
});

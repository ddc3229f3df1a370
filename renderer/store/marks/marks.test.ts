import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jobEnded, jobProgressed, jobStarted, noticeCleared, noticeShown, packetToggled, runsMarked, runsUnmarked, sessionForgotten } from './actions';
import { hasMark, markedNumbers, runsOf } from './mark-set';
import { isMarkJobRunning, markedCount, marksOf } from './selectors';
import { initialMarksState } from './state';

test('Ctrl+M toggles one packet of one session; other sessions keep theirs', () => {
  let s = packetToggled(initialMarksState, 's1', 5);
  s = packetToggled(s, 's1', 9);
  s = packetToggled(s, 's2', 5);
  assert.equal(markedCount(s, 's1'), 2);
  assert.equal(markedCount(s, 's2'), 1);
  s = packetToggled(s, 's1', 5);
  assert.deepEqual([...markedNumbers(marksOf(s, 's1'))], [9]);
  assert.equal(hasMark(marksOf(s, 's2'), 5), true);
  assert.equal(packetToggled(s, 's1', 0), s, 'packet numbers start at 1');
  assert.equal(packetToggled(s, 's1', 2.5), s);
  assert.equal(markedCount(s, null), 0, 'no session, no marks');
  s = packetToggled(s, 's1', 9);
  assert.equal('s1' in s.bySession, false, 'a session without marks holds nothing');
});

test('mark all displayed adds the view’s pages; unmark all displayed takes only them away', () => {
  let s = packetToggled(initialMarksState, 's1', 2);
  s = runsMarked(s, 's1', runsOf([10, 11, 12, 20]));
  s = runsMarked(s, 's1', runsOf([21, 30]));
  assert.deepEqual([...markedNumbers(marksOf(s, 's1'))], [2, 10, 11, 12, 20, 21, 30]);
  s = runsUnmarked(s, 's1', runsOf([11, 20, 21, 22]));
  assert.deepEqual([...markedNumbers(marksOf(s, 's1'))], [2, 10, 12, 30]);
  const same = marksOf(s, 's1');
  assert.equal(marksOf(runsMarked(s, 's1', new Uint32Array(0)), 's1'), same, 'an empty page changes nothing');
  assert.equal(runsUnmarked(s, 's9', runsOf([1])), s);
  // Every packet of a million-packet capture in the `all` view: one run.
  s = runsMarked(s, 's1', Uint32Array.of(1, 1_000_000));
  assert.equal(markedCount(s, 's1'), 1_000_000);
  assert.equal(marksOf(s, 's1').runs.length, 2);
  s = runsUnmarked(s, 's1', Uint32Array.of(1, 1_000_000));
  assert.equal(markedCount(s, 's1'), 0);
});

test('closing a session forgets its marks and ends its job', () => {
  let s = packetToggled(initialMarksState, 's1', 1);
  s = packetToggled(s, 's2', 1);
  s = jobStarted(s, { id: 1, sessionId: 's1', kind: 'mark', total: 100 });
  assert.equal(isMarkJobRunning(s, 's1'), true);
  s = sessionForgotten(s, 's1');
  assert.equal(markedCount(s, 's1'), 0);
  assert.equal(markedCount(s, 's2'), 1);
  assert.equal(s.job, null);
  assert.equal(sessionForgotten(s, 's1'), s, 'twice changes nothing');
});

test('jobs: only the current one moves or ends; notices time out unless a newer one came', () => {
  let s = jobStarted(initialMarksState, { id: 3, sessionId: 's1', kind: 'unmark', total: 50 });
  assert.equal(jobProgressed(s, 2, 10, 50), s, 'an older job');
  s = jobProgressed(s, 3, 10, 60);
  assert.deepEqual(s.job, { id: 3, sessionId: 's1', kind: 'unmark', done: 10, total: 60 });
  assert.equal(jobEnded(s, 2), s);
  assert.equal(jobEnded(s, 3).job, null);
  s = noticeShown(s, 'one');
  const first = s.notice!.seq;
  s = noticeShown(s, 'two');
  assert.equal(noticeCleared(s, first), s);
  assert.equal(noticeCleared(s, s.notice!.seq).notice, null);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IndexProgress, SessionInfo } from '../../../core/api';
import { problemDismissed, progressReceived, sessionActivated, sessionClosed, sessionOpened } from './actions';
import { activeSession, indexFraction, indexState, isIndexing, loadTimeMs, packetCount, visibleProblem } from './selectors';
import { initialSessionState } from './state';

const info = (id: string): SessionInfo => ({
  sessionId: id,
  name: `${id}.pcap`,
  sizeBytes: 1000,
  format: 'pcap',
  compressed: false,
  byteOrder: 'little',
});
const prog = (id: string, packets: number, extra: Partial<IndexProgress> = {}): IndexProgress => ({
  sessionId: id,
  packets,
  bytesRead: packets * 10,
  totalBytes: 1000,
  elapsedMs: 5,
  done: false,
  cancelled: false,
  interfaces: [],
  ...extra,
});

test('the newest session is shown; closing it shows the previous one', () => {
  let s = sessionOpened(initialSessionState, info('a'));
  s = sessionOpened(s, info('b'));
  assert.equal(activeSession(s)?.sessionId, 'b');
  s = sessionOpened(s, info('a'));
  assert.deepEqual(s.sessions.map((x) => x.sessionId), ['b', 'a']);
  s = sessionClosed(s, 'a');
  assert.equal(s.activeId, 'b');
  s = sessionClosed(s, 'b');
  assert.equal(s.activeId, null);
  assert.equal(activeSession(s), null);
  assert.equal(indexState(s), 'none');
});

test('progress drives the count, the state and the load time, and never runs backwards', () => {
  let s = sessionOpened(initialSessionState, info('a'));
  assert.equal(isIndexing(s), true);
  assert.equal(packetCount(s), 0);
  s = progressReceived(s, prog('a', 50));
  assert.equal(packetCount(s), 50);
  assert.equal(indexFraction(s), 0.5);
  assert.equal(loadTimeMs(s), null);
  s = progressReceived(s, prog('a', 40));
  assert.equal(packetCount(s), 50);
  s = progressReceived(s, prog('a', 100, { done: true, elapsedMs: 1234 }));
  assert.equal(indexState(s), 'done');
  assert.equal(isIndexing(s), false);
  assert.equal(loadTimeMs(s), 1234);
  s = progressReceived(s, prog('a', 60));
  assert.equal(packetCount(s), 100, 'a late event does not reopen a finished session');
});

test('a problem shows until dismissed; cancel is its own state', () => {
  let s = sessionOpened(initialSessionState, info('a'));
  const problem = { code: 'truncated', record: 7, offset: 4242, reason: 'the file ends inside a record' };
  s = progressReceived(s, prog('a', 6, { done: true, problem }));
  assert.equal(indexState(s), 'stopped');
  assert.deepEqual(visibleProblem(s), problem);
  s = problemDismissed(s, 'a');
  assert.equal(visibleProblem(s), null);
  s = sessionOpened(s, info('b'));
  s = progressReceived(s, prog('b', 3, { cancelled: true }));
  assert.equal(indexState(s), 'cancelled');
});

test('a known session can be shown again; an unknown id changes nothing', () => {
  let s = sessionOpened(sessionOpened(initialSessionState, info('a')), info('b'));
  s = sessionActivated(s, 'a');
  assert.equal(s.activeId, 'a');
  assert.equal(sessionActivated(s, 'a'), s);
  assert.equal(sessionActivated(s, 'zz'), s, 'not open (yet): its onSessionOpened will show it');
  s = sessionOpened(s, info('c'), false);
  assert.equal(s.activeId, 'a', 'opened without being shown');
  assert.equal(sessionActivated(s, 'c').activeId, 'c');
});

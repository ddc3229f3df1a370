import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FilterCheck, FilterProgress } from '../../../core/api';
import {
  addToHistory,
  appliedDropped,
  applyRejected,
  checkAnswered,
  checkFailed,
  filterApplied,
  filterCleared,
  filterProgressed,
  historyLoaded,
  programToggled,
  textChanged,
} from './actions';
import { HISTORY_KEY, loadHistory, saveHistory } from './history-storage';
import {
  activeView,
  canApply,
  displayedCount,
  displayedText,
  filterPlan,
  filterPrograms,
  filterProblem,
  planBadge,
  filterTone,
  isScanning,
  knownPackets,
  scanFraction,
} from './selectors';
import { HISTORY_CAP, initialFilterState } from './state';

const program = { linkType: 1, linkTypeName: 'EN10MB', instructions: 4, listing: '(000) ldh [12]\n' };
const ok = (expression: string): FilterCheck => ({ ok: true, expression, programs: [program] });
const bad = (expression: string, span: [number, number]): FilterCheck => ({
  ok: false,
  expression,
  error: { code: 'syntax', message: 'syntax error', span },
});
const progress = (view: string, extra: Partial<FilterProgress> = {}): FilterProgress => ({
  sessionId: 's1',
  view,
  expression: 'tcp',
  language: 'pcap',
  runsAs: 'bpf',
  scanned: 0,
  matched: 0,
  total: 200,
  elapsedMs: 1,
  done: false,
  cancelled: false,
  ...extra,
});

test('typing checks the text: neutral when empty, checking, then green or red', () => {
  let s = textChanged(initialFilterState, '   ', 's1');
  assert.equal(filterTone(s, 's1'), 'empty');
  assert.equal(canApply(s, 's1'), true, 'an empty filter applies as "all packets"');
  s = textChanged(s, 'tcp port', 's1');
  assert.equal(filterTone(s, 's1'), 'checking');
  assert.equal(canApply(s, 's1'), false);
  s = checkAnswered(s, bad('tcp port', [8, 8]), 's1');
  assert.equal(filterTone(s, 's1'), 'invalid');
  assert.deepEqual(filterProblem(s, 's1')?.span, [8, 8]);
  s = textChanged(s, 'tcp port 80', 's1');
  assert.equal(filterProblem(s, 's1'), null, 'an error of an older text is not shown');
  s = checkAnswered(s, ok('tcp port 80'), 's1');
  assert.equal(filterTone(s, 's1'), 'valid');
  assert.equal(canApply(s, 's1'), true);
  assert.equal(canApply(s, null), false, 'nothing to apply to without a capture');
  assert.deepEqual(filterPrograms(s, 's1'), [program]);
});

test('stale answers are dropped: an older text, another session', () => {
  let s = textChanged(initialFilterState, 'tcp', 's1');
  s = textChanged(s, 'tcp or', 's1');
  assert.equal(checkAnswered(s, ok('tcp'), 's1'), s, 'the answer for "tcp" arrives after "tcp or" was typed');
  assert.equal(checkAnswered(s, ok('tcp or'), 's2'), s, 'asked for another session');
  s = checkAnswered(s, bad('tcp or', [6, 6]), 's1');
  assert.equal(filterTone(s, 's1'), 'invalid');
  assert.equal(filterTone(s, 's2'), 'checking', 'the same text for another session is not known yet');
  assert.equal(checkFailed(s, 'udp', 's1', 'lost'), s);
  s = textChanged(s, 'udp', 's1');
  s = checkFailed(s, 'udp', 's1', 'The connection to the engine was lost.');
  assert.equal(filterTone(s, 's1'), 'failed');
  assert.equal(canApply(s, 's1'), false);
});

test('applying makes the view shown, counts matches, and records the history', () => {
  let s = checkAnswered(textChanged(initialFilterState, 'tcp', 's1'), ok('tcp'), 's1');
  assert.equal(activeView(s, 's1'), 'all');
  assert.equal(displayedCount(s, 's1', 200), 200);
  s = filterApplied(s, progress('v1'));
  assert.equal(activeView(s, 's1'), 'v1');
  assert.equal(activeView(s, 's2'), 'all', 'another capture is not filtered');
  assert.equal(isScanning(s, 's1'), true);
  assert.deepEqual(s.history, ['tcp']);
  s = filterProgressed(s, progress('v1', { scanned: 100, matched: 40 }));
  assert.equal(displayedCount(s, 's1', 200), 40);
  assert.equal(scanFraction(s), 0.5);
  assert.equal(filterProgressed(s, progress('v0', { scanned: 150, matched: 1 })), s, 'an older view');
  assert.equal(filterProgressed(s, progress('v1', { scanned: 50, matched: 10 })), s, 'out of order');
  s = filterProgressed(s, progress('v1', { scanned: 200, matched: 77, done: true }));
  assert.equal(isScanning(s, 's1'), false);
  assert.equal(filterProgressed(s, progress('v1', { scanned: 190, matched: 70 })), s, 'a late event after the end');
  assert.equal(displayedCount(s, 's1', 200), 77);
  assert.equal(knownPackets(s, 's1', 150), 200, 'the scan got further than the index progress shown');
  assert.equal(knownPackets(s, 's1', 250), 250);
  assert.equal(knownPackets(s, 's2', 10), 10, 'another session');
});

test('a rejected apply turns the text red; clearing returns to all packets', () => {
  let s = filterApplied(textChanged(initialFilterState, 'tcp', 's1'), progress('v1', { done: true, matched: 5 }));
  s = textChanged(s, 'host', 's1');
  s = applyRejected(s, 'host', 's1', { code: 'syntax', message: 'host needs an address', span: [4, 4] });
  assert.equal(filterTone(s, 's1'), 'invalid');
  assert.equal(activeView(s, 's1'), 'v1', 'the filter in force stays until another one is applied');
  assert.equal(applyRejected(s, 'tcp', 's1', { code: 'x', message: 'x', span: [0, 0] }), s, 'about a text no longer shown');
  s = programToggled(s, true);
  const cleared = filterCleared(s);
  assert.equal(cleared.text, '');
  assert.equal(activeView(cleared, 's1'), 'all');
  assert.equal(filterTone(cleared, 's1'), 'empty');
  assert.equal(cleared.programOpen, false);
  assert.deepEqual(cleared.history, ['tcp'], 'clearing keeps the history');
  const dropped = appliedDropped(s);
  assert.equal(dropped.text, 'host', 'a dropped view keeps the text');
  assert.equal(activeView(dropped, 's1'), 'all');
  assert.equal(appliedDropped(dropped), dropped);
});

test('history: most recent first, deduplicated, capped, stored as JSON', () => {
  let h: string[] = [];
  for (const e of ['tcp', 'udp', ' tcp ', 'arp', '']) h = addToHistory(h, e);
  assert.deepEqual(h, ['arp', 'tcp', 'udp']);
  for (let i = 0; i < HISTORY_CAP + 5; i++) h = addToHistory(h, `port ${i}`);
  assert.equal(h.length, HISTORY_CAP);
  assert.equal(h[0], `port ${HISTORY_CAP + 4}`);
  const s = historyLoaded(initialFilterState, ['a', 'b', 'a', ' ', 'c']);
  assert.deepEqual(s.history, ['a', 'b', 'c']);

  const mem = new Map<string, string>();
  const storage = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v) };
  assert.deepEqual(loadHistory(storage), []);
  saveHistory(storage, ['tcp', 'udp']);
  assert.deepEqual(loadHistory(storage), ['tcp', 'udp']);
  mem.set(HISTORY_KEY, '{not json');
  assert.deepEqual(loadHistory(storage), []);
  mem.set(HISTORY_KEY, '["ok", 3, null]');
  assert.deepEqual(loadHistory(storage), ['ok']);
});

test('the status bar reads like Wireshark', () => {
  assert.equal(displayedText(54, 136), 'Displayed: 54 (39.7%)');
  assert.equal(displayedText(136, 136), 'Displayed: 136 (100.0%)');
  assert.equal(displayedText(1_999_999, 2_000_000), 'Displayed: 1,999,999 (99.9%)');
  assert.equal(displayedText(1, 2_000_000), 'Displayed: 1 (0.1%)');
  assert.equal(displayedText(0, 0), 'Displayed: 0 (0.0%)');
});

test('the bar knows how the text runs: from its check, else from the filter in force with that text', () => {
  let s = textChanged(initialFilterState, 'dns.qry.name contains "a"', 's1');
  assert.equal(filterPlan(s, 's1'), null, 'not known while checking');
  s = checkAnswered(s, { ok: true, expression: 'dns.qry.name contains "a"', programs: [], language: 'display', runsAs: 'fields' }, 's1');
  assert.deepEqual(filterPlan(s, 's1'), { language: 'display', runsAs: 'fields' });
  assert.equal(planBadge({ language: 'display', runsAs: 'fields' }).label, 'fields');
  s = textChanged(s, 'frame.len > 100', 's1');
  s = checkAnswered(s, { ok: true, expression: 'frame.len > 100', programs: [program], language: 'display', runsAs: 'bpf', bpfExpression: 'len > 100' }, 's1');
  const plan = filterPlan(s, 's1');
  assert.deepEqual(plan, { language: 'display', runsAs: 'bpf', bpfExpression: 'len > 100' });
  assert.ok(plan);
  assert.deepEqual(planBadge(plan), { label: 'BPF', title: 'Display filter: runs as BPF, as len > 100' });
  assert.equal(planBadge({ language: 'pcap', runsAs: 'bpf' }).label, 'BPF');
  assert.equal(filterPlan(checkAnswered(textChanged(s, 'udp', 's1'), ok('udp'), 's1'), 's1'), null, 'an answer without a plan says nothing');
  // The applied filter's progress answers while the same text is re-checked (e.g. after switching captures).
  s = filterApplied(s, progress('v1', { expression: 'frame.len > 100', language: 'display', runsAs: 'bpf', bpfExpression: 'len > 100' }));
  s = textChanged(s, 'frame.len > 100', 's1');
  assert.equal(filterPlan(s, 's1')?.runsAs, 'bpf');
  s = checkAnswered(textChanged(s, 'frame.len >', 's1'), bad('frame.len >', [11, 11]), 's1');
  assert.equal(filterPlan(s, 's1'), null, 'an invalid text has no plan');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_VIEW } from '../../../core/api';
import { clickRow } from '../../flows/flow-selection';
import { endpointsToggled, exportClosed, exportOpened, flowProgressed, flowsToggled, followClosed, followOpened, kindChosen, limitToggled, selectionChanged, sessionForgotten, sortedBy } from './actions';
import { flowFraction, flowProgressOf, flowsView, isFlowPassRunning, selectedStreams } from './selectors';
import { initialFlowsState } from './state';

const keyAt = (r: number) => r * 2;

test('the Flows view follows the display filter unless told not to', () => {
  assert.equal(initialFlowsState.limitToFilter, true);
  assert.equal(flowsView(initialFlowsState, 'filter-3'), 'filter-3');
  assert.equal(flowsView(limitToggled(initialFlowsState), 'filter-3'), ALL_VIEW);
  assert.equal(flowsToggled(initialFlowsState).open, true);
  assert.equal(flowsToggled(initialFlowsState, false), initialFlowsState);
});

test('selected TCP/UDP conversations are streams; another table or endpoints drop the selection', () => {
  let s = selectionChanged(initialFlowsState, clickRow(clickRow(initialFlowsState.selection, 1, keyAt), 3, keyAt, { toggle: true }));
  assert.deepEqual(selectedStreams(s), { protocol: 'tcp', streams: [2, 6] });
  assert.deepEqual(selectedStreams(sortedBy(s, 'bytes', true)), { protocol: 'tcp', streams: [2, 6] }, 'a new sort keeps conversation ids');
  assert.equal(selectedStreams(kindChosen(s, 'ipv4')), null);
  assert.equal(kindChosen(s, 'udp').selection.keys.length, 0);
  s = endpointsToggled(s);
  assert.equal(selectedStreams(s), null);
  assert.equal(s.sort.column, 'address');
});

test('sorting: a new column sorts numbers largest first, the same column reverses', () => {
  let s = sortedBy(initialFlowsState, 'bytes', true);
  assert.deepEqual(s.sort, { column: 'bytes', descending: true });
  s = sortedBy(s, 'bytes', true);
  assert.deepEqual(s.sort, { column: 'bytes', descending: false });
  assert.deepEqual(sortedBy(s, 'addressA', false).sort, { column: 'addressA', descending: false });
});

test('flow progress per session; closing a session forgets it and closes its follow view', () => {
  let s = flowProgressed(initialFlowsState, { sessionId: 's1', scanned: 50, total: 200, elapsedMs: 10, done: false, cancelled: false });
  assert.equal(isFlowPassRunning(s, 's1'), true);
  assert.equal(flowFraction(flowProgressOf(s, 's1')), 0.25);
  assert.equal(isFlowPassRunning(s, 's2'), false);
  s = followOpened(s, { sessionId: 's1', protocol: 'tcp', stream: 4 });
  s = sessionForgotten(s, 's1');
  assert.equal(s.follow, null);
  assert.equal(flowProgressOf(s, 's1'), null);
  assert.equal(followClosed(s), s);
  assert.deepEqual(exportOpened(s, 'flows').exportOpen, { choice: 'flows' });
  assert.equal(exportClosed(exportOpened(s)).exportOpen, null);
});

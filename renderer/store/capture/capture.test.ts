import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureStatus, NetworkInterface, SessionInfo } from '../../../core/api';
import {
  autoscrollSet,
  captureFilterAnswered,
  captureFilterFailed,
  captureFilterRejected,
  captureFilterTyped,
  captureSaved,
  captureStarted,
  captureStatusReceived,
  capturesLoaded,
  interfaceMoved,
  interfaceSelected,
  interfacesPolled,
  ringFilesDismissed,
  startEnded,
  startRequested,
} from './actions';
import {
  canStart,
  captureFilterLinkType,
  captureFilterProblem,
  captureFilterTone,
  captureStatusText,
  isBeingWritten,
  isRingSuccessor,
  linkState,
  ringFilesToShow,
  runningCapture,
  unsavedQuestion,
  unsavedSession,
  whyNotCapturable,
} from './selectors';
import { initialCaptureState } from './state';

const nic = (name: string, o: Partial<NetworkInterface> = {}): NetworkInterface => ({
  name,
  index: 1,
  description: 'Ethernet (virtio_net)',
  addresses: ['10.0.0.2/24'],
  up: true,
  running: true,
  loopback: false,
  linkType: 1,
  linkTypeName: 'EN10MB',
  packets: 100,
  sampledAt: 1000,
  ...o,
});
const LIST = [
  nic('lo', { loopback: true, linkType: 1, description: 'Loopback' }),
  nic('can0', { linkType: undefined, linkTypeName: undefined, description: 'CAN bus' }),
  nic('eth0'),
  nic('tun0', { linkType: 12, linkTypeName: 'RAW', up: false, running: false }),
];
const status = (id: string, o: Partial<CaptureStatus> = {}): CaptureStatus => ({
  captureId: id,
  state: 'running',
  interface: 'eth0',
  filter: '',
  files: ['/tmp/a.pcapng'],
  received: 0,
  dropped: 0,
  written: 0,
  bytesWritten: 0,
  startedAt: 1,
  elapsedMs: 0,
  unsaved: true,
  sessionId: 's1',
  ...o,
});
const session = (id: string, captureId?: string): SessionInfo => ({
  sessionId: id,
  name: `${id}.pcapng`,
  sizeBytes: 0,
  format: 'pcapng',
  compressed: false,
  byteOrder: 'little',
  ...(captureId ? { captureId } : {}),
});

test('the first poll selects the first interface to capture from; the selection then stays', () => {
  let s = interfacesPolled(initialCaptureState, LIST);
  assert.equal(s.selected, 'eth0', 'up and not loopback first');
  s = interfaceSelected(s, 'lo');
  s = interfacesPolled(s, LIST.map((i) => ({ ...i, packets: i.packets + 50, sampledAt: 2000 })));
  assert.equal(s.selected, 'lo');
  assert.deepEqual(s.rates.eth0.pps, [50]);
  s = interfacesPolled(s, LIST.filter((i) => i.name !== 'lo'));
  assert.equal(s.selected, 'eth0', 'the selected interface went away');
  assert.equal(interfacesPolled(initialCaptureState, [LIST[1]]).selected, null, 'nothing to capture from');
});

test('arrows move over the interfaces Trawl can capture from; the others cannot be selected and say why', () => {
  let s = interfacesPolled(initialCaptureState, LIST);
  assert.equal(interfaceSelected(s, 'can0'), s);
  assert.match(whyNotCapturable(LIST[1]) ?? '', /cannot capture from can0.*CAN bus/);
  assert.equal(whyNotCapturable(LIST[2]), null);
  s = interfaceMoved(s, -1);
  assert.equal(s.selected, 'lo', 'can0 is skipped');
  assert.equal(interfaceMoved(s, -1), s, 'the top stops');
  s = interfaceMoved(s, 1);
  assert.equal(s.selected, 'eth0');
  s = interfaceMoved(s, Infinity);
  assert.equal(s.selected, 'tun0');
  assert.equal(interfaceMoved(s, -Infinity).selected, 'lo');
  assert.deepEqual(LIST.map(linkState), ['up', 'up', 'up', 'down']);
  assert.equal(linkState(nic('x', { running: false })), 'no carrier');
});

test('the capture filter is checked for the selected interface’s link type; stale answers are dropped', () => {
  let s = interfacesPolled(initialCaptureState, LIST);
  assert.equal(captureFilterTone(s), 'empty');
  s = captureFilterTyped(s, 'udp');
  assert.equal(captureFilterTone(s), 'checking');
  s = captureFilterAnswered(s, { ok: true, expression: 'udp', programs: [] }, 1);
  assert.equal(captureFilterTone(s), 'valid');
  assert.equal(canStart(s), true);
  // tun0 records raw IP: the same text is a new question.
  s = interfaceSelected(s, 'tun0');
  assert.equal(captureFilterLinkType(s), 12);
  assert.equal(captureFilterTone(s), 'checking');
  s = captureFilterAnswered(s, { ok: true, expression: 'udp', programs: [] }, 12);
  assert.equal(captureFilterTone(s), 'valid', 'the answer for the new link type counts without retyping');
  assert.equal(captureFilterTone(interfaceSelected(s, 'eth0')), 'checking', 'the answer for RAW says nothing about EN10MB');
  s = captureFilterTyped(s, 'ether host 1:2:3:4:5:6');
  assert.equal(captureFilterAnswered(s, { ok: true, expression: 'udp', programs: [] }, 12), s, 'an older text');
  const bad = { ok: false as const, expression: 'ether host 1:2:3:4:5:6', error: { code: 'link', message: 'no ether on RAW', span: [0, 5] as [number, number] } };
  assert.equal(captureFilterAnswered(s, bad, 1), s, 'another link type');
  s = captureFilterAnswered(s, bad, 12);
  assert.equal(captureFilterTone(s), 'invalid');
  assert.deepEqual(captureFilterProblem(s)?.span, [0, 5]);
  assert.equal(canStart(s), false, 'a red filter cannot start');
  s = captureFilterTyped(s, 'ip');
  s = captureFilterFailed(s, 'ip', 12, 'The connection to the engine was lost.');
  assert.equal(captureFilterTone(s), 'failed');
  assert.equal(canStart(s), true, 'an unchecked filter is for the engine to judge');
  s = captureFilterRejected(s, 'ip', 12, { code: 'x', message: 'bad', span: [0, 2] });
  assert.equal(captureFilterTone(s), 'invalid');
  assert.equal(captureFilterRejected(s, 'tcp', 12, { code: 'x', message: 'bad', span: [0, 2] }), s, 'about a text no longer shown');
  assert.equal(canStart(s, 'can0'), false);
});

test('starting remembers the request, makes the capture current and turns autoscroll on', () => {
  let s = interfacesPolled(initialCaptureState, LIST);
  s = autoscrollSet(s, false);
  const req = { interface: 'eth0', filter: 'udp' };
  s = startRequested(s, req);
  assert.equal(s.starting, 'eth0');
  assert.equal(canStart(s), false, 'not twice at once');
  s = captureStarted(s, status('c1', { state: 'running' }), req);
  assert.equal(s.starting, null);
  assert.equal(s.currentId, 'c1');
  assert.equal(s.autoscroll, true);
  assert.deepEqual(s.lastRequest, req);
  assert.equal(runningCapture(s)?.captureId, 'c1');
  assert.equal(startEnded(s), s);
});

test('statuses never wind a capture back; a stopped capture can still become saved', () => {
  let s = captureStatusReceived(initialCaptureState, status('c1', { written: 10 }));
  assert.equal(captureStatusReceived(s, status('c1', { written: 5 })), s, 'counters out of order');
  s = captureStatusReceived(s, status('c1', { state: 'stopped', written: 20 }));
  assert.equal(captureStatusReceived(s, status('c1', { state: 'running', written: 30 })), s, 'a late running after the stop');
  s = captureStatusReceived(s, status('c1', { state: 'stopped', written: 20, unsaved: false }));
  assert.equal(s.captures.c1.unsaved, false);
  assert.equal(runningCapture(s), null);
  s = capturesLoaded(s, [status('c2', { startedAt: 5 }), status('c3', { startedAt: 9, state: 'stopped' })]);
  assert.equal(s.currentId, 'c3', 'the newest becomes current when none was');
  assert.equal(runningCapture(s)?.captureId, 'c2', 'the running one is found even when not current');
});

test('a temporary capture’s open session is unsaved until Save As; the shown one is asked about first', () => {
  let s = captureStatusReceived(initialCaptureState, status('c1', { sessionId: 's1' }));
  s = captureStatusReceived(s, status('c2', { sessionId: 's2', unsaved: false }));
  const sessions = [session('s1', 'c1'), session('s2', 'c2'), session('f')];
  assert.deepEqual(unsavedSession(s, sessions, 's2'), { sessionId: 's1', captureId: 'c1' });
  assert.equal(unsavedSession(s, sessions.slice(1), 's2'), null, 'its session is closed: nothing to lose');
  assert.equal(isBeingWritten(s, sessions[0]), true);
  assert.equal(isBeingWritten(s, sessions[2]), false);
  s = captureStatusReceived(s, status('c1', { state: 'stopped', sessionId: 's1' }));
  assert.deepEqual(unsavedSession(s, sessions, 's1'), { sessionId: 's1', captureId: 'c1' });
  s = captureSaved(s, 'c1');
  assert.equal(unsavedSession(s, sessions, 's1'), null);
  assert.equal(captureSaved(s, 'c1'), s);
  assert.equal(isBeingWritten(s, sessions[0]), false);
  assert.equal(unsavedQuestion('open'), 'Save the captured packets before opening another file?');
});

test('a ring buffer’s next session is told apart from a capture’s first', () => {
  let s = captureStatusReceived(initialCaptureState, status('c1', { sessionId: 's1' }));
  assert.equal(isRingSuccessor(s, session('s1', 'c1')), false, 'the session the capture already shows');
  assert.equal(isRingSuccessor(s, session('s2', 'c1')), true);
  assert.equal(isRingSuccessor(s, session('s3', 'c9')), false, 'a capture not known yet: its first session');
  assert.equal(isRingSuccessor(s, session('f')), false, 'a file');
  s = captureStatusReceived(s, status('c2', { sessionId: undefined }));
  assert.equal(isRingSuccessor(s, session('s4', 'c2')), false, 'the capture had no session yet');
});

test('the status bar says what the capture is doing', () => {
  assert.equal(captureStatusText(status('c', { written: 1204, dropped: 3 }), 1100), 'Capturing on eth0 · Captured: 1,204 · Dropped: 3 · Displayed: 1,100');
  assert.equal(captureStatusText(status('c', { written: 30 }), 39, 39), 'Capturing on eth0 · Captured: 39 · Dropped: 0 · Displayed: 39', 'the rows overtook the counters');
  assert.equal(captureStatusText(status('c', { state: 'stopped', written: 7 }), 7), 'Stopped capturing on eth0 · Captured: 7 · Dropped: 0 · Displayed: 7');
});

test('a ring buffer’s files are offered once it stopped, until dismissed', () => {
  const req = { interface: 'eth0', outputPath: '/d/r.pcapng', ring: { files: 3, fileSeconds: 1 } };
  let s = captureStarted(initialCaptureState, status('c1', { files: ['/d/r_00001.pcapng'] }), req);
  assert.equal(ringFilesToShow(s), null, 'still running');
  s = captureStatusReceived(s, status('c1', { state: 'stopped', files: ['/d/r_00002.pcapng', '/d/r_00003.pcapng'] }));
  assert.deepEqual(ringFilesToShow(s)?.files, ['/d/r_00002.pcapng', '/d/r_00003.pcapng']);
  assert.equal(ringFilesToShow(s), ringFilesToShow(s), 'the same object each time (a store selector must be stable)');
  assert.equal(ringFilesToShow(ringFilesDismissed(s, 'c1')), null);
  const plain = captureStarted(initialCaptureState, status('c2', { state: 'stopped' }), { interface: 'eth0' });
  assert.equal(ringFilesToShow(plain), null, 'one file without a ring: nothing to list');
});

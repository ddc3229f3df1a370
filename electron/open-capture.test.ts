import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureFormatError, FileAccessError, TrawlError } from '../core/errors';
import { describeOpenError, OPEN_DIALOG_OPTIONS, openCapture, openFromDialog } from './open-capture';
import { fakeElectron, type FakeWindow } from './test/fake-electron';
import { TestEngine } from './test/test-engine';
import { windowOptions } from './window-security';

test('the open dialog offers capture files, then all files', () => {
  assert.deepEqual(OPEN_DIALOG_OPTIONS.filters, [
    { name: 'Capture files', extensions: ['pcap', 'pcapng', 'cap', 'gz'] },
    { name: 'All Files', extensions: ['*'] },
  ]);
});

test('File → Open… asks the dialog, then opens the chosen file in the engine', async () => {
  const e = fakeElectron();
  const engine = new TestEngine();
  const win = new e.BrowserWindow(windowOptions('/p')) as FakeWindow;
  e.openAnswers.push(['/c/http.pcapng']);
  const info = await openFromDialog(engine, e.dialog, win);
  assert.equal(e.record.openDialogs.length, 1);
  assert.equal(info?.path, '/c/http.pcapng');
  assert.deepEqual(engine.opened, ['/c/http.pcapng']);
  assert.equal(await openFromDialog(engine, e.dialog, win), null, 'cancelled');
  assert.deepEqual(engine.opened, ['/c/http.pcapng']);
});

test('an open that fails shows why in an error box', async () => {
  const e = fakeElectron();
  const engine = new TestEngine();
  assert.equal(await openCapture(engine, e.dialog, '/c/x.bad'), null);
  assert.equal(await openCapture(engine, e.dialog, '/missing/y.pcap'), null);
  assert.deepEqual(e.record.errorBoxes.map((b) => b.title), ['Not a capture Trawl can read', 'Could not read the file']);
  assert.match(e.record.errorBoxes[0].content, /\/c\/x\.bad[\s\S]*Not a pcap or pcapng file/);
  assert.match(e.record.errorBoxes[1].content, /\/missing\/y\.pcap[\s\S]*No such file/);
});

test('error texts name the place in the file and unknown failures keep their message', () => {
  const f = describeOpenError('/a.pcap', new CaptureFormatError('truncated', 'File ends inside a record', 4096, 17));
  assert.match(f.content, /record 17, byte 4096/);
  const a = describeOpenError('/a.pcap', new FileAccessError('denied', 'Permission denied', '/real/a.pcap'));
  assert.match(a.content, /^\/real\/a\.pcap/);
  const t = describeOpenError('/a.pcap', new TrawlError('weird', 'Something odd'));
  assert.equal(t.title, 'Could not open the capture');
  assert.match(t.content, /Something odd \[weird\]/);
  assert.match(describeOpenError('/a.pcap', 'a string').content, /a string/);
});

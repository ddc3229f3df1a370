import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connected, connectionLost, dismissError, recentFilesLoaded, showError, uploadEnded, uploadProgressed, uploadStarted } from './actions';
import { canOpen, isUploading, uploadFraction } from './selectors';
import { initialUiState } from './state';

test('connection state gates opening, and losing it ends an upload', () => {
  assert.equal(canOpen(initialUiState), false);
  let s = connected(initialUiState, 'web');
  assert.equal(canOpen(s), true);
  s = uploadStarted(s, 'a.pcap', 4096);
  assert.equal(canOpen(s), false);
  s = uploadProgressed(s, 1024);
  assert.equal(uploadFraction(s), 0.25);
  s = connectionLost(s, 'gone');
  assert.equal(isUploading(s), false);
  assert.equal(s.connectionMessage, 'gone');
  assert.equal(canOpen(s), false);
});

test('upload progress without an upload changes nothing', () => {
  assert.equal(uploadProgressed(initialUiState, 5), initialUiState);
  assert.equal(uploadFraction(uploadEnded(uploadStarted(initialUiState, 'x', 0))), 0);
});

test('errors show until dismissed', () => {
  const s = showError(initialUiState, { title: 'Could not open x', message: 'not a capture' });
  assert.equal(s.error?.title, 'Could not open x');
  assert.equal(dismissError(s).error, null);
});

test('recent files: newest first, one per path', () => {
  const s = recentFilesLoaded(initialUiState, [
    { path: '/a', name: 'a', openedAt: 1 },
    { path: '/b', name: 'b', openedAt: 3 },
    { path: '/a', name: 'a', openedAt: 2 },
  ]);
  assert.deepEqual(s.recentFiles.map((f) => `${f.path}@${f.openedAt}`), ['/b@3', '/a@2']);
});

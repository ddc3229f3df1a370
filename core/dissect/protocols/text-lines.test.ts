import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteView } from '../byte-view';
import { lineAt, textAt, utf8At } from './text-lines';

const viewOf = (bytes: Uint8Array) => new ByteView(bytes, 0, bytes.length, bytes.length);

/** The definition: one character per byte. */
const latin1 = (b: Uint8Array) => Array.from(b, (c) => String.fromCharCode(c)).join('');

test('textAt gives one character per byte, for every byte value and for bodies longer than one call', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.equal(textAt(viewOf(all), 0, 256), latin1(all));
  assert.equal(textAt(viewOf(all), 250, 6), latin1(all.subarray(250)));
  const long = Uint8Array.from({ length: 10_001 }, (_, i) => (i * 7) & 0xff);
  assert.equal(textAt(viewOf(long), 1, 10_000), latin1(long.subarray(1)));
  assert.equal(textAt(viewOf(long), 5, 0), '');
});

test('utf8At: ASCII as is, valid UTF-8 decoded, other bytes as U+FFFD', () => {
  const enc = new TextEncoder();
  const ascii = enc.encode('GET / HTTP/1.1\r\nHost: x\r\n');
  assert.equal(utf8At(viewOf(ascii), 0, ascii.length), 'GET / HTTP/1.1\r\nHost: x\r\n');
  const utf8 = enc.encode('café → ok');
  assert.equal(utf8At(viewOf(utf8), 0, utf8.length), 'café → ok');
  assert.equal(utf8At(viewOf(Uint8Array.of(0x41, 0xff, 0x42)), 0, 3), 'A\ufffdB');
  const longAscii = enc.encode('x'.repeat(9000));
  assert.equal(utf8At(viewOf(longAscii), 0, longAscii.length), 'x'.repeat(9000));
});

test('lineAt ends a line at LF, with an optional CR, or at the end of the data', () => {
  const v = viewOf(new TextEncoder().encode('ab\r\ncd\nef'));
  assert.deepEqual(lineAt(v, 0), { start: 0, length: 2, total: 4, terminated: true });
  assert.deepEqual(lineAt(v, 4), { start: 4, length: 2, total: 3, terminated: true });
  assert.deepEqual(lineAt(v, 7), { start: 7, length: 2, total: 2, terminated: false });
  assert.equal(lineAt(v, 9), undefined);
});

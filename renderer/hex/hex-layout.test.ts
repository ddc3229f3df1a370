import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asciiChar, formatLineOffset, hexByte, inRange, lineCount, lineOf } from './hex-layout';

test('lines of 16 bytes', () => {
  assert.equal(lineCount(0), 0);
  assert.equal(lineCount(1), 1);
  assert.equal(lineCount(16), 1);
  assert.equal(lineCount(17), 2);
  assert.equal(lineOf(15), 0);
  assert.equal(lineOf(16), 1);
});

test('offsets are 4 hex digits, wider beyond 64 KiB', () => {
  assert.equal(formatLineOffset(0x30, 60), '0030');
  assert.equal(formatLineOffset(0x10, 0x20000), '00010');
});

test('bytes print as two hex digits and printable ASCII or a dot', () => {
  assert.equal(hexByte(0), '00');
  assert.equal(hexByte(0xab), 'ab');
  assert.equal(asciiChar(0x41), 'A');
  assert.equal(asciiChar(0x20), ' ');
  assert.equal(asciiChar(0x7e), '~');
  assert.equal(asciiChar(0x7f), '.');
  assert.equal(asciiChar(0x1f), '.');
  assert.equal(asciiChar(0xe9), '.');
});

test('ranges are half-open', () => {
  const r = { start: 14, end: 34 };
  assert.equal(inRange(13, r), false);
  assert.equal(inRange(14, r), true);
  assert.equal(inRange(33, r), true);
  assert.equal(inRange(34, r), false);
  assert.equal(inRange(0, null), false);
});

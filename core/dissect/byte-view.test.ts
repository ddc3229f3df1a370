import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteView, DissectBoundsError } from './byte-view';

const bytes = new Uint8Array([0x01, 0x02, 0x03, 0x04, 0xff, 0xfe, 0xfd, 0xfc]);

test('reads are big-endian by default, little-endian on request, relative to the window', () => {
  const v = new ByteView(bytes, 2, 8, 8);
  assert.equal(v.u8(0), 0x03);
  assert.equal(v.u16(0), 0x0304);
  assert.equal(v.u16le(0), 0x0403);
  assert.equal(v.u32(2), 0xfffefdfc);
  assert.equal(v.u32le(2), 0xfcfdfeff);
  assert.equal(v.u24(0), 0x0304ff);
  assert.equal(v.abs(1), 3);
});

test('past the captured end but within the reported end is truncation; past both is malformed', () => {
  const v = new ByteView(bytes, 0, 8, 20);
  assert.throws(() => v.u32(6), (e: unknown) => e instanceof DissectBoundsError && e.truncated && e.offset === 8);
  const w = new ByteView(bytes, 0, 8, 8);
  assert.throws(() => w.u32(6), (e: unknown) => e instanceof DissectBoundsError && !e.truncated && e.code === 'malformed');
  assert.throws(() => w.u8(-1), DissectBoundsError);
});

test('sub() with a reported length bounds both ends', () => {
  const v = new ByteView(bytes, 0, 8, 8);
  const s = v.sub(2, 3);
  assert.equal(s.length, 3);
  assert.equal(s.reportedLength, 3);
  assert.equal(s.u8(2), 0xff);
  assert.throws(() => s.u8(3), (e: unknown) => e instanceof DissectBoundsError && !e.truncated);
  const big = v.sub(2, 100);
  assert.equal(big.length, 6);
  assert.throws(() => big.u8(6), (e: unknown) => e instanceof DissectBoundsError && e.truncated);
});

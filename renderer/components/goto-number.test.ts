import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePacketNumber } from './goto-number';

test('valid packet numbers parse, with thousands separators', () => {
  assert.equal(parsePacketNumber('1', 10), 1);
  assert.equal(parsePacketNumber(' 10 ', 10), 10);
  assert.equal(parsePacketNumber('1,000,000', 10_000_000), 1_000_000);
});

test('invalid input says why', () => {
  assert.match(String(parsePacketNumber('', 10)), /Enter a packet number/);
  assert.match(String(parsePacketNumber('abc', 10)), /not a packet number/);
  assert.match(String(parsePacketNumber('-3', 10)), /not a packet number/);
  assert.match(String(parsePacketNumber('1.5', 10)), /not a packet number/);
  assert.match(String(parsePacketNumber('0', 10)), /no packet 0: packets are numbered 1 to 10/);
  assert.match(String(parsePacketNumber('11', 10)), /no packet 11/);
  assert.equal(parsePacketNumber('20000000', 10_000_000), 'There is no packet 20,000,000: packets are numbered 1 to 10,000,000.');
  assert.match(String(parsePacketNumber('1', 0)), /no packets yet/);
});

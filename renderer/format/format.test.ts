import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatCount, formatDuration, formatPercent, formatRelTime, timeDigits } from './format';

test('relative time has 6 decimals, 9 for nanosecond captures', () => {
  assert.equal(formatRelTime(0, 6), '0.000000');
  assert.equal(formatRelTime(1.5, 6), '1.500000');
  assert.equal(formatRelTime(0.000000123, 9), '0.000000123');
  assert.equal(formatRelTime(Number.NaN, 6), '');
});

test('time digits follow the finest interface', () => {
  assert.equal(timeDigits([]), 6);
  assert.equal(timeDigits([{ tsDigits: 6 }]), 6);
  assert.equal(timeDigits([{ tsDigits: 6 }, { tsDigits: 9 }]), 9);
});

test('counts, sizes, durations and percentages', () => {
  assert.equal(formatCount(0), '0');
  assert.equal(formatCount(999), '999');
  assert.equal(formatCount(10_000_000), '10,000,000');
  assert.equal(formatBytes(1), '1 byte');
  assert.equal(formatBytes(1023), '1023 bytes');
  assert.equal(formatBytes(1536), '1.50 KiB');
  assert.equal(formatBytes(200 * 1024 * 1024), '200.0 MiB');
  assert.equal(formatDuration(850), '850 ms');
  assert.equal(formatDuration(1234), '1.23 s');
  assert.equal(formatDuration(125_000), '2 min 5 s');
  assert.equal(formatPercent(1, 3), '33%');
  assert.equal(formatPercent(5, 0), '0%');
  assert.equal(formatPercent(7, 5), '100%');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkInterface } from '../../core/api';
import { RATE_SAMPLES, currentRate, formatRate, ratesSampled, sparklinePoints, type RateTable } from './rates';

const iface = (name: string, packets: number, sampledAt: number): NetworkInterface => ({
  name,
  index: 1,
  description: 'veth pair',
  addresses: [],
  up: true,
  running: true,
  loopback: false,
  linkType: 1,
  linkTypeName: 'EN10MB',
  packets,
  sampledAt,
});

test('a rate is the counter difference over the time between two readings', () => {
  let t: RateTable = {};
  t = ratesSampled(t, [iface('eth0', 1000, 10_000)]);
  assert.equal(currentRate(t.eth0), null, 'one reading has no rate');
  t = ratesSampled(t, [iface('eth0', 1500, 11_000)]);
  assert.deepEqual(t.eth0.pps, [500]);
  t = ratesSampled(t, [iface('eth0', 1600, 11_500)]);
  assert.deepEqual(t.eth0.pps, [500, 200], 'half a second: 100 packets are 200 per second');
  assert.equal(currentRate(t.eth0), 200);
});

test('a repeated reading is ignored; a counter that runs backwards starts again; gone interfaces go', () => {
  let t: RateTable = ratesSampled({}, [iface('eth0', 10, 1000), iface('lo', 5, 1000)]);
  t = ratesSampled(t, [iface('eth0', 20, 2000), iface('lo', 5, 2000)]);
  const same = ratesSampled(t, [iface('eth0', 25, 2000), iface('lo', 5, 2000)]);
  assert.deepEqual(same.eth0, t.eth0, 'no time passed: no rate');
  t = ratesSampled(t, [iface('eth0', 3, 3000)]);
  assert.deepEqual(t.eth0, { packets: 3, sampledAt: 3000, pps: [] }, 're-created interface');
  assert.equal(t.lo, undefined);
  assert.deepEqual(t.lo === undefined && Object.keys(t), ['eth0']);
});

test('the history keeps the newest RATE_SAMPLES rates', () => {
  let t: RateTable = {};
  for (let i = 0; i <= RATE_SAMPLES + 10; i++) t = ratesSampled(t, [iface('eth0', i * i, i * 1000)]);
  assert.equal(t.eth0.pps.length, RATE_SAMPLES);
  assert.equal(t.eth0.pps.at(-1), (RATE_SAMPLES + 10) ** 2 - (RATE_SAMPLES + 9) ** 2);
  assert.equal(t.eth0.pps[0], 11 ** 2 - 10 ** 2, 'the oldest kept is the rate between readings 10 and 11');
});

test('sparkline: newest at the right edge, scaled to the largest sample, flat when idle', () => {
  assert.equal(sparklinePoints([], 60, 20), '');
  // Three samples in a box for 4: x = 20, 40, 60; the peak touches the top (pad 1), zero the bottom.
  assert.equal(sparklinePoints([0, 10, 5], 60, 20, 4), '20,19 40,1 60,10');
  assert.equal(sparklinePoints([0, 0], 30, 10, 4), '20,9 30,9');
  const full = sparklinePoints(Array.from({ length: 70 }, (_, i) => Math.max(0, i - 10)), 118, 20).split(' ');
  assert.equal(full.length, RATE_SAMPLES);
  assert.equal(full[0], '0,19', 'a full history starts at the left edge');
  assert.equal(full.at(-1), '118,1');
});

test('rates read short', () => {
  assert.deepEqual(
    [null, 0, 0.01, 0.5, 3, 12.4, 999, 1234, 56_789, 2_500_000].map(formatRate),
    ['–', '0', '0', '0.5', '3', '12', '999', '1.2k', '57k', '2.5M'],
  );
});

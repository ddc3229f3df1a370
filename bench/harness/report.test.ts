import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatMs, formatReport, table } from './report';
import { target, type BenchReport } from './types';

test('targets compare with their operator', () => {
  assert.equal(target('a', 300, '<', 300, 'ms').pass, false);
  assert.equal(target('a', 299.9, '<', 300, 'ms').pass, true);
  assert.equal(target('b', 64, '<=', 64, 'B').pass, true);
  assert.equal(target('b', 64.1, '<=', 64, 'B').pass, false);
});

test('units', () => {
  assert.equal(formatMs(4.25), '4.3 ms');
  assert.equal(formatMs(180.4), '180 ms');
  assert.equal(formatMs(2204), '2.20 s');
  assert.equal(formatBytes(null), '—');
  assert.equal(formatBytes(81.9 * 1024 * 1024), '81.9 MiB');
});

test('table pads columns to their widest cell', () => {
  assert.equal(table(['a', 'n'], [['long name', '1'], ['x', '100']], 'lr'), ['a            n', '---------  ---', 'long name    1', 'x          100'].join('\n'));
});

test('a report prints every measurement and PASS/MISS per target', () => {
  const r: BenchReport = {
    id: 'open',
    title: 'Open a capture',
    subject: '10 packets',
    measurements: [{ name: 'trawl', wallMs: 12, peakRssBytes: 2 * 1024 * 1024 }],
    facts: [{ name: 'ratio', value: 0.05, unit: '×' }],
    targets: [target('fast', 12, '<', 300, 'ms'), target('small', 80, '<=', 64, 'B/packet')],
    warnings: ['GNU time is missing'],
  };
  const text = formatReport(r);
  assert.match(text, /trawl\s+12 ms\s+2\.0 MiB/);
  assert.match(text, /fast\s+12 ms\s+< 300 ms\s+PASS/);
  assert.match(text, /small\s+80\.0 B\/packet\s+<= 64\.0 B\/packet\s+MISS/);
  assert.match(text, /warning: GNU time is missing/);
});

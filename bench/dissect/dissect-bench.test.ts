import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countLines, dissectReport, type CpuTimedRun, type TsharkTimes } from './dissect-bench';
import { statCpuMs } from './trawl-dissect';
import type { DissectRun, TrawlDissectResult } from './trawl-dissect';

const timed = (wallMs: number, stdout = ''): CpuTimedRun => ({ wallMs, peakRssBytes: 1 << 20, stdout, cpuMs: wallMs / 2 });
const run = (workers: number, ms: number, protocols = { TCP: 900, DNS: 100 }): DissectRun => ({ workers, ms, cpuMs: ms * workers, mainCpuMs: ms / 4, rows: 1000, malformed: 0, protocols });
const tshark: TsharkTimes = { summary: timed(10_000), filter: timed(12_000, '5\n9\n'), filterMatched: 2 };

function result(runs: DissectRun[], filter: TrawlDissectResult['filter']): TrawlDissectResult {
  return { packets: 1000, indexMs: 50, runs, filter };
}

test('countLines counts non-empty lines', () => {
  assert.equal(countLines(''), 0);
  assert.equal(countLines('1\n2\n3\n'), 3);
});

test('ratios, scaling and targets come from the measured times', () => {
  const r = dissectReport(1000, 1, result([run(1, 2000), run(2, 1000)], { expr: 'f', ok: true, ms: 600, cpuMs: 900, matched: 2, language: 'display', runsAs: 'fields' }), tshark);
  const fact = (prefix: string) => r.facts.find((f) => f.name.startsWith(prefix))?.value;
  assert.equal(fact('summary scaling: 2 workers'), 2);
  assert.equal(fact('tshark time / trawl time, summary'), 10);
  assert.equal(fact('tshark time / trawl time, display filter'), 20);
  assert.equal(fact('tshark CPU / trawl CPU'), 5000 / 2000, 'tshark 5 s of CPU, trawl 1 s × 2 workers');
  assert.equal(fact('tshark -r CPU per packet'), 5000);
  assert.equal(fact('trawl summary CPU per packet, engine main thread'), 250, '1000 ms / 4 over 1000 packets');
  assert.equal(fact('trawl display filter CPU per packet'), 900);
  assert.deepEqual(r.targets.map((t) => t.pass), [true, true]);
  assert.deepEqual(r.warnings, []);
});

test('a filter applyFilter refuses is a warning, not a number; differing counts and summaries are warned about', () => {
  const r = dissectReport(1000, 1, result([run(1, 2000), run(2, 1500, { TCP: 901, DNS: 99 })], { expr: 'f', ok: false, error: 'applyFilter rejects it' }), tshark);
  assert.equal(r.targets.length, 1);
  assert.equal(r.targets[0].pass, false, '10000/1500 < 10');
  assert.ok(r.warnings.some((w) => w.includes('not measurable yet') && w.includes('applyFilter rejects it')));
  assert.ok(r.warnings.some((w) => w.includes('2 worker(s) gave other summaries')));
  const counted = dissectReport(1000, 1, result([run(1, 500)], { expr: 'f', ok: true, ms: 600, cpuMs: 900, matched: 3, language: 'display', runsAs: 'fields' }), tshark);
  assert.ok(counted.warnings.some((w) => w.includes('Trawl kept 3 packets, tshark 2')));
});

test('a pass that summarised fewer rows than the capture holds fails the benchmark', () => {
  const short = { ...run(1, 100), rows: 999 };
  assert.throws(() => dissectReport(1000, 1, result([short], { expr: 'f', ok: false, error: 'x' }), tshark), /999 rows summarised, not 1000/);
});

test('statCpuMs reads user and system ticks after the command name, even one with spaces and parentheses', () => {
  const line = '4242 (node (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 37 0 0 20 0 11 0 123 456 789';
  assert.equal(statCpuMs(line), 2870);
  assert.equal(statCpuMs('garbage'), null);
});

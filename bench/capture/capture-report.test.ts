import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuMicrosPerPacket, lossless, maxLossless, rateTable, summaryText, verdicts, type CaptureRun, type CaptureTool, type RateStep } from './capture-report';

const STEPS: RateStep[] = [{ pps: 25000 }, { pps: 100000 }, { pps: 400000 }, { pps: 'top' }];

/** A run of `tool` at step `i` that lost `loss` packets of 1000 (the kernel's drops). */
function run(tool: CaptureTool, i: number, loss = 0, patch: Partial<CaptureRun> = {}): CaptureRun {
  const step = STEPS[i];
  return { tool, step, sent: 1000, achievedPps: step.pps === 'top' ? 612345 : step.pps, inFile: 1000 - loss, dropped: loss, cpuSeconds: 0.5, ...patch };
}

test('lossless means every packet sent is in the file, no drop reported, and no error', () => {
  assert.equal(lossless(run('trawl', 0)), true);
  assert.equal(lossless(run('trawl', 0, 1)), false);
  assert.equal(lossless(run('trawl', 0, 0, { dropped: 3 })), false, 'drops reported count even if the file looks whole');
  assert.equal(lossless(run('trawl', 0, 0, { error: 'exited 1' })), false);
  assert.equal(lossless(run('trawl', 0, 0, { sent: 0, inFile: 0 })), false, 'nothing sent proves nothing');
  assert.equal(lossless(run('trawl', 0, 0, { inFile: 1003 })), true, 'extra frames (the host answering) are not loss');
});

test('the maximum lossless rate is the highest rate with no loss', () => {
  const runs = [run('trawl', 0), run('trawl', 1), run('trawl', 2, 5), run('trawl', 3, 9), run('dumpcap', 0, 2)];
  assert.deepEqual(maxLossless('trawl', STEPS, runs), { index: 1, pps: 100000, all: false });
  // A loss at a slow rate (a stall elsewhere on the machine) does not hide a clean run at a faster one.
  assert.deepEqual(maxLossless('trawl', STEPS, [run('trawl', 0, 3), run('trawl', 1), run('trawl', 2), run('trawl', 3, 7)]), { index: 2, pps: 400000, all: false });
  assert.deepEqual(maxLossless('dumpcap', STEPS, runs), { index: -1, pps: 0, all: false });
  assert.deepEqual(maxLossless('tcpdump', STEPS, runs), { index: -1, pps: 0, all: false }, 'no runs');
  const clean = STEPS.map((_, i) => run('trawl', i));
  assert.deepEqual(maxLossless('trawl', STEPS, clean), { index: 3, pps: 612345, all: true });
});

test('verdicts: PASS, MISS and UNDECIDED', () => {
  // Trawl clean up to 400k, dumpcap up to 100k.
  let runs = [0, 1, 2].map((i) => run('trawl', i)).concat(run('trawl', 3, 10), run('dumpcap', 0), run('dumpcap', 1), run('dumpcap', 2, 40), run('dumpcap', 3, 90));
  assert.deepEqual(
    verdicts(STEPS, runs).map((v) => v.result),
    ['PASS', 'PASS'],
  );
  // Trawl loses at 100k where dumpcap does not.
  runs = [run('trawl', 0), run('trawl', 1, 1), run('trawl', 2, 30), run('trawl', 3, 90), run('dumpcap', 0), run('dumpcap', 1), run('dumpcap', 2, 1), run('dumpcap', 3, 9)];
  const [first, second] = verdicts(STEPS, runs);
  assert.equal(first.result, 'MISS');
  assert.match(first.detail, /at 100,000 pps$/);
  assert.equal(second.result, 'MISS');
  assert.equal(second.detail, 'Trawl 25,000 pps (achieved 25,000 pps), dumpcap 100,000 pps (achieved 100,000 pps)');
  // Both clean everywhere: this machine cannot tell them apart.
  runs = STEPS.flatMap((_, i) => [run('trawl', i), run('dumpcap', i)]);
  assert.deepEqual(
    verdicts(STEPS, runs).map((v) => v.result),
    ['PASS', 'UNDECIDED'],
  );
  // Same maximum, not at the top: not higher, so MISS.
  runs = STEPS.flatMap((_, i) => [run('trawl', i, i === 3 ? 5 : 0), run('dumpcap', i, i === 3 ? 5 : 0)]);
  assert.deepEqual(
    verdicts(STEPS, runs).map((v) => v.result),
    ['PASS', 'MISS'],
  );
});

test('CPU per packet takes off the idle start-and-stop cost, never below zero', () => {
  assert.ok(Math.abs(cpuMicrosPerPacket(run('trawl', 0, 0, { cpuSeconds: 0.6 }), 0.4)! - 200) < 1e-9);
  assert.equal(cpuMicrosPerPacket(run('trawl', 0, 0, { cpuSeconds: 0.3 }), 0.4), 0);
  assert.equal(cpuMicrosPerPacket(run('trawl', 0, 0, { cpuSeconds: null })), null);
  assert.equal(cpuMicrosPerPacket(run('trawl', 0, 1000)), null, 'no packets in the file');
});

test('the tables', () => {
  const runs = [run('trawl', 1), run('dumpcap', 1, 12, { cpuSeconds: null }), run('tcpdump', 1, 0, { dropped: null, error: 'no statistics printed' })];
  assert.equal(
    rateTable(STEPS[1], runs, { trawl: 0.4 }),
    [
      '-- offered: 100,000 pps',
      'tool     achieved pps   sent  in file  dropped    loss  CPU µs/pkt  note',
      '-------  ------------  -----  -------  -------  ------  ----------  ---------------------',
      'trawl         100,000  1,000    1,000        0  0.00 %      100.00  lossless',
      'dumpcap       100,000  1,000      988       12  1.20 %           —',
      'tcpdump       100,000  1,000    1,000        —  0.00 %      500.00  no statistics printed',
    ].join('\n'),
  );
  const text = summaryText(STEPS, [run('trawl', 0), run('dumpcap', 0, 1)]);
  assert.match(text, /^trawl +25,000 pps \(achieved 25,000 pps\)$/m);
  assert.match(text, /^dumpcap +none \(lost packets at every rate\)$/m);
  assert.match(text, /^no loss wherever dumpcap has none +UNDECIDED +dumpcap lost packets at every rate measured$/m);
});

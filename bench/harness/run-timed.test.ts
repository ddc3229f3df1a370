import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { GNU_TIME, parseGnuTime, runTimed, ToolRunError } from './run-timed';
import { parseVmHwm, peakRssBytes } from './peak-rss';

test('GNU time output: elapsed seconds and KiB, on the last line', () => {
  assert.deepEqual(parseGnuTime('12.34 56789\n'), { elapsedS: 12.34, maxRssKiB: 56789 });
  assert.deepEqual(parseGnuTime('Command exited with non-zero status 1\n0.00 1024'), { elapsedS: 0, maxRssKiB: 1024 });
  assert.equal(parseGnuTime('garbage'), undefined);
});

test('VmHWM from /proc status text', () => {
  assert.equal(parseVmHwm('Name:\tnode\nVmPeak:\t 100 kB\nVmHWM:\t   2048 kB\n'), 2048 * 1024);
  assert.equal(parseVmHwm('Name:\tnode\n'), undefined);
  assert.ok(peakRssBytes() > 1024 * 1024);
});

test('runs a program, with its peak RSS when GNU time is there', { skip: existsSync(GNU_TIME) ? false : `${GNU_TIME} is missing` }, async () => {
  const r = await runTimed(process.execPath, ['-e', 'console.log("hi")']);
  assert.equal(r.stdout, 'hi\n');
  assert.ok(r.peakRssBytes !== null && r.peakRssBytes > 1024 * 1024, `rss ${r.peakRssBytes}`);
  assert.ok(r.wallMs > 0);
});

test('without GNU time the RSS is null and the reason is given', async () => {
  const r = await runTimed(process.execPath, ['-e', ''], { gnuTime: '/nonexistent/time' });
  assert.equal(r.peakRssBytes, null);
  assert.match(r.rssMissing ?? '', /GNU time is missing/);
});

test('a failing program is a ToolRunError with its stderr', async () => {
  await assert.rejects(runTimed(process.execPath, ['-e', 'console.error("boom"); process.exit(3)']), (e: unknown) => {
    assert.ok(e instanceof ToolRunError);
    assert.equal(e.exitCode, 3);
    assert.match(e.stderrTail, /boom/);
    return true;
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadRequestError } from '../../core/errors';
import { parseCaptureBenchArgs, parseRates } from './capture-args';

test('defaults, --quick, and explicit choices', () => {
  const d = parseCaptureBenchArgs([]);
  assert.equal(d.packets, 200_000);
  assert.deepEqual(d.steps.map((s) => s.pps), [25000, 50000, 100000, 200000, 400000, 800000, 'top']);
  assert.deepEqual(d.tools, ['trawl', 'dumpcap', 'tcpdump']);
  const q = parseCaptureBenchArgs(['--quick']);
  assert.equal(q.packets, 20_000);
  assert.deepEqual(q.steps.map((s) => s.pps), [50000, 200000, 'top']);
  const e = parseCaptureBenchArgs(['--quick', '--packets', '5_000', '--rates', '1000,top', '--tools', 'tcpdump,trawl']);
  assert.equal(e.packets, 5000);
  assert.deepEqual(e.steps.map((s) => s.pps), [1000, 'top']);
  assert.deepEqual(e.tools, ['trawl', 'tcpdump'], 'always in the report order');
});

test('bad values say what is wrong', () => {
  const bad: [string[], RegExp][] = [
    [['--packets', '50'], /--packets needs a whole number of at least 100, not "50"/],
    [['--packets', 'many'], /not "many"/],
    [['--tools', 'wireshark'], /unknown tool "wireshark"/],
    [['--rates', '100,50'], /--rates must rise: 50 comes after 100/],
    [['--rates', 'top,100'], /"top" .* must come last/],
    [['--rates', '10k'], /"10k" is not a rate/],
  ];
  for (const [args, message] of bad) assert.throws(() => parseCaptureBenchArgs(args), (e: unknown) => e instanceof BadRequestError && message.test(e.message), args.join(' '));
  assert.throws(() => parseCaptureBenchArgs(['--fast']), /Unknown option '--fast'/);
  assert.deepEqual(parseRates('top'), [{ pps: 'top' }]);
});

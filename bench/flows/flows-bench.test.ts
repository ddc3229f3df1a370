import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tsharkConvTotals } from './flows-bench';

test("tshark's conv,tcp table is read row by row, with sizes in bytes or kB", () => {
  const text = [
    '================================================================================',
    'TCP Conversations',
    'Filter:<No Filter>',
    '                                                           |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |',
    '                                                           | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |',
    '127.0.0.1:38713            <-> 127.0.0.1:443                   17 11 kB          20 4623 bytes      37 16 kB         0.000000000        12.3684',
    '127.0.0.1:38714            <-> 127.0.0.1:443                    8 4420 bytes      13 3118 bytes      21 7538 bytes     2.964572000         6.3728',
    '================================================================================',
  ].join('\n');
  assert.deepEqual(tsharkConvTotals(text), { conversations: 2, packets: 58 });
});

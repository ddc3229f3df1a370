import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowsPage } from '../../core/api';
import { findRowOfPacket } from './find-row';

function view(numbers: number[]) {
  let calls = 0;
  const fetch = async (from: number, count: number): Promise<RowsPage> => {
    calls++;
    const slice = numbers.slice(from, from + count);
    return {
      sessionId: 's',
      view: 'v',
      from,
      numbers: Uint32Array.from(slice),
      relTimes: new Float64Array(slice.length),
      lengths: new Uint32Array(slice.length),
      malformed: new Uint8Array(slice.length),
      text: slice.flatMap(() => ['', '', '', '']),
    };
  };
  return { fetch, calls: () => calls };
}

test('finds a packet by binary search, or says it is not shown', async () => {
  const numbers = Array.from({ length: 1000 }, (_, i) => i * 3 + 2);
  const v = view(numbers);
  assert.equal(await findRowOfPacket(v.fetch, numbers.length, 2), 0);
  assert.equal(await findRowOfPacket(v.fetch, numbers.length, 2999), 999);
  assert.equal(await findRowOfPacket(v.fetch, numbers.length, 302), 100);
  const before = v.calls();
  assert.equal(await findRowOfPacket(v.fetch, numbers.length, 303), null);
  assert.ok(v.calls() - before <= 11, 'about log2(n) requests');
  assert.equal(await findRowOfPacket(v.fetch, 0, 2), null, 'an empty view');
  assert.equal(await findRowOfPacket(v.fetch, 5000, 2999), 999, 'a row count larger than the view');
});

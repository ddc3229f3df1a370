import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FilterError } from '../../errors';
import { createSession } from './session';

test('scratch slots are handed out round-robin and run out with too-complex', () => {
  const s = createSession({ linkType: 1, snaplen: 262144 });
  assert.equal(s.allocScratch(), 0);
  assert.equal(s.allocScratch(), 1);
  s.freeScratch(0);
  // libpcap's alloc_reg continues from the last slot handed out, not from the lowest free one.
  assert.equal(s.allocScratch(), 2);
  for (let i = 3; i < 16; i++) assert.equal(s.allocScratch(), i);
  assert.equal(s.allocScratch(), 0);
  assert.throws(() => s.allocScratch([3, 7]), (e: unknown) =>
    e instanceof FilterError && e.code === 'too-complex' && e.span[0] === 3 && e.span[1] === 7);
});

test('a variable register gets one slot on first use; only slotOf registers go to the prologue', () => {
  const s = createSession({ linkType: 127, snaplen: 100 });
  const linkpl = { name: 'linkpl' };
  const inline = { name: 'geneve-linkpl' };
  assert.equal(s.inlineSlot(inline), 0);
  assert.equal(s.slotOf(linkpl), 1);
  assert.equal(s.slotOf(linkpl), 1);
  assert.equal(s.slotOf(inline), 0);
  assert.deepEqual([...s.prologueRegs()], [[linkpl, 1]]);
});

test('freeing a slot that is not allocated is an internal error', () => {
  const s = createSession({ linkType: 1, snaplen: 100 });
  assert.throws(() => s.freeScratch(4), /not allocated/);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WriteBuffer } from './write-buffer';

describe('WriteBuffer', () => {
  it('gathers pieces in order and empties on take', () => {
    const w = new WriteBuffer(8);
    w.add(Uint8Array.of(1, 2, 3));
    w.add(Uint8Array.of(4, 5));
    assert.equal(w.length, 5);
    assert.deepEqual([...w.take()], [1, 2, 3, 4, 5]);
    assert.equal(w.length, 0);
    w.add(Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9));
    assert.deepEqual([...w.take()], [9, 9, 9, 9, 9, 9, 9, 9]);
  });

  it('refuses what does not fit, keeping what it holds', () => {
    const w = new WriteBuffer(4);
    w.add(Uint8Array.of(1, 2, 3));
    assert.throws(() => w.add(Uint8Array.of(4, 5)), /2 bytes do not fit the write buffer \(1 free\)/);
    assert.deepEqual([...w.take()], [1, 2, 3]);
  });
});

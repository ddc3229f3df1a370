import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialFacts, resetFacts, type PacketFacts } from './context';

test('resetFacts puts every fact back to initialFacts(), including facts added later', () => {
  const f = initialFacts();
  const w = f as unknown as Record<string, unknown>;
  // Change every fact, whatever its type, so a fact resetFacts forgets stays changed.
  for (const key of Object.keys(w)) {
    const v = w[key];
    w[key] = typeof v === 'number' ? v + 7 : typeof v === 'boolean' ? !v : v instanceof Uint8Array ? new Uint8Array([1, 2, 3, 4]) : 'changed';
  }
  assert.notDeepEqual(f, initialFacts());
  resetFacts(f);
  assert.deepEqual(f, initialFacts() satisfies PacketFacts);
});

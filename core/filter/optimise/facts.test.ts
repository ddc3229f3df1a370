import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, intersect, withFact, type Facts } from './facts';
import { ValueTable } from './values';

test('ranges, equalities and bit tests settle later branches', () => {
  const t = new ValueTable();
  const a = t.vn('abs8:12');
  const k = (n: number): number => t.constVn(n);
  let f: Facts = new Map();
  f = withFact(f, { a, op: 'jgt', o: k(100), taken: true });
  assert.equal(decide(t, f, a, 'jge', k(50)), true);
  assert.equal(decide(t, f, a, 'jeq', k(7)), false);
  assert.equal(decide(t, f, a, 'jgt', k(200)), undefined);
  const eq = withFact(new Map(), { a, op: 'jeq', o: k(0x800), taken: true });
  assert.equal(decide(t, eq, a, 'jeq', k(0x86dd)), false);
  assert.equal(decide(t, eq, a, 'jset', k(0x800)), true);
  const clear = withFact(new Map(), { a, op: 'jset', o: k(0x1fff), taken: false });
  assert.equal(decide(t, clear, a, 'jset', k(0x10)), false);
  assert.equal(decide(t, clear, a, 'jeq', k(0x11)), false);
});

test('only facts on every incoming edge survive a merge', () => {
  const t = new ValueTable();
  const a = t.vn('len');
  const f1 = withFact(new Map(), { a, op: 'jeq', o: t.constVn(1), taken: false });
  const f2 = withFact(f1, { a, op: 'jeq', o: t.constVn(2), taken: false });
  assert.equal(intersect([f1, f2]).size, 1);
});

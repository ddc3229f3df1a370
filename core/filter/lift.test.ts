import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cfg, reachableBlocks } from './ir';
import { LiftError, liftProgram } from './lift';
import { printIr } from './ir-print';

// tcpdump -y EN10MB -O -ddd ip
const IP = [
  { code: 0x28, jt: 0, jf: 0, k: 12 },
  { code: 0x15, jt: 0, jf: 1, k: 0x800 },
  { code: 0x06, jt: 0, jf: 0, k: 262144 },
  { code: 0x06, jt: 0, jf: 0, k: 0 },
];

test('splits at jump targets and after jumps', () => {
  const entry = liftProgram(IP, new Cfg());
  assert.equal(reachableBlocks(entry).length, 3);
  assert.equal(printIr(entry), 'B0:\n  ldh [12]\n  jeq #0x800 → B1 / B2\nB1:\n  ret #262144\nB2:\n  ret #0\n');
});

test('ja and a fall into a jump target become gotos', () => {
  const prog = [
    { code: 0x00, jt: 0, jf: 0, k: 1 }, // ld #1
    { code: 0x05, jt: 0, jf: 0, k: 1 }, // ja +1
    { code: 0x06, jt: 0, jf: 0, k: 0 },
    { code: 0x04, jt: 0, jf: 0, k: 1 }, // add #1 (a jump target)
    { code: 0x16, jt: 0, jf: 0, k: 0 }, // ret a
  ];
  const prog2 = [
    { code: 0x00, jt: 0, jf: 0, k: 1 }, // ld #1
    { code: 0x15, jt: 0, jf: 1, k: 0 }, // jeq #0
    { code: 0x04, jt: 0, jf: 0, k: 1 }, // add #1, falls into a jump target
    { code: 0x16, jt: 0, jf: 0, k: 0 }, // ret a
  ];
  const text = printIr(liftProgram(prog, new Cfg()));
  assert.match(text, /ja → B2/);
  assert.match(printIr(liftProgram(prog2, new Cfg())), /add #0x1\n  ja → B2\n/);
});

test('a backward or out-of-range jump is a LiftError naming the instruction', () => {
  assert.throws(() => liftProgram([{ code: 0x05, jt: 0, jf: 0, k: 0xffffffff }], new Cfg()), (e: unknown) => e instanceof LiftError && e.index === 0);
  assert.throws(() => liftProgram([{ code: 0x00, jt: 0, jf: 0, k: 0 }], new Cfg()), LiftError);
});

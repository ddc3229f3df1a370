import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assemble, decode, isKnownCode, type Insn } from './insn';
import { BPF_MAXINSNS, type RawInsn } from './opcodes';
import { BpfValidationError, validate, type BpfRule } from './validate';
import { prng, straightInsn, validProgram, type Rng } from './test/gen';

function rejection(prog: readonly RawInsn[]): BpfValidationError | undefined {
  try {
    validate(prog);
    return undefined;
  } catch (e) {
    if (e instanceof BpfValidationError) return e;
    throw e;
  }
}

const ret = (k = 1): RawInsn => assemble({ kind: 'ret-k', val: k });
const A = (...insns: Insn[]): RawInsn[] => insns.map(assemble);

/**
 * The kernel's scratch-memory rule stated as dataflow rather than as its one-pass loop: the words
 * valid on entry to pc are the AND over its predecessors (pc - 1 unless that is a jump, which includes
 * a `ret`; and every jump that targets pc); no predecessor means all valid, except at pc 0.
 */
function firstUninitLoad(prog: readonly RawInsn[]): number {
  const insns = prog.map(decode);
  const out: number[] = [];
  const isJump = (i: Insn): boolean => i.kind === 'ja' || i.kind === 'jcond-k' || i.kind === 'jcond-x';
  for (let pc = 0; pc < insns.length; pc++) {
    const preds: number[] = [];
    if (pc > 0 && !isJump(insns[pc - 1])) preds.push(pc - 1);
    insns.forEach((j, from) => {
      if (j.kind === 'ja' && from + 1 + j.skip === pc) preds.push(from);
      if ((j.kind === 'jcond-k' || j.kind === 'jcond-x') && (from + 1 + j.skipTrue === pc || from + 1 + j.skipFalse === pc)) preds.push(from);
    });
    let valid = pc === 0 ? 0 : preds.reduce((m, p) => m & out[p], 0xffff);
    const i = insns[pc];
    if ((i.kind === 'ld-mem' || i.kind === 'ldx-mem') && (valid & (1 << i.slot)) === 0) return pc;
    if (i.kind === 'st' || i.kind === 'stx') valid |= 1 << i.slot;
    out.push(valid);
  }
  return -1;
}

test('tcpdump-shaped programs and edge cases the kernel accepts', () => {
  for (const prog of [
    [ret(0)],
    A({ kind: 'ld-abs', size: 4, off: 0xfffff000 }, { kind: 'ret-a' }), // ancillary load
    A({ kind: 'ld-abs', size: 1, off: 0xffffffff }, { kind: 'ret-a' }), // any k (see validate.ts)
    A({ kind: 'alu-k', op: 'lsh', val: 31 }, { kind: 'alu-k', op: 'div', val: 1 }, { kind: 'ret-a' }),
    A({ kind: 'st', slot: 15 }, { kind: 'ld-mem', slot: 15 }, { kind: 'ret-a' }),
    // A load after a jump that nobody jumps to starts from "all valid", as in the kernel.
    A({ kind: 'ja', skip: 1 }, { kind: 'ld-mem', slot: 3 }, { kind: 'ret-a' }),
    Array.from({ length: BPF_MAXINSNS }, () => ret()),
    A({ kind: 'jcond-k', cond: 'jeq', val: 1, skipTrue: 0, skipFalse: 0 }, { kind: 'ret-k', val: 1 }),
  ]) {
    assert.equal(rejection(prog)?.message, undefined);
  }
});

test('rejections name the instruction and the rule', () => {
  const cases: [RawInsn[], number, BpfRule, string][] = [
    [[], -1, 'length', 'the program is empty: it needs at least a return instruction'],
    [Array.from({ length: BPF_MAXINSNS + 1 }, () => ret()), -1, 'length', "the program has 4097 instructions, more than the kernel's limit of 4096"],
    [[{ code: 0x08, jt: 0, jf: 0, k: 0 }, ret()], 0, 'opcode', 'instruction 0: opcode 0x8 is not a classic BPF instruction the kernel accepts'],
    [A({ kind: 'alu-k', op: 'mod', val: 0 }, { kind: 'ret-a' }), 0, 'div-zero', 'instruction 0: modulo by the constant 0'],
    [A({ kind: 'ld-imm', val: 1 }, { kind: 'alu-k', op: 'rsh', val: 32 }, { kind: 'ret-a' }), 1, 'shift', 'instruction 1: shift by the constant 32; a shift count must be below 32'],
    [A({ kind: 'stx', slot: 16 }, { kind: 'ret-a' }), 0, 'scratch-index', 'instruction 0: scratch memory index 16 is out of range (M[0] to M[15])'],
    [A({ kind: 'ja', skip: 1 }, { kind: 'ret-a' }), 0, 'jump-range', 'instruction 0: jump target 2 is past the end of the program (length 2)'],
    [A({ kind: 'jcond-x', cond: 'jset', skipTrue: 0, skipFalse: 200 }, { kind: 'ret-a' }), 0, 'jump-range', 'instruction 0: false jump target 201 is past the end of the program (length 2)'],
    [A({ kind: 'ret-a' }, { kind: 'tax' }), 1, 'last-not-ret', 'instruction 1: the last instruction must be a return (ret), so no path runs off the end'],
    [A({ kind: 'jcond-k', cond: 'jeq', val: 0, skipTrue: 0, skipFalse: 1 }, { kind: 'st', slot: 2 }, { kind: 'ld-mem', slot: 2 }, { kind: 'ret-a' }),
      2, 'scratch-uninit', 'instruction 2: loads M[2], which is not stored on every path to this instruction'],
    // A ret does not reset the mask: the kernel rejects this unreachable load.
    [A({ kind: 'ret-a' }, { kind: 'ldx-mem', slot: 0 }, { kind: 'ret-a' }), 1, 'scratch-uninit', 'instruction 1: loads M[0], which is not stored on every path to this instruction'],
  ];
  for (const [prog, index, rule, message] of cases) {
    const e = rejection(prog);
    assert.ok(e, message);
    assert.deepEqual([e.index, e.rule, e.code, e.message, e.data], [index, rule, 'bpf-invalid', message, { index, rule }]);
  }
});

/** Breaks one rule at `pc` of a valid program by replacing that instruction. */
function breakOne(r: Rng, prog: RawInsn[]): { prog: RawInsn[]; index: number; rule: BpfRule } {
  const len = prog.length;
  const rule = r.pick<BpfRule>(['opcode', 'div-zero', 'shift', 'scratch-index', 'jump-range', 'last-not-ret', 'scratch-uninit']);
  const out = prog.slice();
  if (rule === 'last-not-ret') {
    out[len - 1] = assemble(straightInsn(r, false));
    return { prog: out, index: len - 1, rule };
  }
  if (rule === 'scratch-uninit') {
    // No stores anywhere, then a load: the first load is reported.
    const insns = out.map(decode).map((i): Insn => (i.kind === 'st' || i.kind === 'stx' || i.kind === 'ld-mem' || i.kind === 'ldx-mem' ? { kind: 'txa' } : i));
    const pc = r.int(len);
    insns.splice(pc, 0, { kind: r.pick(['ld-mem', 'ldx-mem'] as const), slot: r.int(16) });
    // Keep jumps over the insertion point in range: retarget each to stay below the new end.
    const fixed = insns.map((i, at): Insn => {
      const room = insns.length - at - 2;
      if (i.kind === 'ja') return { ...i, skip: Math.min(i.skip, Math.max(room, 0)) };
      if (i.kind === 'jcond-k' || i.kind === 'jcond-x') return { ...i, skipTrue: Math.min(i.skipTrue, room), skipFalse: Math.min(i.skipFalse, room) };
      return i;
    });
    const raw = fixed.map(assemble);
    const index = firstUninitLoad(raw);
    // A load in code only reachable as "all valid" (after an untargeted jump) is accepted; then load first.
    if (index < 0) return { prog: [assemble({ kind: 'ld-mem', slot: r.int(16) }), ...raw.slice(1)], index: 0, rule };
    return { prog: raw, index, rule };
  }
  const pc = len === 1 ? 0 : r.int(len - 1);
  const room = len - pc - 1; // smallest skip that is out of range
  let bad: RawInsn;
  switch (rule) {
    case 'opcode': {
      let code = r.int(0x10000);
      while (isKnownCode(code)) code = r.chance(0.5) ? r.int(0x100) : r.int(0x10000);
      bad = { code, jt: r.int(256), jf: r.int(256), k: r.u32() };
      break;
    }
    case 'div-zero': bad = assemble({ kind: 'alu-k', op: r.pick(['div', 'mod'] as const), val: 0 }); break;
    case 'shift': bad = assemble({ kind: 'alu-k', op: r.pick(['lsh', 'rsh'] as const), val: 32 + r.int(2000) }); break;
    case 'scratch-index': bad = assemble({ kind: r.pick(['ld-mem', 'ldx-mem', 'st', 'stx'] as const), slot: r.chance(0.5) ? 16 : 16 + r.u32() % 0xfffffff0 }); break;
    default: {
      const far = room + r.int(Math.max(1, 256 - room));
      bad = r.chance(0.3) ? assemble({ kind: 'ja', skip: r.chance(0.5) ? room : room + r.u32() % 1000 })
        : r.chance(0.5) ? assemble({ kind: 'jcond-k', cond: 'jgt', val: 1, skipTrue: Math.min(far, 255), skipFalse: 0 })
          : assemble({ kind: 'jcond-x', cond: 'jeq', skipTrue: 0, skipFalse: Math.min(far, 255) });
      if (room > 255 && bad.code !== 0x05) bad = assemble({ kind: 'ja', skip: room });
    }
  }
  out[pc] = bad;
  return { prog: out, index: pc, rule };
}

test('random valid programs pass; breaking one rule is reported at its instruction', () => {
  const r = prng(0xb9f);
  for (let i = 0; i < 3000; i++) {
    const prog = validProgram(r);
    assert.equal(rejection(prog)?.message, undefined, `valid program ${i}`);
    const broken = breakOne(r, prog);
    const e = rejection(broken.prog);
    assert.ok(e, `program ${i} with ${broken.rule} broken`);
    assert.deepEqual([e.rule, e.index], [broken.rule, broken.index], `program ${i}: ${e.message}`);
  }
});

test('scratch memory: the validator agrees with the dataflow statement of the rule', () => {
  const r = prng(77);
  let rejected = 0;
  for (let i = 0; i < 3000; i++) {
    const insns = validProgram(r, 16).map(decode);
    // Sprinkle stores and loads anywhere (slots 0-3), keeping every other rule intact.
    const prog = insns.map((insn, pc): RawInsn => {
      if (pc === insns.length - 1 || insn.kind.startsWith('j') || !r.chance(0.4)) return assemble(insn);
      return assemble({ kind: r.pick(['st', 'stx', 'ld-mem', 'ldx-mem'] as const), slot: r.int(4) });
    });
    const want = firstUninitLoad(prog);
    const e = rejection(prog);
    assert.equal(e?.index ?? -1, want, `program ${i}: ${e?.message}`);
    if (e) rejected++;
  }
  assert.ok(rejected > 300 && rejected < 2700, `both outcomes are exercised (${rejected} rejected)`);
});

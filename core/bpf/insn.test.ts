import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assemble, decode, isKnownCode } from './insn';

test('decode never fails; every known code round-trips through assemble', () => {
  let known = 0;
  for (let code = 0; code <= 0xffff; code++) {
    const raw = { code, jt: 3, jf: 4, k: 0xfffffff0 };
    const insn = decode(raw);
    assert.equal(insn.kind === 'unknown', !isKnownCode(code));
    if (insn.kind === 'unknown') {
      assert.deepEqual(assemble(insn), raw);
      continue;
    }
    known++;
    const back = assemble(insn);
    assert.equal(back.code, code);
    assert.deepEqual(decode(back), insn);
  }
  assert.equal(known, 49, "Linux's chk_code_allowed table has 49 opcodes");
});

test('assemble writes struct sock_filter fields', () => {
  assert.deepEqual(assemble({ kind: 'jcond-k', cond: 'jeq', val: 0x800, skipTrue: 0, skipFalse: 3 }), { code: 0x15, jt: 0, jf: 3, k: 0x800 });
  assert.deepEqual(assemble({ kind: 'ldx-msh', off: 14 }), { code: 0xb1, jt: 0, jf: 0, k: 14 });
  assert.deepEqual(assemble({ kind: 'ld-ind', size: 2, off: 16 }), { code: 0x48, jt: 0, jf: 0, k: 16 });
  assert.deepEqual(assemble({ kind: 'ret-k', val: -1 }), { code: 0x06, jt: 0, jf: 0, k: 0xffffffff });
});

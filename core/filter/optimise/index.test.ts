import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codegen } from '../codegen';
import { Cfg } from '../ir';
import { liftProgram } from '../lift';
import { PASSES, optimize } from './index';
import { assertPreserves, loadCases } from './test/harness';
import { libpcapProgram } from './test/tcpdump';

test('all passes together keep the meaning of libpcap programs', () => {
  assertPreserves(PASSES, loadCases());
});

test('tcp port 80 comes out as libpcap optimises it (20 instructions)', () => {
  const unopt = libpcapProgram('EN10MB', 'tcp port 80', true)!;
  const cfg = new Cfg();
  const names: string[] = [];
  const code = codegen(optimize(cfg, liftProgram(unopt, cfg), { onPass: (p) => names.push(p.name) }));
  assert.equal(code.length, libpcapProgram('EN10MB', 'tcp port 80', false)!.length);
  assert.ok(names.includes('thread-jumps') && names.includes('fold-values'));
});

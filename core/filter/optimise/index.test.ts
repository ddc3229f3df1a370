import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codegen } from '../codegen';
import { Cfg } from '../ir';
import { liftProgram } from '../lift';
import { PASSES, hasCycle, optimize } from './index';
import { G, S } from './test/build';
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

test('a graph with a loop is left as it is', () => {
  const g = new G();
  const loop = g.br([S.ldb(0)], 'jeq', 1, g.ret(1), g.ret(0));
  const back = g.go([S.addK(1)], loop);
  if (loop.exit.kind === 'branch') loop.exit.jt = back;
  assert.equal(hasCycle(loop), true);
  assert.equal(optimize(g.cfg, loop), loop);
  assert.deepEqual(back.stmts, [S.addK(1)]);
});

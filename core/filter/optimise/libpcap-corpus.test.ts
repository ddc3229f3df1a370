/**
 * The optimiser against libpcap on a deterministic sample of shared/filters/accepted.tsv: lift
 * libpcap's unoptimised program, optimise, generate code; the result must give every packet the
 * verdict libpcap's optimised program gives, and be no longer. (The whole corpus:
 * `npx tsx scripts/optimiser-size-study.ts`.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHARED_DIR } from '../../../scripts/shared-captures';
import { codegen } from '../codegen';
import { Cfg } from '../ir';
import { evalIr } from '../ir-eval';
import { LiftError, liftProgram } from '../lift';
import { optimize } from './index';
import { assertTcpdump, libpcapProgram, packetsFor, readAccepted } from './test/tcpdump';

const SAMPLE = 60;

test('on a sample of libpcap filters: same verdicts as libpcap, never longer', () => {
  assertTcpdump();
  const rows = readAccepted(SHARED_DIR);
  const step = Math.max(1, Math.floor(rows.length / SAMPLE));
  const sample = rows.filter((_, i) => i % step === 0).slice(0, SAMPLE);
  let checked = 0;
  let bothWays = 0;
  for (const [i, r] of sample.entries()) {
    const unopt = libpcapProgram(r.linktype, r.expr, true);
    const theirs = libpcapProgram(r.linktype, r.expr, false);
    if (!unopt || !theirs) continue; // this tcpdump rejects it
    const cfg = new Cfg();
    let lifted;
    try {
      lifted = liftProgram(unopt, cfg);
    } catch (e) {
      if (e instanceof LiftError) continue; // libpcap's program loops (protochain): not ours to optimise
      throw e;
    }
    const ours = codegen(optimize(cfg, lifted));
    assert.ok(ours.length <= theirs.length, `${r.expr} (${r.linktype}): ${ours.length} instructions vs libpcap's ${theirs.length}`);
    const mine = liftProgram(ours, cfg);
    const ref = liftProgram(theirs, cfg);
    const verdicts = new Set<boolean>();
    for (const p of packetsFor([unopt, theirs], 150, 7 + i)) {
      const want = evalIr(ref, p);
      assert.equal(evalIr(mine, p), want, `${r.expr} (${r.linktype}): verdict differs on a ${p.data.length}-byte packet`);
      verdicts.add(want !== 0);
    }
    checked++;
    if (verdicts.size === 2) bothWays++;
  }
  assert.ok(checked >= SAMPLE * 0.8, `only ${checked} filters checked`);
  assert.ok(bothWays >= checked / 2, `packets reach both verdicts on only ${bothWays} of ${checked} filters`);
});

/**
 * Size study: for every expression in shared/filters/accepted.tsv, lift libpcap's unoptimised
 * program (`tcpdump -O -ddd`), run Trawl's optimiser and codegen, and compare instruction counts
 * with libpcap's optimised program (the `insns` column and this machine's `tcpdump -ddd`).
 *   npx tsx scripts/optimiser-size-study.ts [--worst N] [--filter SUBSTRING]
 */
import { SHARED_DIR } from './shared-captures';
import { Cfg } from '../core/filter/ir';
import { LiftError, liftProgram } from '../core/filter/lift';
import { optimize } from '../core/filter/optimise/index';
import { codegen } from '../core/filter/codegen';
import { assertTcpdump, libpcapProgram, readAccepted } from '../core/filter/optimise/test/tcpdump';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const worstN = Number(opt('--worst') ?? 15);
const only = opt('--filter');

assertTcpdump();
const rows = readAccepted(SHARED_DIR).filter((r) => !only || r.expr.includes(only));
let smaller = 0, equal = 0, larger = 0, skipped = 0, loops = 0, failed = 0;
let colSmaller = 0, colEqual = 0, colLarger = 0;
let oursTotal = 0, theirsTotal = 0;
const diffs: { expr: string; lt: string; ours: number; theirs: number }[] = [];
for (const r of rows) {
  const unopt = libpcapProgram(r.linktype, r.expr, true);
  const optd = libpcapProgram(r.linktype, r.expr, false);
  if (!unopt || !optd) { skipped++; continue; }
  let ours: number;
  try {
    const cfg = new Cfg();
    ours = codegen(optimize(cfg, liftProgram(unopt, cfg))).length;
  } catch (e) {
    if (e instanceof LiftError) { loops++; continue; } // libpcap's program loops (protochain)
    failed++;
    console.error(`FAILED ${r.linktype} ${r.expr}: ${(e as Error).message}`);
    continue;
  }
  const theirs = optd.length;
  oursTotal += ours; theirsTotal += theirs;
  if (ours < theirs) smaller++; else if (ours === theirs) equal++; else larger++;
  if (ours < r.insns) colSmaller++; else if (ours === r.insns) colEqual++; else colLarger++;
  diffs.push({ expr: r.expr, lt: r.linktype, ours, theirs });
}
console.log(`rows ${rows.length}, skipped: tcpdump rejects here ${skipped}, libpcap's program loops ${loops}; failed ${failed}`);
console.log(`vs tcpdump -ddd here: smaller ${smaller}, equal ${equal}, larger ${larger}  (total ${oursTotal} vs ${theirsTotal})`);
console.log(`vs insns column:      smaller ${colSmaller}, equal ${colEqual}, larger ${colLarger}`);
diffs.sort((a, b) => (b.ours - b.theirs) - (a.ours - a.theirs));
console.log('worst:');
for (const d of diffs.slice(0, worstN)) console.log(`  ${d.ours - d.theirs > 0 ? '+' : ''}${d.ours - d.theirs}\t${d.ours}\t${d.theirs}\t${d.lt}\t${d.expr}`);
console.log('best:');
for (const d of diffs.slice(-5)) console.log(`  ${d.ours - d.theirs}\t${d.ours}\t${d.theirs}\t${d.lt}\t${d.expr}`);

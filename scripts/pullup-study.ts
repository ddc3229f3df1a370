/**
 * Pull-up study: seeded random filters (or/and/not of host, net, port, proto, len and packet-data
 * terms) compiled by Trawl and by libpcap (`tcpdump -y EN10MB -ddd`), run on Ethernet packets of the
 * shared captures, changed copies and cut-short copies: verdicts must agree on every packet; sizes
 * are counted against libpcap's, and against Trawl's without the or/and pull-up passes.
 *   npx tsx scripts/pullup-study.ts [--count N] [--seed S] [--step K] [--show N]
 */
import { CAPTURES_DIR } from './shared-captures';
import { PASSES } from '../core/filter/optimise/index';
import { assertTcpdump } from '../core/filter/optimise/test/tcpdump';
import {
  compare, ethernetCaptures, filterGenerator, packetSet, pools, readPackets, type Comparison,
} from '../core/filter/optimise/test/random-filters';

const argv = process.argv.slice(2);
const opt = (name: string, def: number): number => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const count = opt('--count', 400);
const seed = opt('--seed', 1);
const step = opt('--step', 12);
const showN = opt('--show', 10);

assertTcpdump();
const real = readPackets(ethernetCaptures(CAPTURES_DIR), step);
const packets = packetSet(real, seed, 1500);
const gen = filterGenerator(seed, pools(real));
const baseline = PASSES.filter((p) => p.name !== 'or-pullup' && p.name !== 'and-pullup');
console.log(`${real.length} real packets, ${packets.length} with changed and cut-short copies; ${count} filters (seed ${seed})`);

const results: Comparison[] = [];
const seen = new Set<string>();
let rejected = 0;
const t0 = performance.now();
for (let i = 0; results.length + rejected < count && i < count * 20; i++) {
  const expr = gen();
  if (seen.has(expr)) continue;
  seen.add(expr);
  const r = compare(expr, packets, seed * 1000 + i, baseline);
  if (r) results.push(r);
  else rejected++;
}
const bad = results.filter((r) => r.differ > 0);
const newBad = bad.filter((r) => r.differBefore === 0);
const tally = (f: (r: Comparison) => number) => ({
  smaller: results.filter((r) => f(r) < 0).length,
  equal: results.filter((r) => f(r) === 0).length,
  larger: results.filter((r) => f(r) > 0).length,
});
const sum = (f: (r: Comparison) => number): number => results.reduce((a, r) => a + f(r), 0);
const now = tally((r) => r.ours - r.theirs);
const was = tally((r) => r.before! - r.theirs);
console.log(`compared ${results.length} filters (${rejected} libpcap rejects skipped) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log(`verdicts: ${results.length - bad.length} of ${results.length} filters agree with libpcap on every packet` +
  ` (${sum((r) => r.packets)} packet runs, ${sum((r) => r.accepted)} accepted by libpcap)`);
console.log(`without pull-ups: ${results.filter((r) => r.differBefore === 0).length} of ${results.length} agree; differing only with pull-ups: ${newBad.length}`);
console.log(`sizes vs libpcap, with pull-ups:    smaller ${now.smaller}, equal ${now.equal}, larger ${now.larger}  (total ${sum((r) => r.ours)} vs ${sum((r) => r.theirs)})`);
console.log(`sizes vs libpcap, without pull-ups: smaller ${was.smaller}, equal ${was.equal}, larger ${was.larger}  (total ${sum((r) => r.before!)})`);
const by = tally((r) => r.ours - r.before!);
console.log(`sizes with pull-ups vs without:    smaller ${by.smaller}, equal ${by.equal}, larger ${by.larger}`);
const kinds: Record<string, number> = {};
for (const r of bad) for (const [k, n] of Object.entries(r.differBy)) kinds[k] = (kinds[k] ?? 0) + n;
console.log(`differing packets by kind: ${JSON.stringify(kinds)}`);
for (const r of [...newBad, ...bad.filter((r) => r.differBefore !== 0)].slice(0, showN)) {
  const d = r.firstDiff!;
  console.log(`  DIFFER on ${r.differ} packets ${JSON.stringify(r.differBy)} (without pull-ups ${r.differBefore}): ${r.expr}\n    e.g. ${d.data.length} bytes (wire ${d.wireLen}): ${Buffer.from(d.data.subarray(0, 80)).toString('hex')}`);
}
const larger = results.filter((r) => r.ours > r.theirs).sort((a, b) => b.ours - b.theirs - (a.ours - a.theirs));
for (const r of larger.slice(0, showN)) console.log(`  larger +${r.ours - r.theirs} (${r.ours} vs ${r.theirs}, before ${r.before}): ${r.expr}`);
const worse = results.filter((r) => r.ours > r.before!);
for (const r of worse.slice(0, showN)) console.log(`  larger than without pull-ups (${r.ours} vs ${r.before}, libpcap ${r.theirs}): ${r.expr}`);

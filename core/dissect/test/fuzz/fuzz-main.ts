/**
 * `npm run fuzz`: mutation fuzzing of every dissector over real packets of the shared corpus.
 * Options: --cases N (at least this many, default 1,000,000), --seed S, --per-stack K (seed packets per
 * protocol stack, default 3), --max-ms M (the slowest packet allowed, default 5). Exits 1 on any escaping
 * exception or any case slower than --max-ms (best of three timings), printing how to replay it.
 */
import { truncationLengths } from './mutate';
import { runFuzz } from './run-fuzz';
import { loadSeeds } from './seeds';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) {
    console.error(`${name} takes a non-negative number, got ${JSON.stringify(process.argv[i + 1])}.`);
    process.exit(2);
  }
  return v;
}

const target = arg('--cases', 1_000_000);
const rngSeed = arg('--seed', 1);
const perStack = arg('--per-stack', 3);
const maxMs = arg('--max-ms', 5);

const t0 = performance.now();
const seeds = loadSeeds(perStack);
const truncations = seeds.reduce((n, s) => n + 2 * truncationLengths(s.bytes.length).length, 0);
const randomPerSeed = Math.max(0, Math.ceil((target - truncations) / Math.max(1, seeds.length)));
console.log(`${seeds.length} seed packets (${perStack} per protocol stack) from the shared corpus; ${truncations} truncations + ${randomPerSeed} random mutations per seed.`);
const report = runFuzz({
  seeds,
  randomPerSeed,
  rngSeed,
  progress: (n) => {
    if (n % 100000 === 0) console.log(`  ${n.toLocaleString('en')} cases…`);
  },
});
const secs = (performance.now() - t0) / 1000;
console.log(`${report.cases.toLocaleString('en')} cases in ${secs.toFixed(1)} s: ${JSON.stringify(report.byKind)}`);
console.log(`escaping exceptions: ${report.escapes.length}`);
for (const e of report.escapes.slice(0, 10)) console.log(`  ${e.source} (${e.kind}, origlen ${e.origlen}) ${e.bytesHex}\n    ${e.error.split('\n').slice(0, 4).join('\n    ')}`);
console.log('slowest cases (best of three timings):');
for (const s of report.slowest) console.log(`  ${s.ms.toFixed(3)} ms  ${s.source} ${s.kind} ${s.length} bytes`);
const tooSlow = report.slowest.filter((s) => s.ms > maxMs);
if (tooSlow.length > 0) console.log(`${tooSlow.length} case(s) slower than ${maxMs} ms.`);
process.exit(report.escapes.length > 0 || tooSlow.length > 0 ? 1 : 0);

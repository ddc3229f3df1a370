/**
 * `npm run bench`: makes (or reuses) the benchmark capture in bench/out/, runs every benchmark of
 * benchmarks.ts, prints their tables (or JSON with --json) and writes bench/out/results.json. A report,
 * not a test: a missed target still exits 0; a benchmark that fails to run exits 1.
 * `--trawl-only FILE` / `--trawl-filter FILE` / `--trawl-dissect FILE WORKERS` are the child modes the "open",
 * "filter" and "dissect" benchmarks start to measure Trawl in a fresh process. `capture [OPTIONS]` runs the live-capture benchmark instead
 * (`npm run bench:capture`, bench/capture/capture-bench.ts).
 */
import { writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCHMARKS } from './benchmarks';
import { parseBenchArgs, USAGE, type BenchArgs } from './harness/args';
import { ensureCapture } from './harness/capture-cache';
import { selfCommand } from './harness/context';
import { formatMs, formatReport } from './harness/report';
import type { BenchReport } from './harness/types';
import { warmPageCache } from './harness/warm-cache';
import { measureTrawlOpen } from './open/trawl-open';
import { measureTrawlFilter } from './filter/trawl-filter';
import { measureTrawlDissect } from './dissect/trawl-dissect';
import { GENERATOR_VERSION } from './generate-capture';
import { runCaptureBench } from './capture/capture-bench';
import { BadRequestError } from '../core/errors';

/** The repository, whether running from bench/main.ts or the bundle in dist/node/. */
function repoRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.endsWith(join('dist', 'node')) ? join(here, '..', '..') : join(here, '..');
}

/** bench/out/ of the repository. */
function outDir(): string {
  return join(repoRoot(), 'bench', 'out');
}

async function runAll(args: BenchArgs): Promise<void> {
  const log = (s: string) => (args.json ? process.stderr : process.stdout).write(`${s}\n`);
  const selected = args.only ? BENCHMARKS.filter((b) => args.only?.includes(b.id)) : BENCHMARKS;
  const unknown = (args.only ?? []).filter((id) => !BENCHMARKS.some((b) => b.id === id));
  if (unknown.length > 0) throw new BadRequestError(`Unknown benchmark ${unknown.join(', ')}; there are: ${BENCHMARKS.map((b) => b.id).join(', ')}`);

  const dir = outDir();
  const capture = await ensureCapture(dir, args.packets, args.seed, args.keep);
  log(
    capture.reused
      ? `capture: reusing ${capture.path}`
      : `capture: generated ${capture.path} (generator v${GENERATOR_VERSION}) in ${formatMs(capture.generateMs)}`,
  );
  for (const f of capture.removed) log(`capture: removed older ${f} (use --keep to keep them)`);

  const reports: BenchReport[] = [];
  for (const b of selected) {
    await warmPageCache(capture.path);
    const report = await b.run({ capture, self: selfCommand() });
    reports.push(report);
    log(`\n${formatReport(report)}`);
  }
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, platform: process.platform },
    capture: { path: capture.path, packets: capture.packets, bytes: capture.bytes, seed: capture.seed, generatorVersion: GENERATOR_VERSION },
    reports,
  };
  const file = join(dir, 'results.json');
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  if (args.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  log(`\nresults: ${file}`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // `npm run bench:capture` (bench/capture/): a benchmark of its own (root, network namespaces, live traffic).
  if (argv[0] === 'capture') {
    return runCaptureBench(argv.slice(1), { outDir: outDir(), distNode: join(repoRoot(), 'dist', 'node') });
  }
  // Child mode of the "dissect" benchmark (bench/dissect/): two operands, so it is read before the options.
  if (argv[0] === '--trawl-dissect') {
    const [file, workers] = [argv[1], Number(argv[2])];
    if (file === undefined || !Number.isInteger(workers) || workers < 1) throw new BadRequestError('--trawl-dissect needs FILE and a worker count ≥ 1');
    process.stdout.write(`${JSON.stringify(await measureTrawlDissect(file, workers))}\n`);
    return;
  }
  const args = parseBenchArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.trawlOnly !== undefined) {
    process.stdout.write(`${JSON.stringify(await measureTrawlOpen(args.trawlOnly))}\n`);
    return;
  }
  if (args.trawlFilter !== undefined) {
    process.stdout.write(`${JSON.stringify(await measureTrawlFilter(args.trawlFilter))}\n`);
    return;
  }
  await runAll(args);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
